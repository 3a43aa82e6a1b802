/**
 * Apply through --tenant teams with licensing: usage locations and licences and numbers go
 * through Graph (the real client, the emulator), the rest through pwsh; a failure at a later step
 * rolls all of it back.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';
import { httpsJson } from '../support/https-json.js';
import { requirePwsh, serveSimTenant, type ServedTenant } from '../support/sim-serve.js';

const served: ServedTenant[] = [];
beforeAll(() => requirePwsh());
afterAll(async () => Promise.all(served.map((s) => s.stop())));

/** The small-business sample with licensing, plus two new starters: no licence, no usage location. */
function setUp(): { dir: string; tenantFile: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'vf-graph-apply-'));
  const spec = JSON.parse(readFileSync(path.join(ROOT, 'samples/small-business.json'), 'utf8'));
  spec.licensing = { assign: true, sku: 'MCOEV' };
  spec.users.push(
    { upn: 'new.starter@fabrikam.co.uk', phoneNumber: 'auto', site: 'London' },
    { upn: 'locum+cover@fabrikam.co.uk', phoneNumber: 'auto', site: 'London' },
  );
  writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
  writeFileSync(
    path.join(dir, 'seed.json'),
    JSON.stringify({
      users: [
        { upn: 'new.starter@fabrikam.co.uk', licensed: false, usageLocation: null },
        { upn: 'locum+cover@fabrikam.co.uk', licensed: false, usageLocation: null },
      ],
    }),
  );
  expect(runCli(['sim', 'init', '--users-from', 'spec.json', '--seed', 'seed.json'], { cwd: dir }).code).toBe(0);
  return { dir, tenantFile: path.join(dir, '.voiceform/sim-tenant.json') };
}

const starters = (tenantFile: string) =>
  JSON.parse(readFileSync(tenantFile, 'utf8'))
    .users.filter((u: { upn: string }) => /new\.starter|locum/.test(u.upn))
    .map(
      (u: { upn: string; usageLocation: string | null; assignedLicenses: string[]; phoneNumber: string | null }) => ({
        upn: u.upn,
        usageLocation: u.usageLocation,
        licences: u.assignedLicenses.length,
        phoneNumber: u.phoneNumber,
      }),
    );

describe('licences and numbers through Graph', () => {
  it('assigns usage locations, licences and numbers, then plans to nothing', async () => {
    const { dir, tenantFile } = setUp();
    const s = await serveSimTenant(dir);
    served.push(s);
    const plan = runCli(['plan', 'spec.json', '--tenant', 'teams', '--format', 'json'], { cwd: dir, env: s.env });
    expect(plan.code).toBe(0);
    const licences = JSON.parse(plan.stdout).changes.filter((c: { kind: string }) => c.kind === 'userLicense');
    expect(
      licences.map((c: { name: string; after: { licenses: string[]; usageLocation: string } }) => [
        c.name,
        c.after.usageLocation,
        c.after.licenses,
      ]),
    ).toEqual([
      ['locum+cover@fabrikam.co.uk', 'GB', ['MCOEV']],
      ['new.starter@fabrikam.co.uk', 'GB', ['MCOEV']],
    ]);
    const before = (await httpsJson(`${s.info.url}/_sim/stats`, { ca: s.info.caCertPath })).body.graph;
    const r = runCli(['apply', 'spec.json', '--tenant', 'teams', '--auto-approve'], { cwd: dir, env: s.env });
    expect(r.stderr).toMatch(/Apply complete/);
    const graphRequests = (await httpsJson(`${s.info.url}/_sim/stats`, { ca: s.info.caCertPath })).body.graph - before;
    expect(starters(tenantFile)).toEqual([
      {
        upn: 'new.starter@fabrikam.co.uk',
        usageLocation: 'GB',
        licences: 1,
        phoneNumber: expect.stringMatching(/^\+4420712340\d\d$/),
      },
      {
        upn: 'locum+cover@fabrikam.co.uk',
        usageLocation: 'GB',
        licences: 1,
        phoneNumber: expect.stringMatching(/^\+4420712340\d\d$/),
      },
    ]);
    expect(graphRequests).toBeLessThan(40);
    expect(
      runCli(['plan', 'spec.json', '--tenant', 'teams', '--detailed-exitcode'], { cwd: dir, env: s.env }).code,
    ).toBe(0);
  });

  it('rolls licences, locations and numbers back when a later step fails', async () => {
    const { dir, tenantFile } = setUp();
    const pre = JSON.parse(readFileSync(tenantFile, 'utf8'));
    // 20 cmdlet writes build the site (the gateway, all usages in one, 13 routes, 3 policies, the dial plan,
    // the emergency call routing policy); the 21st (the first grant batch) fails.
    const s = await serveSimTenant(dir, { VOICEFORM_SIM_FAULTS: 'fail-at=21' });
    served.push(s);
    const r = runCli(['apply', 'spec.json', '--tenant', 'teams', '--auto-approve'], { cwd: dir, env: s.env });
    expect(r.stderr).toMatch(/apply failed at userPolicy\[.*rolled back \d+ change\(s\), the tenant is as it was/);
    expect(r.code).toBe(5);
    expect(starters(tenantFile)).toEqual([
      { upn: 'new.starter@fabrikam.co.uk', usageLocation: null, licences: 0, phoneNumber: null },
      { upn: 'locum+cover@fabrikam.co.uk', usageLocation: null, licences: 0, phoneNumber: null },
    ]);
    const post = JSON.parse(readFileSync(tenantFile, 'utf8'));
    // Teams (strict realism) renumbers route priorities as routes come and go: compare without them.
    const unprioritized = (voice: { voiceRoutes: { priority?: number }[] }) => ({
      ...voice,
      voiceRoutes: voice.voiceRoutes.map(({ priority: _, ...r }) => r),
    });
    expect(unprioritized(post.voice)).toEqual(unprioritized(pre.voice));
    expect(post.users.map((u: object) => ({ ...u }))).toEqual(pre.users);
  });
});
