import { PreconditionFailed } from '../errors.js';
import type { Database } from './database.js';

/**
 * The schema, as numbered migrations applied once each and in order, the same for PGlite and
 * PostgreSQL. Never edit a migration that has shipped: add the next one.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'run history',
    sql: `
      CREATE TABLE voiceform_runs (
        id text PRIMARY KEY,
        command text NOT NULL,
        tenant text,
        tenant_id text,
        batch_id text,
        os_user text NOT NULL,
        host text NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        status text NOT NULL,
        exit_code integer NOT NULL,
        spec_hash text,
        summary jsonb,
        journal text,
        message text
      );
      CREATE INDEX voiceform_runs_started ON voiceform_runs (started_at DESC);
      CREATE INDEX voiceform_runs_tenant ON voiceform_runs (lower(tenant), started_at DESC);
      CREATE INDEX voiceform_runs_tenant_id ON voiceform_runs (lower(tenant_id), started_at DESC);`,
  },
  {
    version: 2,
    name: 'tenant locks (shared database)',
    sql: `
      CREATE TABLE voiceform_tenant_locks (
        tenant_id text PRIMARY KEY,
        pid integer NOT NULL,
        host text NOT NULL,
        command text NOT NULL,
        since timestamptz NOT NULL
      );`,
  },
  {
    version: 3,
    name: 'fleet queue: journals, jobs and results in the database',
    sql: `
      CREATE TABLE voiceform_journals (
        id text PRIMARY KEY,
        job_key text NOT NULL,
        tenant_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        content text NOT NULL
      );
      CREATE INDEX voiceform_journals_job ON voiceform_journals (job_key, id);
      CREATE TABLE voiceform_jobs (
        job_id text PRIMARY KEY,
        job_key text NOT NULL,
        worker text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE voiceform_batch_results (
        batch_id text NOT NULL,
        tenant text NOT NULL,
        report jsonb NOT NULL,
        plan jsonb,
        PRIMARY KEY (batch_id, tenant)
      );`,
  },
  {
    version: 4,
    name: 'trunk health: samples and alert state',
    sql: `
      CREATE TABLE voiceform_health_samples (
        id bigserial PRIMARY KEY,
        tenant_id text NOT NULL,
        trunk text NOT NULL,
        window_from timestamptz NOT NULL,
        window_to timestamptz NOT NULL,
        calls integer NOT NULL,
        counted integer NOT NULL,
        delivered integer NOT NULL,
        successful integer NOT NULL,
        successful_seconds double precision NOT NULL,
        sbc_failures integer NOT NULL,
        taken_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX voiceform_health_samples_trunk ON voiceform_health_samples (lower(tenant_id), trunk, window_to DESC);
      CREATE TABLE voiceform_health_alerts (
        tenant_id text NOT NULL,
        subject text NOT NULL,
        level text NOT NULL,
        message text NOT NULL,
        changed_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, subject)
      );`,
  },
  {
    version: 5,
    name: 'alert state per destination',
    // '' is the report itself; a webhook is its URL's hash (the URL holds its secret).
    sql: `
      ALTER TABLE voiceform_health_alerts ADD COLUMN destination text NOT NULL DEFAULT '';
      ALTER TABLE voiceform_health_alerts DROP CONSTRAINT voiceform_health_alerts_pkey;
      ALTER TABLE voiceform_health_alerts ADD PRIMARY KEY (tenant_id, destination, subject);`,
  },
];

/** A fixed key for the advisory lock that makes concurrent migrations (two machines starting) take turns. */
const MIGRATION_LOCK = 0x766f6963; // 'voic'

/** Brings the schema up to date; returns the versions applied now. */
export async function migrate(db: Database): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(
      'CREATE TABLE IF NOT EXISTS voiceform_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM voiceform_migrations')).map((r) => Number(r.version)),
    );
    const newer = Math.max(0, ...done);
    const known = Math.max(...MIGRATIONS.map((m) => m.version));
    if (newer > known)
      throw new PreconditionFailed(
        `the database has schema version ${newer}, newer than this Voiceform knows (${known})`,
        'upgrade Voiceform',
      );
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO voiceform_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}
