/** Teams Phone is an enabled service plan, not a SKU (reference/teams-graph-fidelity.md §5.6). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

const SMALL = path.join(ROOT, 'samples/small-business.json');

function tenantWithDisabledPhone(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vf-phone-'));
  // An E5 whose Teams Phone plan (MCOEV) is switched off in the licence.
  writeFileSync(
    path.join(dir, 'seed.json'),
    JSON.stringify({ users: [{ upn: 'reception@fabrikam.co.uk', usageLocation: 'GB', disabledPlans: ['MCOEV'] }] }),
  );
  expect(runCli(['sim', 'init', '--users-from', SMALL, '--seed', 'seed.json'], { cwd: dir }).code).toBe(0);
  return dir;
}

describe('Teams Phone licence', () => {
  it('counts an E5 with MCOEV disabled as no Teams Phone (preflight exit 4)', () => {
    const r = runCli(['plan', SMALL], { cwd: tenantWithDisabledPhone() });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/reception@fabrikam.co.uk has no Teams Phone/);
  });

  it('adds the Teams Phone SKU for that user when licensing assigns it, and the apply then succeeds', () => {
    const dir = tenantWithDisabledPhone();
    const spec = JSON.parse(readFileSync(SMALL, 'utf8'));
    spec.licensing = { assign: true, sku: 'MCOEV' };
    writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
    const plan = JSON.parse(runCli(['plan', 'spec.json', '--format', 'json'], { cwd: dir }).stdout);
    const licences = plan.changes
      .filter((c: { kind: string }) => c.kind === 'userLicense')
      .map((c: { name: string }) => c.name);
    expect(licences).toEqual(['reception@fabrikam.co.uk']);
    expect(runCli(['apply', 'spec.json', '--auto-approve'], { cwd: dir }).code).toBe(0);
    expect(runCli(['plan', 'spec.json', '--detailed-exitcode'], { cwd: dir }).code).toBe(0);
  });
});

describe('SBC domains', () => {
  it('refuses an SBC whose domain is verified but not yet enabled for Teams (Get-CsTenant shows it pending)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-domain-'));
    writeFileSync(
      path.join(dir, 'seed.json'),
      JSON.stringify({ domains: [{ id: 'fabrikam.co.uk', isVerified: true, teamsEnabled: false }] }),
    );
    expect(runCli(['sim', 'init', '--users-from', SMALL, '--seed', 'seed.json'], { cwd: dir }).code).toBe(0);
    const r = runCli(['plan', SMALL], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/fabrikam.co.uk of SBC .* is not a verified domain of the tenant enabled for Teams/);
  });

  it("warns (and still plans) when no Teams Phone user of the spec is in the SBC's domain", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-domain-'));
    const spec = JSON.parse(readFileSync(SMALL, 'utf8'));
    spec.users = spec.users.map((u: { upn: string }) => ({
      ...u,
      upn: u.upn.replace('@fabrikam.co.uk', '@fabrikam-staff.co.uk'),
    }));
    writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
    expect(runCli(['sim', 'init', '--users-from', 'spec.json'], { cwd: dir }).code).toBe(0);
    const r = runCli(['plan', 'spec.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /Warning: \/gateways\/0\/fqdn: no Teams Phone user of the spec has a UPN in fabrikam.co.uk/,
    );
  });
});
