/**
 * #14: the run-history store — one schema and one set of migrations for the embedded PGlite and a
 * real PostgreSQL (started on 127.0.0.1 for this file), the outbox that keeps the embedded
 * database off the hot path, and the shared database's tenant lock.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbedded, openPostgres, redactUrl, type Database } from '../../src/store/database.js';
import { migrate, MIGRATIONS } from '../../src/store/migrations.js';
import { appendOutbox, drainOutbox } from '../../src/store/outbox.js';
import { insertRuns, listRuns, type RunRecord } from '../../src/store/runs.js';
import { acquireDatabaseLock } from '../../src/store/tenant-lock.js';
import { withStore } from '../../src/store/open-store.js';
import { recordRuns } from '../../src/batch/record-run.js';
import { usePostgres } from '../support/postgres.js';

const server = usePostgres();

let n = 0;
const run = (over: Partial<RunRecord> = {}): RunRecord => ({
  id: `run-${++n}`,
  command: 'apply',
  tenant: 'Contoso',
  tenantId: '2d8c8f0e-5a4b-4c1d-8e7f-9a0b1c2d3e4f',
  batchId: null,
  user: 'alice',
  host: 'build-1',
  startedAt: new Date(Date.UTC(2026, 10, 1, 12, 0, n)).toISOString(),
  finishedAt: new Date(Date.UTC(2026, 10, 1, 12, 1, n)).toISOString(),
  status: 'ok',
  exitCode: 0,
  specHash: 'sha256:abc',
  summary: { add: 3, change: 1, destroy: 0 },
  journal: '/j/1.ndjson',
  message: null,
  ...over,
});

const drivers: [string, () => Promise<Database>][] = [
  ['PGlite (embedded)', async () => openEmbedded(path.join(mkdtempSync(path.join(tmpdir(), 'vf-pgl-')), 'db'))],
  ['PostgreSQL (shared)', async () => openPostgres(await server().createDatabase(`store_${Date.now()}`))],
];

describe.each(drivers)('run history on %s', (_name, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('applies every migration once, in order, and again nothing', async () => {
    expect(await migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await migrate(db)).toEqual([]);
    const rows = await db.query<{ version: number }>('SELECT version FROM voiceform_migrations ORDER BY version');
    expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('refuses a database whose schema is newer than this Voiceform knows', async () => {
    await db.query("INSERT INTO voiceform_migrations (version, name) VALUES (999, 'from the future')");
    await expect(migrate(db)).rejects.toThrow(/schema version 999, newer than this Voiceform knows/);
    await db.query('DELETE FROM voiceform_migrations WHERE version = 999');
  });

  it('keeps runs as written, newest first; a tenant by name or by id; a run inserted twice is kept once', async () => {
    const a = run();
    const b = run({
      tenant: 'Fabrikam',
      tenantId: '11111111-2222-4333-8444-555555555555',
      status: 'rolled-back',
      exitCode: 5,
      message: 'apply failed at voiceRoute["x"]',
      summary: null,
      journal: null,
    });
    const c = run({ command: 'rollback', summary: { add: 0, change: 0, destroy: 3 } });
    await insertRuns(db, [a, b, c]);
    await insertRuns(db, [a]);
    expect(await listRuns(db, { limit: 10 })).toEqual([c, b, a]);
    expect(await listRuns(db, { limit: 1 })).toEqual([c]);
    expect(await listRuns(db, { tenant: 'fabrikam', limit: 10 })).toEqual([b]);
    expect(await listRuns(db, { tenant: a.tenantId!.toUpperCase(), limit: 10 })).toEqual([c, a]);
    expect(await listRuns(db, { tenant: 'nobody', limit: 10 })).toEqual([]);
  });

  it('stores hostile text as data (bound parameters, never SQL text)', async () => {
    const evil = run({ tenant: "x'); DROP TABLE voiceform_runs; --", message: '\u202egnp.exe' });
    await insertRuns(db, [evil]);
    expect(await listRuns(db, { tenant: evil.tenant!, limit: 5 })).toEqual([evil]);
  });
});

describe('the outbox: runs wait beside the home until a command opens the database', () => {
  it('drains the runs of its own database into it, leaves the others, and loses none to a crash halfway', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'vf-outbox-'));
    await appendOutbox(home, 'embedded', [run({ id: 'e1' }), run({ id: 'e2' })]);
    await appendOutbox(home, 'postgres://db.example/x', [run({ id: 's1' })]);
    // A cut last line (a crash mid-write) is skipped, not fatal.
    writeFileSync(
      path.join(home, 'history/outbox.jsonl'),
      `${readFileSync(path.join(home, 'history/outbox.jsonl'), 'utf8')}{"target":"embedded","ru`,
    );
    const got: string[] = [];
    // The first drain dies after inserting: its runs are taken again by the next one.
    await expect(
      drainOutbox(home, 'embedded', async () => Promise.reject(new Error('database went away'))),
    ).rejects.toThrow(/went away/);
    expect(await drainOutbox(home, 'embedded', async (runs) => void got.push(...runs.map((r) => r.id)))).toBe(2);
    expect(got).toEqual(['e1', 'e2']);
    expect(await drainOutbox(home, 'embedded', async (runs) => void got.push(...runs.map((r) => r.id)))).toBe(0);
    const other: string[] = [];
    expect(
      await drainOutbox(home, 'postgres://db.example/x', async (runs) => void other.push(...runs.map((r) => r.id))),
    ).toBe(1);
    expect(other).toEqual(['s1']);
  });

  it('a shared database gets runs at once; one that cannot be reached keeps them for later and says so', async () => {
    const url = await server().createDatabase(`outbox_${Date.now()}`);
    const home = mkdtempSync(path.join(tmpdir(), 'vf-outbox-'));
    const said: string[] = [];
    const io = { err: (t: string) => void said.push(t) };
    await recordRuns({ home, databaseUrl: url }, [run({ id: 'now' })], io);
    const unreachable = 'postgres://postgres:s3cret@127.0.0.1:1/none';
    await recordRuns({ home, databaseUrl: unreachable }, [run({ id: 'later' })], io);
    expect(said.join('\n')).toMatch(/could not record the run in postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/none/);
    expect(said.join('\n')).not.toContain('s3cret');
    expect(readFileSync(path.join(home, 'history/outbox.jsonl'), 'utf8')).not.toContain('s3cret');
    const ids = await withStore({ home, databaseUrl: url }, async (db) =>
      (await listRuns(db, { limit: 10 })).map((r) => r.id),
    );
    expect(ids).toEqual(['now']);
  });
});

describe('the tenant lock in a shared database', () => {
  it('lets one holder at a time (the second is told who holds it), and frees itself when the holder lets go', async () => {
    const url = await server().createDatabase(`lock_${Date.now()}`);
    const release = await acquireDatabaseLock(url, 'aaaa-tenant', 'AAAA-Tenant', 'apply a.json');
    const err = await acquireDatabaseLock(url, 'aaaa-tenant', 'aaaa-tenant', 'apply b.json').catch((e: Error) => e);
    expect(err).toMatchObject({ exitCode: 4 });
    expect((err as Error).message).toMatch(
      new RegExp(`locked in PostgreSQL .* by pid ${process.pid} on .* \\(apply a\\.json\\)`),
    );
    const other = await acquireDatabaseLock(url, 'bbbb-tenant', 'bbbb-tenant', 'apply c.json');
    await other();
    await release();
    const again = await acquireDatabaseLock(url, 'aaaa-tenant', 'aaaa-tenant', 'apply b.json');
    await again();
  });

  it('names a database it cannot reach without its password', () => {
    expect(redactUrl('postgres://u:pw@h:5432/db?sslpassword=x')).toBe('postgres://u:***@h:5432/db?sslpassword=***');
  });
});
