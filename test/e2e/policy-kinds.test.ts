/**
 * The kinds added through the registry, end to end on the simulated tenant with the built CLI:
 * plan, apply, re-plan empty, export round trip, prune with re-granting, rollback.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

const ENTERPRISE = path.join(ROOT, 'samples/enterprise.json');

function applied(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vf-kinds-'));
  expect(runCli(['sim', 'init', '--users-from', ENTERPRISE], { cwd: dir }).code).toBe(0);
  const r = runCli(['apply', ENTERPRISE, '--auto-approve'], { cwd: dir });
  expect(r.stderr).toMatch(/Apply complete/);
  return dir;
}

describe('emergency call routing policies and caller ID policies (built CLI, simulated tenant)', () => {
  it('apply, then the spec plans empty and an export round-trips both kinds and their grants', () => {
    const dir = applied();
    expect(runCli(['plan', ENTERPRISE, '--detailed-exitcode'], { cwd: dir }).code).toBe(0);
    const exported = JSON.parse(runCli(['export'], { cwd: dir }).stdout);
    expect(exported.emergencyCallRoutingPolicies.map((p: { name: string }) => p.name).sort()).toEqual([
      'DE-Berlin-Emergency',
      'GB-London-Emergency',
      'US-NewYork-Emergency',
    ]);
    expect(
      exported.emergencyCallRoutingPolicies.find((p: { name: string }) => p.name === 'US-NewYork-Emergency')
        .emergencyNumbers,
    ).toEqual([
      { dialString: '911', pstnUsage: 'US-NewYork-Emergency' },
      { dialString: '933', pstnUsage: 'US-NewYork-Emergency' },
      { dialString: '112', pstnUsage: 'US-NewYork-Emergency' },
    ]);
    expect(exported.callingLineIdentities).toEqual([
      {
        name: 'Contoso-Anonymous',
        description: 'Executives call out without caller ID',
        callingIdSubstitute: 'Anonymous',
      },
      {
        name: 'Contoso-London',
        description: 'London: the company name on outgoing calls; users may hide their number',
        companyName: 'Contoso UK',
        enableUserOverride: true,
      },
    ]);
    const user = (upn: string) => exported.users.find((u: { upn: string }) => u.upn === upn);
    expect(user('megan.bowen@contoso.com')).toMatchObject({
      callingLineIdentity: 'Contoso-Anonymous',
      emergencyCallRoutingPolicy: 'US-NewYork-Emergency',
    });
    expect(user('lee.gu@contoso.com')).toMatchObject({
      callingLineIdentity: 'Contoso-London',
      emergencyCallRoutingPolicy: 'GB-London-Emergency',
    });
    writeFileSync(path.join(dir, 'exported.json'), JSON.stringify(exported));
    expect(runCli(['validate', 'exported.json'], { cwd: dir }).code).toBe(0);
    const again = runCli(['plan', 'exported.json', '--detailed-exitcode'], { cwd: dir });
    expect(again.stdout).toContain('No changes.');
    expect(again.code).toBe(0);
  });

  it('prunes a caller ID policy the spec dropped, ungranting its users first', () => {
    const dir = applied();
    const spec = JSON.parse(readFileSync(ENTERPRISE, 'utf8'));
    spec.callingLineIdentities = spec.callingLineIdentities.filter(
      (c: { name: string }) => c.name !== 'Contoso-Anonymous',
    );
    delete spec.users.find((u: { upn: string }) => u.upn === 'megan.bowen@contoso.com').callingLineIdentity;
    writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
    const plan = JSON.parse(runCli(['plan', 'spec.json', '--format', 'json'], { cwd: dir }).stdout);
    expect(plan.changes.map((c: { action: string; address: string }) => `${c.action} ${c.address}`)).toEqual([
      'update userPolicy["megan.bowen@contoso.com"]',
      'delete callingLineIdentity["Contoso-Anonymous"]',
    ]);
    expect(runCli(['apply', 'spec.json', '--auto-approve'], { cwd: dir }).code).toBe(0);
    expect(runCli(['plan', 'spec.json', '--detailed-exitcode'], { cwd: dir }).code).toBe(0);
  });

  it('rolls an apply of both kinds back to the tenant as it was', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-kinds-'));
    runCli(['sim', 'init', '--users-from', ENTERPRISE], { cwd: dir });
    const before = runCli(['export'], { cwd: dir }).stdout;
    expect(runCli(['apply', ENTERPRISE, '--auto-approve'], { cwd: dir }).code).toBe(0);
    const rb = runCli(['rollback', '--auto-approve'], { cwd: dir });
    expect(rb.code).toBe(0);
    expect(rb.stdout).toMatch(/callingLineIdentity\["Contoso-London"\] will be destroyed/);
    expect(rb.stdout).toMatch(/emergencyCallRoutingPolicy\["GB-London-Emergency"\] will be destroyed/);
    expect(JSON.parse(runCli(['export'], { cwd: dir }).stdout)).toEqual(JSON.parse(before));
  });
});
