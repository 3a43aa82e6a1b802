/**
 * #22 items 2, 11 and 12: `--out` never replaces an input or a file that is not Voiceform's output
 * of the same kind (unless --force); `--format html --out` writes the page and never a plan into
 * it; the hints Voiceform prints work when followed.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

const SAMPLE = path.join(ROOT, 'samples/small-business.json');

/** A folder with a copy of the sample spec and a simulated tenant for it. */
function workspace(): { dir: string; spec: string; tenant: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'vf-out-'));
  const spec = path.join(dir, 'spec.json');
  copyFileSync(SAMPLE, spec);
  expect(runCli(['sim', 'init', '--users-from', spec], { cwd: dir }).code).toBe(0);
  return { dir, spec, tenant: path.join(dir, '.voiceform/sim-tenant.json') };
}

describe('--out (built CLI)', () => {
  it('refuses to write over the spec, the simulated tenant or a file that is no plan (exit 3), leaving each as it was', () => {
    const { dir, spec, tenant } = workspace();
    const notes = path.join(dir, 'notes.txt');
    writeFileSync(notes, 'my notes\n');
    for (const target of [spec, './spec.json', tenant, notes]) {
      const before = readFileSync(path.resolve(dir, target), 'utf8');
      const r = runCli(['plan', 'spec.json', '--out', target], { cwd: dir });
      expect(r.code, target).toBe(3);
      expect(r.stderr).toMatch(/an input of this run|is not a saved plan Voiceform wrote/);
      expect(readFileSync(path.resolve(dir, target), 'utf8')).toBe(before);
    }
    const health = runCli(['health', 'spec.json', '--out', 'spec.json'], { cwd: dir });
    expect(health.code).toBe(3);
    expect(JSON.parse(readFileSync(spec, 'utf8')).apiVersion).toBe('voiceform/v1');
  });

  it('replaces its own earlier plan, and anything with --force', () => {
    const { dir } = workspace();
    expect(runCli(['plan', 'spec.json', '--out', 'plan.json'], { cwd: dir }).code).toBe(0);
    expect(runCli(['plan', 'spec.json', '--out', 'plan.json'], { cwd: dir }).code).toBe(0);
    writeFileSync(path.join(dir, 'other.txt'), 'x');
    expect(runCli(['plan', 'spec.json', '--out', 'other.txt', '--force'], { cwd: dir }).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'other.txt'), 'utf8')).formatVersion).toBeGreaterThan(0);
  });

  it('--format html --out writes the page (not a plan), and may replace it next time; markdown likewise', () => {
    const { dir } = workspace();
    for (let i = 0; i < 2; i++) {
      const r = runCli(['plan', 'spec.json', '--format', 'html', '--out', 'plan.html'], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/html view to plan\.html/);
    }
    expect(readFileSync(path.join(dir, 'plan.html'), 'utf8')).toMatch(/^<!doctype html>/);
    expect(runCli(['plan', 'spec.json', '--format', 'markdown', '--out', 'plan.md'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(path.join(dir, 'plan.md'), 'utf8')).toMatch(/^# Voiceform plan for tenant/);
    // A page is not a plan: apply refuses it as input rather than guessing.
    expect(runCli(['apply', 'plan.html', '--auto-approve'], { cwd: dir }).code).toBe(3);
  });
});

describe('hints that work when followed', () => {
  it('apply PLANFILE goes to the tenant the plan was made against, without --tenant', () => {
    const { dir, spec } = workspace();
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'vf-elsewhere-'));
    const planned = runCli(
      [
        'plan',
        spec,
        '--out',
        path.join(elsewhere, 'plan.json'),
        '--tenant',
        `sim:${path.join(dir, '.voiceform/sim-tenant.json')}`,
      ],
      { cwd: elsewhere },
    );
    expect(planned.code).toBe(0);
    const hint = /Apply it with: (voiceform apply \S+)/.exec(planned.stderr)![1]!;
    // Followed from another folder (no simulated tenant there): the plan says where.
    const r = runCli([...hint.split(' ').slice(1), '--auto-approve'], { cwd: elsewhere });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Tenant: sim:.*\(recorded in the plan\)/);
    expect(runCli(['plan', 'spec.json', '--detailed-exitcode'], { cwd: dir }).code).toBe(0);
  });

  it('a missing simulated tenant is a missing input (exit 3) whose hint names --tenant sim:PATH', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-nosim-'));
    const r = runCli(['plan', SAMPLE], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no simulated tenant at/);
    expect(r.stderr).toMatch(/voiceform sim init --tenant sim:.*--tenant sim:PATH/s);
  });
});
