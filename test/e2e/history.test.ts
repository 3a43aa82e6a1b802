/**
 * #14 run history through the built CLI: every plan, apply, rollback and resume is recorded (the
 * embedded PGlite by default, kept off the hot path by the outbox; a real PostgreSQL with
 * --database), and with a shared database the tenant lock lives there, so two machines (two
 * VOICEFORM_HOMEs, two copies of one tenant) can't apply to one tenant at once.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { background, ROOT, runCli, waitFor } from '../support/run-cli.js';
import { queryRows, usePostgres } from '../support/postgres.js';

const SMALL = path.join(ROOT, 'samples/small-business.json');
const TENANT_ID = '6f1c2a9e-3b4d-4e8f-9a1b-2c3d4e5f6a7b';

interface Run {
  id: string;
  command: string;
  tenant: string | null;
  tenantId: string | null;
  startedAt: string;
  finishedAt: string;
  status: string;
  exitCode: number;
  summary: { add: number; change: number; destroy: number } | null;
  journal: string | null;
  batchId: string | null;
  user: string;
  host: string;
  specHash: string | null;
  message: string | null;
}

const history = (cwd: string, args: string[] = [], env: Record<string, string> = {}): Run[] => {
  const r = runCli(['history', '--format', 'json', ...args], { cwd, env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Run[];
};

describe('run history, embedded (PGlite under VOICEFORM_HOME)', () => {
  it('records plan, apply, rollback and a failed plan, newest first; validate and plan never open the database', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-history-'));
    writeFileSync(
      path.join(dir, 'broken.json'),
      JSON.stringify({
        apiVersion: 'voiceform/v1',
        customer: { name: 'Broken Ltd', tenantId: TENANT_ID, domain: 'x.com' },
        gateways: 'nope',
      }),
    );
    expect(runCli(['sim', 'init', '--users-from', SMALL], { cwd: dir }).code).toBe(0);
    expect(runCli(['validate', SMALL], { cwd: dir }).code).toBe(0);
    expect(runCli(['plan', SMALL], { cwd: dir }).code).toBe(0);
    expect(runCli(['plan', 'broken.json'], { cwd: dir }).code).toBe(3);
    expect(runCli(['apply', SMALL, '--auto-approve'], { cwd: dir }).code).toBe(0);
    expect(runCli(['rollback', '--auto-approve'], { cwd: dir }).code).toBe(0);
    // The commands above only appended to the outbox: the embedded database does not exist yet.
    expect(existsSync(path.join(dir, '.voiceform/history/pglite'))).toBe(false);

    const runs = history(dir);
    expect(existsSync(path.join(dir, '.voiceform/history/pglite'))).toBe(true);
    expect(runs.map((r) => [r.command, r.tenant, r.status, r.exitCode])).toEqual([
      ['rollback', 'Fabrikam Dental', 'ok', 0],
      ['apply', 'Fabrikam Dental', 'ok', 0],
      ['plan', 'Broken Ltd', 'invalid', 3],
      // A plan's status is what it found, not how it exited (no --detailed-exitcode here): #22 item 18.
      ['plan', 'Fabrikam Dental', 'changes', 0],
    ]);
    const [rollback, apply, broken, plan] = runs as [Run, Run, Run, Run];
    for (const r of runs) {
      expect(Object.keys(r).slice(0, 8)).toEqual([
        'id',
        'command',
        'tenant',
        'startedAt',
        'finishedAt',
        'status',
        'summary',
        'journal',
      ]);
      expect(r.tenantId).toBe(TENANT_ID);
      expect(Date.parse(r.finishedAt)).toBeGreaterThanOrEqual(Date.parse(r.startedAt));
      expect(r.user.length).toBeGreaterThan(0);
    }
    expect(plan.summary!.add).toBeGreaterThan(0);
    expect(apply.summary).toEqual(plan.summary);
    expect(apply.specHash).toBe(plan.specHash);
    expect(apply.journal).toMatch(/-apply-.*\.ndjson$/);
    expect(existsSync(apply.journal!)).toBe(true);
    expect(rollback.journal).toMatch(/-rollback-.*\.ndjson$/);
    expect(rollback.summary).toEqual({ add: 0, change: 0, destroy: plan.summary!.add });
    expect(broken.message).toMatch(/broken.json: 1 problem\(s\) in the spec/);
    expect(broken.summary).toBeNull();

    // Drained once: a second look shows the same runs, not twice as many.
    expect(history(dir).map((r) => r.id)).toEqual(runs.map((r) => r.id));
    expect(history(dir, ['--tenant', 'broken ltd']).map((r) => r.id)).toEqual([broken.id]);
    expect(history(dir, ['--limit', '2']).map((r) => r.id)).toEqual([rollback.id, apply.id]);

    // A tenant with no runs is said so, not as if nothing were recorded at all (#22 item 18).
    expect(runCli(['history', '--tenant', 'nobody'], { cwd: dir }).stdout.trim()).toBe(
      'No runs recorded for tenant "nobody".',
    );
    // Counts are digits: `1e3` is refused (exit 3), not read as 1,000.
    expect(runCli(['history', '--limit', '1e3'], { cwd: dir }).code).toBe(3);

    const text = runCli(['history', '--tenant', 'Fabrikam Dental'], { cwd: dir });
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toMatch(/^STARTED \(UTC\)\s+COMMAND\s+TENANT\s+STATUS\s+PLAN\s+TOOK\s+BY$/);
    expect(text.stdout).toMatch(/rollback\s+Fabrikam Dental\s+ok\s+\+0 ~0 -\d+/);
    expect(text.stdout).toContain(`journal ${apply.journal}`);
    expect(runCli(['history', '--limit', '0'], { cwd: dir }).code).toBe(3);
  }, 300_000);
});

describe('with a shared PostgreSQL (--database / VOICEFORM_DATABASE_URL)', () => {
  const server = usePostgres();

  /** Two machines: each its own VOICEFORM_HOME, one tenant (a.json). */
  function twoMachines(): { dir: string; a: Record<string, string>; b: Record<string, string> } {
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-shared-'));
    expect(runCli(['sim', 'init', '--tenant', 'sim:a.json', '--users-from', SMALL], { cwd: dir }).code).toBe(0);
    return { dir, a: { VOICEFORM_HOME: path.join(dir, 'home-a') }, b: { VOICEFORM_HOME: path.join(dir, 'home-b') } };
  }

  const lockRows = async (url: string): Promise<number> =>
    (await queryRows(url, 'SELECT 1 FROM voiceform_tenant_locks')).length;

  it('one tenant, two machines: the second apply is refused naming the holder, and both runs are in the one history', async () => {
    const url = await server().createDatabase('two_machines');
    const { dir, a, b } = twoMachines();
    // The first apply holds its lock, before its first write, until the second has been refused.
    const hold = path.join(dir, 'hold');
    writeFileSync(hold, '');
    const first = background(['apply', SMALL, '--auto-approve', '--tenant', 'sim:a.json', '--database', url], dir, {
      ...a,
      VOICEFORM_SIM_FAULTS: `hold-file=${hold}`,
    });
    await waitFor(async () => (await lockRows(url)) > 0);
    const second = runCli(['apply', SMALL, '--auto-approve', '--tenant', 'sim:a.json'], {
      cwd: dir,
      env: { ...b, VOICEFORM_DATABASE_URL: url },
    });
    rmSync(hold);
    expect(second.code).toBe(4);
    expect(second.stderr).toMatch(
      new RegExp(
        `tenant ${TENANT_ID} is locked in PostgreSQL postgres://postgres@127\\.0\\.0\\.1:\\d+/two_machines by pid ${first.child.pid} on .* \\(apply `,
      ),
    );
    expect((await first).code).toBe(0);
    expect(await lockRows(url)).toBe(0);

    // The database's lock, taken before the one beside the tenant file, is what refused it.
    const runs = history(dir, ['--tenant', 'Fabrikam Dental'], { ...b, VOICEFORM_DATABASE_URL: url });
    expect(runs.map((r) => [r.command, r.status])).toEqual([
      ['apply', 'precondition'],
      ['apply', 'ok'],
    ]);
    expect(runs[0]!.message).toMatch(/is locked in PostgreSQL/);
    // Home b's embedded database never came into it.
    expect(existsSync(path.join(b.VOICEFORM_HOME!, 'history/pglite'))).toBe(false);
  }, 300_000);

  it("a holder killed mid-apply lets go of the lock (its connection ends); another machine applies, and the killed apply's journal is closed by a resume", async () => {
    const url = await server().createDatabase('killed_holder');
    const { dir, a, b } = twoMachines();
    // Held after its first write (never finishing early on a fast machine nor late on a busy one).
    const hold = path.join(dir, 'hold');
    writeFileSync(hold, '');
    const first = background(['apply', SMALL, '--auto-approve', '--tenant', 'sim:a.json', '--database', url], dir, {
      ...a,
      VOICEFORM_SIM_FAULTS: `hold-file=${hold},hold-after=1`,
    });
    // Killed once its first write has reached the tenant (the SBC is there) and the next is held: the apply is halfway.
    // An apply that ended before its first write (refused, failed) is reported with its output, not waited for.
    await waitFor(
      () =>
        first.child.exitCode !== null || readFileSync(path.join(dir, 'a.json'), 'utf8').includes('sbc1.fabrikam.co.uk'),
    );
    expect(first.child.exitCode, first.stderrSoFar()).toBeNull();
    first.child.kill('SIGKILL');
    await first;
    rmSync(hold);
    // Another machine's apply to the tenant goes ahead: the killed holder's lock went with its connection.
    const other = runCli(['apply', SMALL, '--auto-approve', '--tenant', 'sim:a.json', '--database', url], {
      cwd: dir,
      env: b,
    });
    expect(other.stderr).toContain('Apply complete');
    expect(other.code).toBe(0);
    // The killed apply's journal is closed by a resume: the other machine already finished the work.
    const resumed = runCli(['resume', '--auto-approve', '--tenant', 'sim:a.json', '--database', url], {
      cwd: dir,
      env: a,
    });
    expect(resumed.stderr).toMatch(/Nothing to resume/);
    expect(resumed.code).toBe(0);
    expect(runCli(['plan', SMALL, '--tenant', 'sim:a.json', '--detailed-exitcode'], { cwd: dir, env: a }).code).toBe(0);
    const runs = history(dir, [], { ...a, VOICEFORM_DATABASE_URL: url });
    expect(runs.map((r) => r.command)).toEqual(['resume', 'apply']);
    expect(runs[0]!.status).toBe('ok');
  }, 300_000);

  it('batch runs are recorded per tenant under one batch id', () => {
    const url = server().url.replace(/\/postgres$/, '/two_machines');
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-batch-history-'));
    mkdirSync(path.join(dir, 'tenants'));
    // A manifest names files in its own folder (#22 item 7).
    copyFileSync(SMALL, path.join(dir, 'small.json'));
    expect(runCli(['sim', 'init', '--tenant', 'sim:tenants/one.json', '--users-from', SMALL], { cwd: dir }).code).toBe(
      0,
    );
    writeFileSync(
      path.join(dir, 'fleet.json'),
      JSON.stringify({
        apiVersion: 'voiceform/v1',
        kind: 'Fleet',
        tenants: [
          { name: 'one', spec: 'small.json', tenant: 'sim:tenants/one.json' },
          { name: 'two', spec: 'small.json', tenant: 'sim:tenants/missing.json' },
        ],
      }),
    );
    expect(runCli(['batch', 'plan', 'fleet.json', '--database', url], { cwd: dir }).code).toBe(1);
    const runs = history(dir, ['--limit', '2', '--database', url]);
    expect(runs.map((r) => [r.command, r.tenant]).sort()).toEqual([
      ['plan', 'one'],
      ['plan', 'two'],
    ]);
    expect(runs[0]!.batchId).not.toBeNull();
    expect(runs[0]!.batchId).toBe(runs[1]!.batchId);
    expect(runs.find((r) => r.tenant === 'one')!.status).toBe('changes');
    expect(runs.find((r) => r.tenant === 'two')!.status).not.toBe('ok');
  }, 300_000);
});
