/**
 * #23 §3 (fidelity review N4): Connect-MicrosoftTeams -AccessTokens cannot renew its tokens, and a
 * run may outlive them. Against an emulator whose tokens last 20 s, an apply through real pwsh is
 * held at its first write (a hold file) until the tokens it signed in with have expired; released,
 * it signs in again and finishes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENANT_ID } from '../support/builders.js';
import { httpsJson } from '../support/https-json.js';
import { background, runCli, waitFor } from '../support/run-cli.js';
import { requirePwsh, serveSimTenant, STRICT, type ServedTenant } from '../support/sim-serve.js';

const LIFETIME_S = 20;
let s: ServedTenant;
let dir: string;
let hold: string;
beforeAll(async () => {
  requirePwsh();
  dir = mkdtempSync(path.join(tmpdir(), 'vf-token-'));
  const spec = {
    apiVersion: 'voiceform/v1',
    customer: { name: 'C', tenantId: TENANT_ID, domain: 'contoso.com' },
    gateways: [{ fqdn: 'sbc1.contoso.com', sipSignalingPort: 5061 }],
    pstnUsages: ['U-One', 'U-Two'],
    voiceRoutes: [
      { name: 'R-One', numberPattern: '^\\+1\\d{10}$', gateways: ['sbc1.contoso.com'], pstnUsages: ['U-One'] },
      { name: 'R-Two', numberPattern: '^\\+44\\d{10}$', gateways: ['sbc1.contoso.com'], pstnUsages: ['U-Two'] },
    ],
    voiceRoutingPolicies: [{ name: 'P-One', pstnUsages: ['U-One', 'U-Two'] }],
    users: [{ upn: 'u1@contoso.com', phoneNumber: '+12065550101', voiceRoutingPolicy: 'P-One' }],
  };
  writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
  expect(runCli(['sim', 'init', '--users-from', 'spec.json'], { cwd: dir }).code).toBe(0);
  hold = path.join(dir, 'hold');
  s = await serveSimTenant(dir, { VOICEFORM_SIM_FAULTS: `hold-file=${hold}` }, [
    ...STRICT,
    '--token-lifetime-s',
    String(LIFETIME_S),
  ]);
});
afterAll(async () => s?.stop());

describe('a run longer than its tokens', () => {
  it('signs in again once its tokens have run out, and finishes the apply', async () => {
    const stats = async () => (await httpsJson(`${s.info.url}/_sim/stats`, { ca: s.info.caCertPath })).body;
    writeFileSync(hold, '');
    const apply = background(['apply', 'spec.json', '--tenant', 'teams', '--auto-approve'], dir, s.env);
    // Its first write has reached the tenant (and waits there): every token it holds was issued before now.
    // A busy machine takes long to start pwsh, sign in and plan: a generous deadline, never a sleep.
    await waitFor(async () => Object.keys((await stats()).byCmdlet).some((c) => !c.startsWith('Get-')), 300_000);
    const issuedBy = Date.now();
    const tokensBefore = (await stats()).token;
    await waitFor(() => Date.now() > issuedBy + LIFETIME_S * 1000 + 1000, (LIFETIME_S + 60) * 1000);
    rmSync(hold);
    const r = await apply;
    expect(r.stderr).toMatch(/Apply complete/);
    expect(r.code).toBe(0);
    expect((await stats()).token).toBeGreaterThan(tokensBefore);
    const tenant = JSON.parse(readFileSync(path.join(dir, '.voiceform/sim-tenant.json'), 'utf8'));
    expect(tenant.voice.voiceRoutes.map((x: { name: string }) => x.name)).toEqual(
      expect.arrayContaining(['R-One', 'R-Two']),
    );
  }, 480_000);
});
