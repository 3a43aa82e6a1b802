/**
 * Kill the apply at every step of a representative plan (all object kinds, users included) and
 * check both ways out: rollback restores the pre-state exactly, resume finishes the plan. Then the
 * same with an injected failure at every step and automatic rollback.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

const BEFORE = path.join(ROOT, 'test/fixtures/specs/northwind-before.json');
const AFTER = path.join(ROOT, 'test/fixtures/specs/northwind-after.json');
const dir = mkdtempSync(path.join(tmpdir(), 'vf-kill-'));
const tenantFile = path.join(dir, '.voiceform/sim-tenant.json');
const pristine = path.join(dir, 'pre-state.json');

/** Export with every list sorted: the tenant keeps no order among objects (only inside them). */
function exportState(): unknown {
  const r = runCli(['export'], { cwd: dir });
  expect(r.code).toBe(0);
  const spec = JSON.parse(r.stdout) as Record<string, unknown>;
  for (const [k, v] of Object.entries(spec)) {
    if (Array.isArray(v)) spec[k] = [...v].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return spec;
}

let steps = 0;
let preState: unknown;

beforeAll(() => {
  expect(runCli(['sim', 'init', '--users-from', AFTER], { cwd: dir }).code).toBe(0);
  expect(runCli(['apply', BEFORE, '--auto-approve'], { cwd: dir }).code).toBe(0);
  copyFileSync(tenantFile, pristine);
  preState = exportState();
  const plan = JSON.parse(runCli(['plan', AFTER, '--format', 'json'], { cwd: dir }).stdout);
  steps = plan.changes.length;
  const kinds = new Set(plan.changes.map((c: { kind: string }) => c.kind));
  expect(kinds).toEqual(
    new Set([
      'translationRule',
      'gateway',
      'pstnUsage',
      'voiceRoute',
      'voiceRoutingPolicy',
      'dialPlan',
      'userNumber',
      'userPolicy',
    ]),
  );
  expect(new Set(plan.changes.map((c: { action: string }) => c.action))).toEqual(
    new Set(['create', 'update', 'delete']),
  );
}, 120_000);

const reset = () => copyFileSync(pristine, tenantFile);
const crashAt = (k: number) =>
  runCli(['apply', AFTER, '--auto-approve'], { cwd: dir, env: { VOICEFORM_SIM_FAULTS: `crash-at=${k}` } });

describe('kill points (built CLI, SIGKILL after the k-th write reached the tenant)', () => {
  it('has a representative plan of at least 20 steps', () => expect(steps).toBeGreaterThanOrEqual(20));

  it('rollback after a kill at every step restores the pre-state exactly', () => {
    for (let k = 1; k <= steps; k++) {
      reset();
      const crashed = crashAt(k);
      expect({ k, signal: crashed.signal }).toEqual({ k, signal: 'SIGKILL' });
      const rb = runCli(['rollback', '--auto-approve'], { cwd: dir });
      expect({ k, code: rb.code, err: rb.code === 0 ? '' : rb.stderr }).toEqual({ k, code: 0, err: '' });
      expect({ k, state: exportState() }).toEqual({ k, state: preState });
    }
  }, 600_000);

  it('resume after a kill at every step finishes the plan (plan is then empty)', () => {
    for (let k = 1; k <= steps; k++) {
      reset();
      const crashed = crashAt(k);
      expect({ k, signal: crashed.signal, err: crashed.signal ? '' : crashed.stderr.slice(-600) }).toEqual({
        k,
        signal: 'SIGKILL',
        err: '',
      });
      const resumed = runCli(['resume', '--auto-approve'], { cwd: dir });
      expect({ k, code: resumed.code, err: resumed.code === 0 ? '' : resumed.stderr }).toEqual({ k, code: 0, err: '' });
      const plan = runCli(['plan', AFTER, '--detailed-exitcode'], { cwd: dir });
      expect({ k, code: plan.code }).toEqual({ k, code: 0 });
    }
  }, 600_000);

  it('a failure injected at every step rolls back automatically (exit 5) to the pre-state', () => {
    for (let k = 1; k <= steps; k++) {
      reset();
      const r = runCli(['apply', AFTER, '--auto-approve'], { cwd: dir, env: { VOICEFORM_SIM_FAULTS: `fail-at=${k}` } });
      expect({ k, code: r.code }).toEqual({ k, code: 5 });
      expect(r.stderr).toMatch(/rolled back \d+ change\(s\), the tenant is as it was/);
      expect({ k, state: exportState() }).toEqual({ k, state: preState });
    }
  }, 600_000);

  it('apply twice: the second plan is empty and the second apply writes nothing', () => {
    reset();
    expect(runCli(['apply', AFTER, '--auto-approve'], { cwd: dir }).code).toBe(0);
    const second = runCli(['apply', AFTER, '--auto-approve'], { cwd: dir, env: { VOICEFORM_SIM_FAULTS: 'fail-at=1' } });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No changes.');
  });
});
