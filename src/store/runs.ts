import type { Database } from './database.js';

/** One plan, apply, rollback or resume, as the run history keeps it. */
export interface RunRecord {
  id: string;
  command: 'plan' | 'apply' | 'rollback' | 'resume';
  /** The fleet entry's name in a batch, else the spec's customer name (or the tenant id). */
  tenant: string | null;
  tenantId: string | null;
  /** Set for the runs of one `voiceform batch`. */
  batchId: string | null;
  user: string;
  host: string;
  startedAt: string;
  finishedAt: string;
  /** ok, changes, invalid, precondition, failed, rolled-back, error (as in batch reports) or interrupted. */
  status: string;
  exitCode: number;
  specHash: string | null;
  summary: { add: number; change: number; destroy: number } | null;
  journal: string | null;
  /** The error's first line, when the run failed. */
  message: string | null;
}

const COLUMNS =
  'id, command, tenant, tenant_id, batch_id, os_user, host, started_at, finished_at, status, exit_code, spec_hash, summary, journal, message';

/** Inserts runs; one already there (an outbox drained twice) is left as it is. */
export async function insertRuns(db: Pick<Database, 'query'>, runs: RunRecord[]): Promise<void> {
  for (const r of runs) {
    await db.query(
      `INSERT INTO voiceform_runs (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT (id) DO NOTHING`,
      [
        r.id,
        r.command,
        r.tenant,
        r.tenantId,
        r.batchId,
        r.user,
        r.host,
        r.startedAt,
        r.finishedAt,
        r.status,
        r.exitCode,
        r.specHash,
        r.summary === null ? null : JSON.stringify(r.summary),
        r.journal,
        r.message,
      ],
    );
  }
}

export interface RunFilter {
  /** A tenant's fleet or customer name, or its id (case-insensitive). */
  tenant?: string;
  limit: number;
}

/** The newest runs first. */
export async function listRuns(db: Pick<Database, 'query'>, filter: RunFilter): Promise<RunRecord[]> {
  const rows = await db.query<Row>(
    `SELECT ${COLUMNS} FROM voiceform_runs WHERE ($1::text IS NULL OR lower(tenant) = lower($1) OR lower(tenant_id) = lower($1)) ORDER BY started_at DESC, id DESC LIMIT $2`,
    [filter.tenant ?? null, filter.limit],
  );
  return rows.map(fromRow);
}

interface Row {
  id: string;
  command: RunRecord['command'];
  tenant: string | null;
  tenant_id: string | null;
  batch_id: string | null;
  os_user: string;
  host: string;
  started_at: Date | string;
  finished_at: Date | string;
  status: string;
  exit_code: number;
  spec_hash: string | null;
  summary: RunRecord['summary'] | string | null;
  journal: string | null;
  message: string | null;
}

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

function fromRow(r: Row): RunRecord {
  return {
    id: r.id,
    command: r.command,
    tenant: r.tenant,
    tenantId: r.tenant_id,
    batchId: r.batch_id,
    user: r.os_user,
    host: r.host,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    status: r.status,
    exitCode: Number(r.exit_code),
    specHash: r.spec_hash,
    summary: typeof r.summary === 'string' ? (JSON.parse(r.summary) as RunRecord['summary']) : r.summary,
    journal: r.journal,
    message: r.message,
  };
}
