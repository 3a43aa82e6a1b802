/**
 * #27 "also for fleets": `voiceform batch sim-init MANIFEST` makes a simulated tenant for every
 * sim: tenant of a fleet in one process, each from its spec; tenants that exist are refused
 * together before any is made, unless --force; the fleet then plans.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

describe('voiceform batch sim-init', () => {
  it('makes every simulated tenant of the manifest, refuses to replace them without --force, and the fleet plans', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-sim-init-'));
    writeFileSync(path.join(dir, 'small.json'), readFileSync(path.join(ROOT, 'samples/small-business.json')));
    writeFileSync(path.join(dir, 'enterprise.json'), readFileSync(path.join(ROOT, 'samples/enterprise.json')));
    writeFileSync(
      path.join(dir, 'fleet.json'),
      JSON.stringify({
        apiVersion: 'voiceform/v1',
        kind: 'Fleet',
        tenants: [
          { name: 'a', spec: 'small.json', tenant: 'sim:a.json' },
          { name: 'b', spec: 'enterprise.json', tenant: 'sim:b.json' },
          { name: 'c', spec: 'small.json', tenant: 'sim:c.json' },
        ],
      }),
    );
    const r = runCli(['batch', 'sim-init', 'fleet.json'], { cwd: dir });
    expect(r.stderr).toContain('3 simulated tenant(s) created from fleet.json.');
    expect(r.code).toBe(0);
    const users = (f: string) => (JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { users: unknown[] }).users;
    expect(users('a.json').length).toBeGreaterThan(0);
    expect(users('b.json').length).toBeGreaterThan(users('a.json').length);
    const tenantOf = (f: string) =>
      (JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { tenantId: string }).tenantId;
    const before = tenantOf('c.json');

    // One existing tenant refuses the run: none is made or replaced.
    const again = runCli(['batch', 'sim-init', 'fleet.json'], { cwd: dir });
    expect(again.code).toBe(4);
    expect(again.stderr).toMatch(
      /3 simulated tenant\(s\) already exist: a \(.*a\.json\), b \(.*\), c \(.*\); none was created/,
    );
    expect(runCli(['batch', 'sim-init', 'fleet.json', '--force'], { cwd: dir }).code).toBe(0);
    expect(existsSync(path.join(dir, 'c.json'))).toBe(true);
    expect(tenantOf('c.json')).toBe(before); // the spec's tenant id, made anew

    const plan = runCli(['batch', 'plan', 'fleet.json', '--report-dir', 'report'], { cwd: dir });
    expect(plan.code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(dir, 'report/report.json'), 'utf8')) as {
      tenants: { name: string; status: string }[];
    };
    expect(report.tenants.map((t) => t.status)).toEqual(['changes', 'changes', 'changes']);
  });
});
