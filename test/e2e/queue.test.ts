/**
 * #14 past one machine: `batch apply --queue` enqueues one pg-boss job per tenant in a real
 * PostgreSQL and waits; two `voiceform worker` processes (two machines: each its own home) run
 * them; one is killed (SIGKILL) mid-tenant. The other takes its jobs over and resumes each from
 * the journal the dead one left in the database: every tenant converges, applied once, and the
 * report and the history are complete.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { background, ROOT, runCli, waitFor } from '../support/run-cli.js';
import { queryRows as sql, usePostgres } from '../support/postgres.js';

const SMALL = path.join(ROOT, 'samples/small-business.json');
const NAMES = ['t1', 't2', 't3', 't4', 't5', 't6'];

const server = usePostgres();

/** A folder with a manifest of `names`, each tenant a copy of one simulated tenant holding small.json's users. */
function fleetFolder(names: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vf-queue-'));
  mkdirSync(path.join(dir, 'tenants'));
  copyFileSync(SMALL, path.join(dir, 'small.json'));
  expect(
    runCli(['sim', 'init', '--tenant', `sim:tenants/${names[0]}.json`, '--users-from', 'small.json'], { cwd: dir })
      .code,
  ).toBe(0);
  for (const n of names.slice(1))
    copyFileSync(path.join(dir, `tenants/${names[0]}.json`), path.join(dir, `tenants/${n}.json`));
  writeFileSync(
    path.join(dir, 'fleet.json'),
    JSON.stringify({
      apiVersion: 'voiceform/v1',
      kind: 'Fleet',
      tenants: names.map((name) => ({ name, spec: 'small.json', tenant: `sim:tenants/${name}.json` })),
    }),
  );
  return dir;
}

interface Report {
  interrupted: boolean;
  tenants: { name: string; status: string; messages: string[] }[];
}
const readReport = (dir: string, sub: string): Report =>
  JSON.parse(readFileSync(path.join(dir, sub, 'report.json'), 'utf8')) as Report;

