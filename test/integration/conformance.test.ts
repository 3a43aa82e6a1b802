/**
 * #23 §1: `voiceform conformance` passes against the emulator in strict realism through real pwsh
 * and the Graph client — every kind created, read back, changed, cleared, granted, deleted — so
 * the kit cannot rot; and on the simulated tenant: it refuses a prefix already in use, cleans up
 * after a failed write and after Ctrl-C, and leaves nothing behind.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, background, runCli, waitFor } from '../support/run-cli.js';
import { requirePwsh, serveSimTenant } from '../support/sim-serve.js';

interface Report {
  results: { kind: string; name: string; stage: string; result: string; observed?: string }[];
  leftBehind: string[];
}

/** A simulated tenant with the small-business users and a Teams Phone user with a number and no grants. */
function tenantDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vf-conformance-'));
  writeFileSync(path.join(dir, 'spec.json'), readFileSync(path.join(ROOT, 'samples/small-business.json')));
  writeFileSync(
    path.join(dir, 'seed.json'),
    JSON.stringify({ users: [{ upn: 'conf.user@fabrikam.co.uk', phoneNumber: '+442071234050' }] }),
  );
  expect(runCli(['sim', 'init', '--users-from', 'spec.json', '--seed', 'seed.json'], { cwd: dir }).code).toBe(0);
  return dir;
}
const kitObjects = (dir: string): string[] =>
  JSON.stringify(JSON.parse(readFileSync(path.join(dir, '.voiceform/sim-tenant.json'), 'utf8')).voice).match(
    /vfconf-[a-z0-9.-]+/g,
  ) ?? [];

describe('voiceform conformance', () => {
  it('passes against the strict emulator through pwsh and Graph: every claim agrees, nothing is left behind', async () => {
    requirePwsh();
    const dir = tenantDir();
    const tenantId = JSON.parse(readFileSync(path.join(dir, 'spec.json'), 'utf8')).customer.tenantId as string;
    const s = await serveSimTenant(dir);
    try {
      const r = runCli(['conformance', '--tenant', 'teams', '--format', 'json'], {
        cwd: dir,
        env: { ...s.env, VOICEFORM_TENANT_ID: tenantId },
      });
      expect(r.stderr).toMatch(/Conformance: delete/);
      const report = JSON.parse(r.stdout) as Report;
      expect(report.results.filter((x) => x.result !== 'agree')).toEqual([]);
      expect(new Set(report.results.map((x) => x.stage))).toEqual(
        new Set(['create', 'update', 'clear', 'grant', 'ungrant', 'delete']),
      );
      expect(new Set(report.results.map((x) => x.kind))).toEqual(
        new Set([
          'translationRule',
          'gateway',
          'pstnUsage',
          'voiceRoute',
          'voiceRoutingPolicy',
          'dialPlan',
          'emergencyCallRoutingPolicy',
          'callingLineIdentity',
          'emergencyCallingPolicy',
          'networkRegion',
          'networkSite',
          'emergencyAddress',
          'emergencyPlace',
          'userPolicy',
        ]),
      );
      expect(report.leftBehind).toEqual([]);
      expect(r.code).toBe(0);
      expect(kitObjects(dir)).toEqual([]);
      expect(r.stdout + r.stderr).not.toContain(s.info.clientSecret);
    } finally {
      await s.stop();
    }
  }, 600_000);

  it('refuses a prefix the tenant already uses, before touching anything (exit 4)', () => {
    const dir = tenantDir();
    expect(runCli(['conformance', '--kinds', 'pstnUsage', '--keep'], { cwd: dir }).code).toBe(0);
    expect(kitObjects(dir)).toEqual(['vfconf-usage-a', 'vfconf-usage-b']);
    const again = runCli(['conformance'], { cwd: dir });
    expect(again.code).toBe(4);
    expect(again.stderr).toContain('the tenant already has 2 object(s) named with the prefix vfconf-');
    expect(runCli(['conformance', '--prefix', 'Bad prefix'], { cwd: dir }).code).toBe(3);
  });

  it('a failed write: the claims say where, and everything the kit made is removed (exit 1)', () => {
    const dir = tenantDir();
    const r = runCli(['conformance', '--format', 'json'], { cwd: dir, env: { VOICEFORM_SIM_FAULTS: 'fail-at=4' } });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.results.find((x) => x.result === 'differ')!.observed).toMatch(/injected failure at write 4/);
    expect(report.leftBehind).toEqual([]);
    expect(kitObjects(dir)).toEqual([]);
  });

  it('Ctrl-C: the current step finishes, the kit cleans up and exits 130', async () => {
    const dir = tenantDir();
    const hold = path.join(dir, 'hold');
    writeFileSync(hold, '');
    const run = background(['conformance'], dir, { VOICEFORM_SIM_FAULTS: `hold-file=${hold},hold-after=2` });
    // Held at its third write: the first two objects exist.
    await waitFor(() => kitObjects(dir).length >= 2);
    run.child.kill('SIGINT');
    await waitFor(() => /Interrupted/.test(run.stderrSoFar()));
    rmSync(hold);
    const r = await run;
    expect(r.code).toBe(130);
    expect(kitObjects(dir)).toEqual([]);
    expect(existsSync(hold)).toBe(false);
  });
});
