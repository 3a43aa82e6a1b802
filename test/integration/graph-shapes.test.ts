/**
 * #23 §5: every Graph object the emulator serves, checked against its type in Microsoft's own
 * schema (msgraph-metadata, pinned in test/fixtures/graph/graph-types.json): no undeclared
 * property, enum values among its members, every non-nullable property present. And the clouds:
 * Voiceform asks a cloud only for what its schema declares.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_RECORD_APIS } from '../../src/backends/graph/clouds.js';
import { TENANT_ID } from '../support/builders.js';
import { GRAPH_SCHEMA, shapeProblems } from '../support/graph-shapes.js';
import { httpsJson, simToken } from '../support/https-json.js';
import { runCli } from '../support/run-cli.js';
import { serveSimTenant, type ServedTenant } from '../support/sim-serve.js';

let s: ServedTenant;
let token: string;
beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vf-shapes-'));
  const spec = {
    apiVersion: 'voiceform/v1',
    customer: { name: 'C', tenantId: TENANT_ID, domain: 'contoso.com' },
    gateways: [{ fqdn: 'sbc1.contoso.com', sipSignalingPort: 5061 }],
    users: [
      { upn: 'u1@contoso.com', phoneNumber: '+12065550101' },
      { upn: 'u2@contoso.com', phoneNumber: '+12065550102' },
    ],
  };
  writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
  expect(runCli(['sim', 'init', '--users-from', 'spec.json'], { cwd: dir }).code).toBe(0);
  expect(runCli(['apply', 'spec.json', '--auto-approve'], { cwd: dir }).code).toBe(0);
  expect(
    runCli(['sim', 'calls', '--trunk', 'sbc1.contoso.com', '--calls', '20', '--failure-rate', '0.5'], { cwd: dir })
      .code,
  ).toBe(0);
  s = await serveSimTenant(dir);
  token = await simToken(s.info, 'https://graph.microsoft.com/.default');
});
afterAll(async () => s?.stop());

const get = async (url: string) =>
  (
    await httpsJson(`${s.info.url}/v1.0${url}`, {
      ca: s.info.caCertPath,
      headers: { authorization: `Bearer ${token}` },
    })
  ).body;
const post = async (url: string, body: unknown) =>
  await httpsJson(`${s.info.url}/v1.0${url}`, {
    ca: s.info.caCertPath,
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const each = (type: string, values: unknown[], whole = true) => values.flatMap((v) => shapeProblems(type, v, whole));

describe("the emulator's Graph objects against Microsoft's schema", () => {
  it('directory: users ($select), subscribed SKUs, domains', async () => {
    const user = await get(
      '/users/u1@contoso.com?$select=id,userPrincipalName,accountEnabled,usageLocation,assignedLicenses',
    );
    expect(shapeProblems('microsoft.graph.user', user, false)).toEqual([]);
    expect(each('microsoft.graph.subscribedSku', (await get('/subscribedSkus')).value)).toEqual([]);
    expect(each('microsoft.graph.domain', (await get('/domains')).value)).toEqual([]);
  });

  it('Teams administration: user configurations, number assignments, a number operation', async () => {
    const configs = (await get('/admin/teams/userConfigurations')).value;
    expect(configs.length).toBeGreaterThan(0);
    expect(each('microsoft.graph.teamsAdministration.teamsUserConfiguration', configs)).toEqual([]);
    const numbers = (await get('/admin/teams/telephoneNumberManagement/numberAssignments')).value;
    expect(numbers.length).toBeGreaterThan(0);
    expect(each('microsoft.graph.teamsAdministration.numberAssignment', numbers)).toEqual([]);
    const id = (await get('/users/u2@contoso.com')).id;
    const accepted = await post('/admin/teams/telephoneNumberManagement/numberAssignments/unassignNumber', {
      telephoneNumber: '+12065550102',
      numberType: 'directRouting',
      assignmentTargetId: id,
    });
    expect(accepted.status).toBe(202);
    const location = String(accepted.headers.location);
    const op = await get(location.slice(location.indexOf('/admin/')));
    const operation = op.value ?? op;
    expect(shapeProblems('microsoft.graph.teamsAdministration.telephoneNumberLongRunningOperation', operation)).toEqual(
      [],
    );
  });

  it('call records: Direct Routing rows', async () => {
    const to = new Date(Date.now() + 60_000).toISOString();
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const rows = (await get(`/communications/callRecords/getDirectRoutingCalls(fromDateTime=${from},toDateTime=${to})`))
      .value;
    expect(rows.length).toBe(20);
    expect(each('microsoft.graph.callRecords.directRoutingLogRow', rows)).toEqual([]);
  });

  it("Voiceform asks each cloud only for what that cloud's schema declares", () => {
    const declared = GRAPH_SCHEMA.clouds;
    for (const [cloud, schema] of [
      ['global', 'global'],
      ['usgov', 'usgov'],
      ['usgovdod', 'usgov'],
      ['china', 'china'],
    ] as const) {
      for (const api of ['getDirectRoutingCalls', 'getPstnCalls'] as const)
        expect([cloud, api, CALL_RECORD_APIS[cloud][api] !== 'no']).toEqual([cloud, api, declared[schema]![api]]);
    }
    // /admin/teams (userConfigurations, numberAssignments): the global schema only, as adminTeamsViaGraph assumes.
    expect([
      declared.global!.teamsAdministration,
      declared.usgov!.teamsAdministration,
      declared.china!.teamsAdministration,
    ]).toEqual([true, false, false]);
  });
});