describe('batch --queue: jobs never lost, and a batch that can be stopped (#22 item 1)', () => {
  it('a job fetched by a worker that dies before taking it up goes back to the queue within seconds', async () => {
    const url = await server().createDatabase('fleet_fetch_die');
    const dir = fleetFolder(['a1', 'a2']);
    const batch = background(
      ['batch', 'apply', 'fleet.json', '--auto-approve', '--queue', url, '--report-dir', 'report'],
      dir,
      { VOICEFORM_HOME: path.join(dir, 'control') },
    );
    await waitFor(() => /Queued 2 tenant/.test(batch.stderrSoFar()));
    // Dies (SIGKILL, by its own fault hook) right after pg-boss marked its job active.
    const doomed = await background(['worker', '--queue', url, '--concurrency', '1'], dir, {
      VOICEFORM_HOME: path.join(dir, 'machine-a'),
      VOICEFORM_WORKER_FAULTS: 'die-after-fetch',
    });
    expect(doomed.code).toBeNull();
    const orphan = await sql<{ id: string }>(url, `SELECT id::text AS id FROM pgboss.job WHERE state = 'active'`);
    expect(orphan).toHaveLength(1);

    const survivor = background(['worker', '--queue', url, '--concurrency', '2'], dir, {
      VOICEFORM_HOME: path.join(dir, 'machine-b'),
    });
    const done = await batch;
    expect(done.code).toBe(0);
    expect(readReport(dir, 'report').tenants.map((t) => [t.name, t.status])).toEqual([
      ['a1', 'ok'],
      ['a2', 'ok'],
    ]);
    survivor.child.kill('SIGINT');
    const s = await survivor;
    expect(s.stderr).toContain(`Job ${orphan[0]!.id} was fetched by a worker that never took it up`);
  }, 300_000);

  it('Ctrl-C cancels what no worker started; a second Ctrl-C stops waiting with a report; SIGTERM does both', async () => {
    const url = await server().createDatabase('fleet_interrupt');
    const dir = fleetFolder(['b1', 'b2', 'b3']);
    const hold = path.join(dir, 'hold');
    writeFileSync(hold, '');
    // One worker, one job at a time, held in its first tenant write while the file exists.
    const worker = background(['worker', '--queue', url, '--concurrency', '1'], dir, {
      VOICEFORM_HOME: path.join(dir, 'machine-a'),
      VOICEFORM_SIM_FAULTS: `hold-file=${hold}`,
    });
    const batch = background(
      ['batch', 'apply', 'fleet.json', '--auto-approve', '--queue', url, '--report-dir', 'first'],
      dir,
      { VOICEFORM_HOME: path.join(dir, 'control') },
    );
    await waitFor(async () => (await sql(url, 'SELECT 1 FROM voiceform_jobs')).length > 0);
    const [running] = await sql<{ job_key: string; worker: string }>(url, 'SELECT job_key, worker FROM voiceform_jobs');
    const held = running!.job_key.split(':')[1]!;
    batch.child.kill('SIGINT');
    await waitFor(() => /Interrupted: cancelling/.test(batch.stderrSoFar()));
    batch.child.kill('SIGINT');
    const first = await batch;
    expect(first.code).toBe(130);
    expect(first.stderr).toMatch(/Stopped waiting/);
    const report = readReport(dir, 'first');
    expect(report.interrupted).toBe(true);
    expect(report.tenants.map((t) => t.status)).toEqual(['interrupted', 'interrupted', 'interrupted']);
    expect(report.tenants.find((t) => t.name === held)!.messages.join('\n')).toContain(
      `still running on worker ${running!.worker} when the batch stopped waiting`,
    );
    for (const t of report.tenants.filter((x) => x.name !== held))
      expect(t.messages).toEqual(['not started: the batch was interrupted']);
    expect(readFileSync(path.join(dir, 'first/report.html'), 'utf8')).toContain('0 failed, 3 interrupted.');

    // A second batch while the worker is still held: one SIGTERM cancels its jobs and still leaves a report.
    const second = background(
      ['batch', 'apply', 'fleet.json', '--auto-approve', '--queue', url, '--report-dir', 'second'],
      dir,
      { VOICEFORM_HOME: path.join(dir, 'control') },
    );
    await waitFor(() => /Queued 3 tenant/.test(second.stderrSoFar()));
    second.child.kill('SIGTERM');
    const term = await second;
    expect(term.code).toBe(130);
    expect(existsSync(path.join(dir, 'second/report.json'))).toBe(true);
    expect(readReport(dir, 'second').tenants.map((t) => t.status)).toEqual([
      'interrupted',
      'interrupted',
      'interrupted',
    ]);

    // The held tenant still finishes on its worker, which records it.
    rmSync(hold);
    await waitFor(async () => (await sql(url, 'SELECT 1 FROM voiceform_batch_results')).length > 0);
    worker.child.kill('SIGINT');
    await worker;
    expect(
      runCli(['plan', 'small.json', '--tenant', `sim:tenants/${held}.json`, '--detailed-exitcode'], { cwd: dir }).code,
    ).toBe(0);
  }, 300_000);
});

