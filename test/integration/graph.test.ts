/**
 * Microsoft Graph through the real client library (inside the built CLI) against the emulator in
 * `sim serve`, with throttling injected; and the emulator's own contract, request by request.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { httpsJson, simToken } from '../support/https-json.js';
import { requirePwsh, serveSimTenant, type ServedTenant } from '../support/sim-serve.js';
import { TENANT_ID } from '../support/builders.js';

const served: ServedTenant[] = [];
afterAll(async () => Promise.all(served.map((s) => s.stop())));
beforeAll(() => requirePwsh());

function bigSpec(users: number): object {
  return {
    apiVersion: 'voiceform/v1',
    customer: { name: 'Big', tenantId: TENANT_ID, domain: 'big.example' },
    gateways: [{ fqdn: 'sbc1.big.example', sipSignalingPort: 5061, enabled: true }],
    sites: [
      {
        name: 'London',
        country: 'GB',
        gateways: ['sbc1.big.example'],
        numberRanges: [{ from: '+442071230000', to: '+442071239999' }],
      },
    ],
    users: Array.from({ length: users }, (_, i) => ({
      upn: i % 100 === 7 ? `user.${i}+voice@big.example` : `user${i}@big.example`,
      phoneNumber: 'auto',
      site: 'London',
    })),
  };
}

const graphRequests = async (s: ServedTenant): Promise<number> =>
  (await httpsJson(`${s.info.url}/_sim/stats`, { ca: s.info.caCertPath })).body.graph;

describe('preflight of 1,000 users through Graph', () => {
  it('takes ≤ 60 requests with 429s on every 7th request and every 5th inner batch response, losing or misclassifying nobody', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-graph-'));
    const spec = bigSpec(1000) as { users: { upn: string }[] };
    writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
    // Seed the bad ones beside the spec's users: not licensed, disabled, no usage location.
    const bad = { unlicensed: [3, 250, 999], disabled: [10, 500], nowhere: [42, 777] };
    expect(runCli(['sim', 'init', '--users-from', 'spec.json'], { cwd: dir }).code).toBe(0);
    const tenantFile = path.join(dir, '.voiceform/sim-tenant.json');
    const state = JSON.parse((await import('node:fs')).readFileSync(tenantFile, 'utf8'));
    const byUpn = new Map(state.users.map((u: { upn: string }) => [u.upn, u]));
    for (const i of bad.unlicensed)
      (byUpn.get(spec.users[i]!.upn) as { assignedLicenses: string[] }).assignedLicenses = [];
    for (const i of bad.disabled) (byUpn.get(spec.users[i]!.upn) as { accountEnabled: boolean }).accountEnabled = false;
    for (const i of bad.nowhere)
      (byUpn.get(spec.users[i]!.upn) as { usageLocation: string | null }).usageLocation = null;
    state.users = state.users.filter((u: { upn: string }) => u.upn !== spec.users[600]!.upn); // one missing altogether
    writeFileSync(tenantFile, JSON.stringify(state));

    const s = await serveSimTenant(dir, { VOICEFORM_SIM_FAULTS: 'graph-429-every=7,graph-batch-429-every=5' });
    served.push(s);
    const before = await graphRequests(s);
    const r = runCli(['plan', 'spec.json', '--tenant', 'teams'], { cwd: dir, env: s.env });
    const used = (await graphRequests(s)) - before;
    expect(r.code).toBe(4);
    const flagged = [...r.stderr.matchAll(/\/users\/(\d+)\/upn: user \S+ (.*) \[preflight\.user\]/g)].map((m) => [
      Number(m[1]),
      m[2],
    ]);
    expect(flagged.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual(
      [
        ...bad.unlicensed.map((i) => [i, 'has no Teams Phone (MCOEV) licence']),
        ...bad.disabled.map((i) => [i, 'is disabled']),
        ...bad.nowhere.map((i) => [i, 'has no usage location']),
        [600, 'does not exist in the tenant'],
      ].sort((a, b) => Number(a[0]) - Number(b[0])),
    );
    expect(used).toBeLessThanOrEqual(60);
    expect(used).toBeGreaterThan(4); // the users really were read over Graph
  });
});

describe('the Graph emulator', () => {
  let s: ServedTenant;
  let token: string;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-graph-emu-'));
    writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(bigSpec(30)));
    runCli(['sim', 'init', '--users-from', 'spec.json'], { cwd: dir });
    s = await serveSimTenant(dir);
    served.push(s);
    token = await simToken(s.info, 'https://graph.microsoft.com/.default');
  });
  const get = (url: string, auth?: string) =>
    httpsJson(`${s.info.url}/v1.0${url}`, {
      ca: s.info.caCertPath,
      headers: auth ? { authorization: `Bearer ${auth}` } : {},
    });

  it('rejects missing, foreign and wrong-audience tokens with 401', async () => {
    expect((await get('/domains')).status).toBe(401);
    expect((await get('/domains', `${token.slice(0, -4)}AAAA`)).status).toBe(401);
    expect(
      (await get('/domains', await simToken(s.info, '48ac35b8-9aa8-4d74-927d-1f4a14a0b239/.default'))).status,
    ).toBe(401);
    expect((await get('/domains', token)).status).toBe(200);
  });

  it('reads a ' + ' in a $filter only when it is sent as %2B', async () => {
    const upn = 'user.7+voice@big.example';
    const raw = await get(`/users?$filter=userPrincipalName eq '${upn}'`.replace(/ /g, '%20'), token);
    expect(raw.body.value).toEqual([]);
    const encoded = await get(`/users?$filter=${encodeURIComponent(`userPrincipalName eq '${upn}'`)}`, token);
    expect(encoded.body.value.map((u: { userPrincipalName: string }) => u.userPrincipalName)).toEqual([upn]);
  });

  it('pages users with @odata.nextLink and answers unknown users Graph-style', async () => {
    const first = await get('/users?$top=10', token);
    expect(first.body.value).toHaveLength(10);
    expect(first.body['@odata.nextLink']).toMatch(/(\$|%24)skiptoken=10/);
    const missing = await get('/users/nobody@big.example', token);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('Request_ResourceNotFound');
  });

  it('answers a $batch with dependsOn: a failed dependency gives 424; more than 20 requests is refused', async () => {
    const post = (body: unknown) =>
      httpsJson(`${s.info.url}/v1.0/$batch`, {
        ca: s.info.caCertPath,
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const r = await post({
      requests: [
        { id: '1', method: 'GET', url: '/users/nobody@big.example' },
        { id: '2', method: 'GET', url: '/domains', dependsOn: ['1'] },
        { id: '3', method: 'GET', url: '/subscribedSkus' },
      ],
    });
    const byId = Object.fromEntries(r.body.responses.map((x: { id: string; status: number }) => [x.id, x.status]));
    expect(byId).toEqual({ '1': 404, '2': 424, '3': 200 });
    expect(
      (
        await post({
          requests: Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/domains' })),
        })
      ).status,
    ).toBe(400);
  });

  it('assigns a number only to an object id (assignNumber documents assignmentTargetId as one), never to a UPN', async () => {
    const post = (body: unknown) =>
      httpsJson(`${s.info.url}/v1.0/admin/teams/telephoneNumberManagement/numberAssignments/assignNumber`, {
        ca: s.info.caCertPath,
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const byUpn = await post({
      telephoneNumber: '+442071234999',
      assignmentTargetId: 'user2@big.example',
      numberType: 'directRouting',
      assignmentCategory: 'primary',
    });
    expect(byUpn.status).toBe(400);
    expect(byUpn.body.error.message).toMatch(/not an object id/);
    const user = (await get('/users/user2@big.example', token)).body;
    expect(
      (
        await post({
          telephoneNumber: '+442071234999',
          assignmentTargetId: user.id,
          numberType: 'directRouting',
          assignmentCategory: 'primary',
        })
      ).status,
    ).toBe(202);
  });

  it('refuses a licence for a user without usage location (Request_BadRequest-style) and counts seats', async () => {
    const skus = (await get('/subscribedSkus', token)).body.value;
    expect(
      skus
        .find((x: { skuPartNumber: string }) => x.skuPartNumber === 'MCOEV')
        .servicePlans.map((p: { servicePlanName: string }) => p.servicePlanName),
    ).toEqual(['MCOEV']);
    const user = (await get('/users/user1@big.example', token)).body;
    const patch = await httpsJson(`${s.info.url}/v1.0/users/${user.id}`, {
      ca: s.info.caCertPath,
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ usageLocation: null }),
    });
    expect(patch.status).toBe(204);
    const assign = await httpsJson(`${s.info.url}/v1.0/users/${user.id}/assignLicense`, {
      ca: s.info.caCertPath,
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ addLicenses: [{ skuId: skus[0].skuId }], removeLicenses: [] }),
    });
    expect(assign.status).toBe(400);
    expect(assign.body.error.message).toMatch(/usage location/);
  });
});
