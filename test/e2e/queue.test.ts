/**
 * #14 past one machine: `batch apply --queue` enqueues one pg-boss job per tenant in a real
 * PostgreSQL and waits; two `voiceform worker` processes (two machines: each its own home) run
 * them; one is killed (SIGKILL) mid-tenant. The other takes its jobs over and resumes each from
 * the journal the dead one left in the database: every tenant converges, applied once, and the
 * report and the history are complete.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { background, ROOT, runCli, waitFor } from '../support/run-cli.js';
import { queryRows as sql, usePostgres } from '../support/postgres.js';

const SMALL = path.join(ROOT, 'samples/small-business.json');
const NAMES = ['t1', 't2', 't3', 't4', 't5', 't6'];

const server = usePostgres();

describe('batch --queue with two workers on PostgreSQL', () => {
  it('a worker killed mid-tenant: its jobs are resumed by the other from the database journal; every tenant converges once', async () => {
    const url = await server().createDatabase('fleet_queue');
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-queue-'));
    mkdirSync(path.join(dir, 'tenants'));
    copyFileSync(SMALL, path.join(dir, 'small.json'));
    expect(
      runCli(['sim', 'init', '--tenant', 'sim:tenants/t1.json', '--users-from', 'small.json'], { cwd: dir }).code,
    ).toBe(0);
    for (const n of NAMES.slice(1))
      copyFileSync(path.join(dir, 'tenants/t1.json'), path.join(dir, `tenants/${n}.json`));
    writeFileSync(
      path.join(dir, 'fleet.json'),
      JSON.stringify({
        apiVersion: 'voiceform/v1',
        kind: 'Fleet',
        tenants: NAMES.map((name) => ({ name, spec: 'small.json', tenant: `sim:tenants/${name}.json` })),
      }),
    );

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
      tenants: { name: string; status: string; journal: string | null; messages: string[] }[];
    };
    expect(report.tenants.map((t) => [t.name, t.status])).toEqual(NAMES.map((n) => [n, 'ok']));
    for (const n of caught)
      expect(report.tenants.find((t) => t.name === n)!.messages.join('\n')).toMatch(
        /An earlier attempt stopped partway \(journal .*-apply-.*\): resuming it/,
      );
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
    const runs = JSON.parse(h.stdout) as { tenant: string; command: string; status: string; batchId: string }[];
    expect(runs.map((r) => r.tenant).sort()).toEqual(NAMES);
    expect(new Set(runs.map((r) => r.batchId)).size).toBe(1);
    expect(runs.every((r) => r.command === 'apply' && r.status === 'ok')).toBe(true);
  }, 300_000);
});
