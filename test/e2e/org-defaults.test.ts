/**
 * #12 §4: the org-wide Global objects can be managed but never created, deleted or replaced, and a
 * name that differs only by case is the same object (Teams compares identities without case).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

const BEFORE = path.join(ROOT, 'test/fixtures/specs/northwind-before.json');
const AFTER = path.join(ROOT, 'test/fixtures/specs/northwind-after.json');

function applied(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vf-global-'));
  expect(runCli(['sim', 'init', '--users-from', AFTER], { cwd: dir }).code).toBe(0);
  expect(runCli(['apply', BEFORE, '--auto-approve'], { cwd: dir }).code).toBe(0);
  return dir;
}

const policies = (dir: string) =>
  JSON.parse(readFileSync(path.join(dir, '.voiceform/sim-tenant.json'), 'utf8')).voice.voiceRoutingPolicies as {
    name: string;
    pstnUsages: string[];
    description: string;
  }[];

describe('org-wide defaults and case (built CLI)', () => {
  it('a spec naming "global" takes over the Global policy (an update, labelled); prune never deletes it', () => {
    const dir = applied();
    const spec = JSON.parse(readFileSync(BEFORE, 'utf8'));
    spec.voiceRoutingPolicies.push({ name: 'global', pstnUsages: ['U-Local'] });
    writeFileSync(path.join(dir, 'with-global.json'), JSON.stringify(spec));
    const plan = runCli(['plan', 'with-global.json'], { cwd: dir });
    expect(plan.stdout).toMatch(
      /voiceRoutingPolicy\["global"\] will be updated in place \(takes over the org-wide default/,
    );
    expect(runCli(['apply', 'with-global.json', '--auto-approve'], { cwd: dir }).code).toBe(0);
    expect(policies(dir).find((p) => p.name === 'Global')).toMatchObject({
      pstnUsages: ['U-Local'],
      description: '[voiceform]',
    });
    // Dropped from the spec (prune is on, the Global now carries the marker): still never deleted.
    const dropped = runCli(['plan', BEFORE, '--format', 'json'], { cwd: dir });
    expect(JSON.parse(dropped.stdout).changes.filter((c: { address: string }) => /Global/i.test(c.address))).toEqual(
      [],
    );
    expect(runCli(['apply', BEFORE, '--auto-approve'], { cwd: dir }).code).toBe(0);
    expect(policies(dir).some((p) => p.name === 'Global')).toBe(true);
  });

  it('a case-only rename of an assigned policy is the same policy: nothing to do, never a replace', () => {
    const dir = applied();
    writeFileSync(path.join(dir, 'renamed.json'), readFileSync(BEFORE, 'utf8').replaceAll('"P-Std"', '"p-std"'));
    const plan = runCli(['plan', 'renamed.json', '--detailed-exitcode'], { cwd: dir });
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
    expect(runCli(['apply', 'renamed.json', '--auto-approve'], { cwd: dir }).code).toBe(0);
  });
});

describe('drift the plan does not change (built CLI)', () => {
  it("names Voiceform's objects the spec dropped while prune is off, in every format, and --detailed-exitcode exits 2", () => {
    const dir = applied();
    const spec = JSON.parse(readFileSync(BEFORE, 'utf8'));
    spec.prune = false;
    spec.voiceRoutes = spec.voiceRoutes.filter((r: { name: string }) => r.name !== 'R-Old');
    writeFileSync(path.join(dir, 'dropped.json'), JSON.stringify(spec));
    const text = runCli(['plan', 'dropped.json', '--detailed-exitcode'], { cwd: dir });
    expect(text.code).toBe(2);
    expect(text.stdout).toMatch(
      /Drift this plan does not change: 1 object\(s\):\n {2}- voiceRoute\["R-Old"\]: Voiceform created it and the spec no longer has it/,
    );
    const json = JSON.parse(runCli(['plan', 'dropped.json', '--format', 'json'], { cwd: dir }).stdout);
    expect(json.changes).toEqual([]);
    expect(json.drift.map((d: { address: string }) => d.address)).toEqual(['voiceRoute["R-Old"]']);
    for (const format of ['markdown', 'html'])
      expect(runCli(['plan', 'dropped.json', '--format', format], { cwd: dir }).stdout).toMatch(
        /voiceRoute\[(&quot;|")R-Old(&quot;|")\]/,
      );
  });

  it("names a hand-made route that shares a PSTN usage with the spec's routes", () => {
    const dir = applied();
    expect(runCli(['plan', BEFORE, '--detailed-exitcode'], { cwd: dir }).code).toBe(0);
    const file = path.join(dir, '.voiceform/sim-tenant.json');
    const state = JSON.parse(readFileSync(file, 'utf8'));
    state.voice.voiceRoutes.push({
      name: 'Admin-Cheap',
      numberPattern: '^\\+44.*$',
      priority: 0,
      gateways: ['sbc2.northwind.co.uk'],
      pstnUsages: ['U-Local'],
      description: 'cheaper carrier',
    });
    writeFileSync(file, JSON.stringify(state));
    const r = runCli(['plan', BEFORE, '--detailed-exitcode'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(
      /voiceRoute\["Admin-Cheap"\]: not managed by Voiceform, but in PSTN usage "U-Local" with the spec's routes/,
    );
  });
});

describe('export of hand-made objects (built CLI)', () => {
  it('an exported tenant whose hand-made objects have names beyond the old pattern still validates and plans to nothing', () => {
    const dir = applied();
    const file = path.join(dir, '.voiceform/sim-tenant.json');
    const state = JSON.parse(readFileSync(file, 'utf8'));
    const odd = "Route #1 (Contoso's) & Ünïcode/ß";
    state.voice.pstnUsages.push({ name: 'Usage: "special"' });
    state.voice.voiceRoutes.push({
      name: odd,
      numberPattern: '^\\+1\\d+$',
      priority: 0,
      gateways: ['sbc-legacy.northwind.co.uk'],
      pstnUsages: ['Usage: "special"'],
      description: 'made in the admin center',
    });
    writeFileSync(file, JSON.stringify(state));
    const exported = runCli(['export'], { cwd: dir });
    expect(exported.code).toBe(0);
    writeFileSync(path.join(dir, 'export.json'), exported.stdout);
    expect(exported.stdout).toContain(JSON.stringify(odd));
    const valid = runCli(['validate', 'export.json'], { cwd: dir });
    expect(valid.stdout + valid.stderr).not.toMatch(/problem/);
    expect(valid.code).toBe(0);
    expect(runCli(['plan', 'export.json', '--detailed-exitcode'], { cwd: dir }).code).toBe(0);
  });
});
