/**
 * #23 §3: what Microsoft's pages already show, through real pwsh, the stand-in module and the Graph
 * client against the emulator in strict realism (../shared/reference/teams-graph-fidelity.md §4):
 * a caller ID policy's company name can be cleared (N1); an upper-case resource account GUID reads
 * back as Teams prints a Guid (N2); batch policy assignments whose id comes back as a bare string
 * (N3); maxConcurrentSessions cannot be unset, said at plan time (N6); export leaves resource
 * accounts and guests out (N7); extension numbers go through Set-CsPhoneNumberAssignment (N9).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpsJson } from '../support/https-json.js';
import { ROOT, runCli } from '../support/run-cli.js';
import { requirePwsh, serveSimTenant, type ServedTenant } from '../support/sim-serve.js';

const RESOURCE_ACCOUNT = '9A2B3C4D-1111-4222-8333-944455556666';
let dir: string;
let s: ServedTenant;

type Spec = Record<string, any>;
const base = (): Spec => {
  const spec = JSON.parse(readFileSync(path.join(ROOT, 'samples/small-business.json'), 'utf8')) as Spec;
  spec.callingLineIdentities = [
    {
      name: 'CLI-Main',
      callingIdSubstitute: 'Resource',
      resourceAccount: RESOURCE_ACCOUNT,
      companyName: 'Fabrikam Dental',
    },
  ];
  spec.users[0].callingLineIdentity = 'CLI-Main';
  spec.users[1].phoneNumber = '+442071234001;ext=12';
  return spec;
};
const write = (name: string, spec: Spec): string => {
  writeFileSync(path.join(dir, name), JSON.stringify(spec));
  return name;
};
const cli = (args: string[]) => runCli([...args, '--tenant', 'teams'], { cwd: dir, env: s.env });
const tenant = () => JSON.parse(readFileSync(path.join(dir, '.voiceform/sim-tenant.json'), 'utf8'));
const stats = async () => (await httpsJson(`${s.info.url}/_sim/stats`, { ca: s.info.caCertPath })).body;

beforeAll(async () => {
  requirePwsh();
  dir = mkdtempSync(path.join(tmpdir(), 'vf-fidelity-'));
  write('spec.json', base());
  writeFileSync(
    path.join(dir, 'seed.json'),
    JSON.stringify({
      users: [
        { upn: 'aa-main@fabrikam.co.uk', phoneNumber: '+442071234099', accountType: 'ResourceAccount' },
        { upn: 'visitor_contoso.com#EXT#@fabrikam.co.uk', accountType: 'Guest' },
      ],
    }),
  );
  expect(runCli(['sim', 'init', '--users-from', 'spec.json', '--seed', 'seed.json'], { cwd: dir }).code).toBe(0);
  s = await serveSimTenant(dir);
});
afterAll(async () => s?.stop());

describe('divergences Microsoft documents, fixed (strict emulator, pwsh, Graph)', () => {
  it('applies a Guid in upper case, grants by batch operations returning bare ids, and an extension number via Set-CsPhoneNumberAssignment; then plans to nothing', async () => {
    const before = await stats();
    const r = cli(['apply', 'spec.json', '--auto-approve']);
    expect(r.stderr).toMatch(/Apply complete/);
    expect(r.code).toBe(0);
    const policy = tenant().voice.callingLineIdentities.find((c: { name: string }) => c.name === 'CLI-Main');
    expect(policy).toMatchObject({ resourceAccount: RESOURCE_ACCOUNT.toLowerCase(), companyName: 'Fabrikam Dental' });
    const dr = tenant().users.find((u: { upn: string }) => u.upn === 'dr.okafor@fabrikam.co.uk');
    expect(dr.phoneNumber).toBe('+442071234001;ext=12');
    const after = await stats();
    const count = (cmdlet: string) => (after.byCmdlet[cmdlet] ?? 0) - (before.byCmdlet[cmdlet] ?? 0);
    expect(count('Set-CsPhoneNumberAssignment')).toBeGreaterThan(0);
    expect(count('New-CsBatchPolicyAssignmentOperation')).toBeGreaterThan(0);
    expect(cli(['plan', 'spec.json', '--detailed-exitcode']).code).toBe(0);
  }, 300_000);

  it("clears a caller ID policy's company name (Set- sends it empty)", () => {
    const spec = base();
    delete spec.callingLineIdentities[0].companyName;
    write('no-company.json', spec);
    const plan = cli(['plan', 'no-company.json']);
    expect(plan.stdout).toMatch(/companyName = "Fabrikam Dental" → ""/);
    const r = cli(['apply', 'no-company.json', '--auto-approve']);
    expect(r.stderr).toMatch(/Apply complete/);
    expect(tenant().voice.callingLineIdentities.find((c: { name: string }) => c.name === 'CLI-Main').companyName).toBe(
      '',
    );
    expect(cli(['plan', 'no-company.json', '--detailed-exitcode']).code).toBe(0);
  }, 300_000);

  it('refuses to unset maxConcurrentSessions at plan time, naming the path and the way out', () => {
    const spec = base();
    delete spec.callingLineIdentities[0].companyName;
    delete spec.gateways[0].maxConcurrentSessions;
    const r = cli(['plan', write('no-max.json', spec)]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(
      '/gateways/0/maxConcurrentSessions: maxConcurrentSessions of SBC sbc1.fabrikam.co.uk cannot be unset: Teams takes a number from 1 to 100000 and has no way to clear it; give a value (the tenant has 30), or remove the gateway and add it again',
    );
  }, 120_000);

  it('a user dropped from the spec who still holds its policies is drift, found by Get-CsOnlineUser -Filter', () => {
    const spec = base();
    delete spec.callingLineIdentities[0].companyName;
    spec.users = spec.users.filter((u: { upn: string }) => u.upn !== 'practice.manager@fabrikam.co.uk');
    const r = cli(['plan', write('dropped.json', spec), '--format', 'json']);
    expect(r.code).toBe(0);
    const drift = (JSON.parse(r.stdout) as { drift?: { address: string; reason: string }[] }).drift ?? [];
    expect(drift).toContainEqual({
      address: 'userPolicy["practice.manager@fabrikam.co.uk"]',
      reason: expect.stringContaining('holds the spec\'s voice routing policy "GB-London-International"'),
    });
  }, 120_000);

  it('export takes only people as users: no resource account, no guest', () => {
    const tenantId = (JSON.parse(readFileSync(path.join(dir, 'spec.json'), 'utf8')) as Spec).customer.tenantId;
    const r = runCli(['export', '--tenant', 'teams'], { cwd: dir, env: { ...s.env, VOICEFORM_TENANT_ID: tenantId } });
    expect(r.code).toBe(0);
    const upns = (JSON.parse(r.stdout) as Spec).users.map((u: { upn: string }) => u.upn);
    expect(upns).toContain('reception@fabrikam.co.uk');
    expect(upns).not.toContain('aa-main@fabrikam.co.uk');
    expect(upns.some((u: string) => u.includes('#EXT#'))).toBe(false);
    // The simulated tenant's own reader agrees.
    const sim = runCli(['export'], { cwd: dir });
    expect((JSON.parse(sim.stdout) as Spec).users.map((u: { upn: string }) => u.upn).sort()).toEqual(upns.sort());
  }, 120_000);
});
