/**
 * #15 through real processes: `voiceform health --tenant teams` reads the gateways through real
 * pwsh and the stand-in module, and the call records and Message Center through the real Graph
 * client against the emulator (strict realism), following @odata.nextLink over pages of 1,000.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpsJson, simToken } from '../support/https-json.js';
import { ROOT, runCli } from '../support/run-cli.js';
import { requirePwsh, serveSimTenant, type ServedTenant } from '../support/sim-serve.js';

const SPEC = path.join(ROOT, 'samples/small-business.json');
let served: ServedTenant;
let dir: string;

beforeAll(async () => {
  requirePwsh();
  dir = mkdtempSync(path.join(tmpdir(), 'vf-health-graph-'));
  expect(runCli(['sim', 'init', '--users-from', SPEC], { cwd: dir }).code).toBe(0);
  expect(runCli(['apply', SPEC, '--auto-approve'], { cwd: dir }).code).toBe(0);
  expect(
    runCli(
      [
        'sim',
        'calls',
        '--trunk',
        'sbc1.fabrikam.co.uk',
        '--calls',
        '2500',
        '--failure-rate',
        '0.12',
        '--sip-code',
        '504',
        '--since',
        '12h',
      ],
      { cwd: dir },
    ).code,
  ).toBe(0);
  // Message Center: one post about SBC certificates, one about something else.
  const file = path.join(dir, '.voiceform/sim-tenant.json');
  const state = JSON.parse(readFileSync(file, 'utf8'));
  const post = (id: string, title: string) => ({
    id,
    title,
    services: ['Microsoft Teams'],
    tags: ['Admin impact'],
    category: 'planForChange',
    severity: 'high',
    startDateTime: '2026-11-01T00:00:00Z',
    lastModifiedDateTime: '2026-11-20T00:00:00Z',
    actionRequiredByDateTime: '2027-03-31T00:00:00Z',
    body: { contentType: 'html', content: '<p>…</p>' },
  });
  state.serviceMessages = [
    post('MC1190001', 'Direct Routing: update the trusted root certificates on your SBCs'),
    post('MC1190002', 'New emoji reactions'),
  ];
  writeFileSync(file, JSON.stringify(state));
  // Calling Plan and Operator Connect calls (getPstnCalls) of a dual-track operator's tenant.
  const pstn = (id: string, operator: string, duration: number) => ({
    id,
    callId: id,
    userPrincipalName: 'reception@fabrikam.co.uk',
    startDateTime: new Date(Date.now() - 3_600_000).toISOString(),
    endDateTime: new Date(Date.now() - 3_600_000 + duration * 1000).toISOString(),
    duration,
    charge: 0,
    currency: 'GBP',
    callType: 'oc_user_out',
    operator,
    callDurationSource: operator === 'Microsoft' ? 'microsoft' : 'operator',
  });
  writeFileSync(
    `${file}.pstn-calls.jsonl`,
    [pstn('p1', 'Contoso Telecom', 120), pstn('p2', 'Contoso Telecom', 60), pstn('p3', 'Microsoft', 30)]
      .map((r) => JSON.stringify(r))
      .join('\n'),
  );
  served = await serveSimTenant(dir);
}, 180_000);

afterAll(async () => {
  await served?.stop();
});

describe('health through Graph (real client, emulator) and pwsh', () => {
  it('pages through 2,500 call records and reads Message Center', () => {
    const r = runCli(
      [
        'health',
        SPEC,
        '--tenant',
        'teams',
        '--format',
        'json',
        '--resolve',
        'sbc1.fabrikam.co.uk=127.0.0.1:1',
        '--resolve',
        'sbc-legacy.fabrikam.co.uk=127.0.0.1:1',
      ],
      { cwd: dir, env: served.env },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const h = JSON.parse(r.stdout);
    const trunk = h.trunks.find((t: { fqdn: string }) => t.fqdn === 'sbc1.fabrikam.co.uk');
    expect(trunk).toMatchObject({
      calls: 2500,
      sbcCausedFailures: 300,
      failureRate: 0.12,
      status: 'warning',
      codes: [{ sipCode: 504, subCode: 560504, count: 300 }],
    });
    expect(h.notices.map((n: { id: string }) => n.id)).toEqual(['MC1190001']);
    expect(h.operators).toEqual([
      { operator: 'Contoso Telecom', calls: 2, seconds: 180 },
      { operator: 'Microsoft', calls: 1, seconds: 30 },
    ]);
    // Gateways came through pwsh: the tenant's hand-made, disabled one is linted.
    expect(h.lint).toContainEqual(
      expect.objectContaining({ subject: 'gateway["sbc-legacy.fabrikam.co.uk"]', rule: 'disabled-in-live-route' }),
    );
  }, 180_000);

  it('serves the documented shapes: 1,000 rows a page, @odata.count, nextLink by $skip; windows over 90 days refused', async () => {
    const token = await simToken(served.info, 'https://graph.microsoft.com/.default');
    const headers = { authorization: `Bearer ${token}` };
    const to = new Date(Date.now() + 60_000).toISOString();
    const from = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const first = await httpsJson(
      `${served.info.url}/v1.0/communications/callRecords/getDirectRoutingCalls(fromDateTime=${from},toDateTime=${to})`,
      { ca: served.info.caCertPath, headers },
    );
    expect(first.status).toBe(200);
    expect(first.body['@odata.count']).toBe(1000);
    expect(first.body.value[0]).toMatchObject({
      trunkFullyQualifiedDomainName: 'sbc1.fabrikam.co.uk',
      callType: expect.stringMatching(/^Byot(In|Out)$/),
    });
    const last = await httpsJson(first.body['@odata.nextLink'].replace('$skip=1000', '$skip=2000'), {
      ca: served.info.caCertPath,
      headers,
    });
    expect(last.body['@odata.count']).toBe(500);
    expect(last.body['@odata.nextLink']).toBeUndefined();
    const long = await httpsJson(
      `${served.info.url}/v1.0/communications/callRecords/getDirectRoutingCalls(fromDateTime=2026-01-01T00:00:00Z,toDateTime=2026-06-01T00:00:00Z)`,
      { ca: served.info.caCertPath, headers },
    );
    expect(long.status).toBe(400);
    expect(long.body.error.message).toMatch(/cannot exceed a period of 90 days/);
  });
});