describe('batch --queue with two workers on PostgreSQL', () => {
  it('a worker killed mid-tenant: its jobs are resumed by the other from the database journal; every tenant converges once', async () => {
    const url = await server().createDatabase('fleet_queue');
    const dir = fleetFolder(NAMES);

    // The machine that will die: slow writes, so it is caught mid-tenant.
    const doomed = background(['worker', '--queue', url, '--concurrency', '2'], dir, {
      VOICEFORM_HOME: path.join(dir, 'machine-a'),
      VOICEFORM_SIM_FAULTS: 'latency-ms=250',
    });
    const batch = background(
      ['batch', 'apply', 'fleet.json', '--auto-approve', '--queue', url, '--report-dir', 'report'],
      dir,
      { VOICEFORM_HOME: path.join(dir, 'control') },
    );
    // Killed once one of its tenants has journalled a write to the database.
    await waitFor(
      async () =>
        (
          await sql(
            url,
            `SELECT 1 FROM voiceform_jobs j JOIN voiceform_journals l ON l.job_key = j.job_key WHERE j.worker LIKE $1 AND l.content LIKE '%"type":"outcome"%'`,
            [`%:${doomed.child.pid}`],
          )
        ).length > 0,
    );
    const caught = (
      await sql<{ job_key: string }>(url, 'SELECT job_key FROM voiceform_jobs WHERE worker LIKE $1', [
        `%:${doomed.child.pid}`,
      ])
    ).map((r) => r.job_key.split(':')[1]);
    doomed.child.kill('SIGKILL');
    await doomed;
    expect(caught.length).toBeGreaterThan(0);

    const survivor = background(['worker', '--queue', url, '--concurrency', '2', '--idle-exit', '8'], dir, {
      VOICEFORM_HOME: path.join(dir, 'machine-b'),
    });
    const done = await batch;
    expect(done.stderr).toMatch(/Queued 6 tenant\(s\) as batch/);
    expect(done.code).toBe(0);
    const s = await survivor;
    expect(s.code).toBe(0);
    expect(s.stderr).toMatch(/is gone; .* goes back to the queue/);

    // The report: every tenant applied.
    const report = JSON.parse(readFileSync(path.join(dir, 'report/report.json'), 'utf8')) as {
      tenants: {
        name: string;
        status: string;
        journal: string | null;
        messages: string[];
        summary: { add: number } | null;
        resumedFrom?: string;
      }[];
    };
    expect(report.tenants.map((t) => [t.name, t.status])).toEqual(NAMES.map((n) => [n, 'ok']));
    // A tenant finished by the survivor is reported with the apply's whole plan, and as resumed (#22 item 6).
    const untouched = report.tenants.find((t) => !caught.includes(t.name))!;
    expect(untouched.summary!.add).toBeGreaterThan(0);
    for (const n of caught) {
      const t = report.tenants.find((x) => x.name === n)!;
      expect(t.messages.join('\n')).toMatch(/An earlier attempt stopped partway \(journal .*-apply-.*\): resuming it/);
      expect(t.summary).toEqual(untouched.summary);
      expect(t.resumedFrom).toMatch(/-apply-/);
    }
    // Every tenant converged.
    for (const n of NAMES)
      expect(
        runCli(['plan', 'small.json', '--tenant', `sim:tenants/${n}.json`, '--detailed-exitcode'], { cwd: dir }).code,
      ).toBe(0);
    // Applied once: one apply journal per tenant; each caught tenant finished by a resume of that journal, never a second apply.
    const journals = await sql<{ job_key: string; content: string }>(
      url,
      'SELECT job_key, content FROM voiceform_journals ORDER BY id',
    );
    const modes = (n: string) =>
      journals
        .filter((j) => j.job_key.endsWith(`:${n}`))
        .map((j) => JSON.parse(j.content.split('\n')[0]!).mode as string);
    for (const n of NAMES) expect(modes(n).filter((m) => m === 'apply')).toHaveLength(1);
    for (const n of caught) expect(modes(n)).toEqual(['apply', 'resume']);
    // The history: one record per tenant of the batch, whoever ran it.
    const h = runCli(['history', '--format', 'json', '--database', url], { cwd: dir });
    const runs = JSON.parse(h.stdout) as {
      tenant: string;
      command: string;
      status: string;
      batchId: string;
      summary: unknown;
      message: string | null;
    }[];
    expect(runs.map((r) => r.tenant).sort()).toEqual(NAMES);
    for (const n of caught) {
      const r = runs.find((x) => x.tenant === n)!;
      expect(r.summary).toEqual(untouched.summary);
      expect(r.message).toMatch(/finished the apply of an earlier attempt \(journal .*-apply-/);
    }
    expect(new Set(runs.map((r) => r.batchId)).size).toBe(1);
    expect(runs.every((r) => r.command === 'apply' && r.status === 'ok')).toBe(true);
  }, 300_000);
});
