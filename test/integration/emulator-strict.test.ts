/**
 * The emulator in strict realism, request by request, against src/emulator/EMULATOR.md: writes
 * show late, a write naming an object created a moment ago fails with a propagation error for a
 * while, batch policy assignments and number operations run over time, shapes as Microsoft's
 * examples show them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENANT_ID } from '../support/builders.js';
import { httpsJson, simToken } from '../support/https-json.js';
import { runCli } from '../support/run-cli.js';
import { serveSimTenant, type ServedTenant } from '../support/sim-serve.js';

const VISIBILITY = 600;
let s: ServedTenant;
let teams: string;
let graph: string;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vf-strict-'));
  const spec = {
    apiVersion: 'voiceform/v1',
    customer: { name: 'C', tenantId: TENANT_ID, domain: 'contoso.com' },
    users: [{ upn: 'u1@contoso.com', phoneNumber: '+442071234001' }],
  };
  writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
  expect(runCli(['sim', 'init', '--users-from', 'spec.json'], { cwd: dir }).code).toBe(0);
  s = await serveSimTenant(dir, {}, ['--realism', 'strict', '--visibility-ms', String(VISIBILITY)]);
  teams = await simToken(s.info, '48ac35b8-9aa8-4d74-927d-1f4a14a0b239/.default');
  graph = await simToken(s.info, 'https://graph.microsoft.com/.default');
});
afterAll(async () => s?.stop());

const cmdlet = (name: string, params: Record<string, unknown> = {}) =>
  httpsJson(`${s.info.url}/teams/v1/cmdlet`, {
    ca: s.info.caCertPath,
    method: 'POST',
    headers: { authorization: `Bearer ${teams}`, 'content-type': 'application/json' },
    body: JSON.stringify({ cmdlet: name, params }),
  });
const graphGet = (url: string) =>
  httpsJson(`${s.info.url}/v1.0${url}`, { ca: s.info.caCertPath, headers: { authorization: `Bearer ${graph}` } });
const graphPost = (url: string, body: unknown) =>
  httpsJson(`${s.info.url}/v1.0${url}`, {
    ca: s.info.caCertPath,
    method: 'POST',
    headers: { authorization: `Bearer ${graph}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sim serve --realism strict', () => {
  it('shows a write to reads only after the visibility delay, and refuses a write naming it until then (propagation)', async () => {
    expect((await cmdlet('Set-CsOnlinePstnUsage', { Identity: 'Global', Usage: { Add: ['Fresh'] } })).status).toBe(200);
    expect((await cmdlet('Get-CsOnlinePstnUsage')).body.output[0].Usage).not.toContain('Fresh');
    const early = await cmdlet('New-CsOnlineVoiceRoutingPolicy', { Identity: 'P-Fresh', OnlinePstnUsages: ['Fresh'] });
    expect(early.status).toBe(500);
    expect(early.body.error).toMatchObject({ code: 'propagation' });
    expect(early.body.error.message).toMatch(/try again later/);
    await sleep(VISIBILITY + 100);
    expect((await cmdlet('Get-CsOnlinePstnUsage')).body.output[0].Usage).toContain('Fresh');
    expect(
      (await cmdlet('New-CsOnlineVoiceRoutingPolicy', { Identity: 'P-Fresh', OnlinePstnUsages: ['Fresh'] })).status,
    ).toBe(200);
  });

  it('runs a batch policy assignment NotStarted → InProgress → Completed, and returns policies as {Authority, Name}', async () => {
    await sleep(VISIBILITY + 100);
    const user = (await cmdlet('Get-CsOnlineUser', { Identity: 'u1@contoso.com' })).body.output[0];
    const created = await cmdlet('New-CsBatchPolicyAssignmentOperation', {
      PolicyType: 'OnlineVoiceRoutingPolicy',
      PolicyName: 'P-Fresh',
      Identity: [user.Identity],
    });
    // The module's declared output: the bare operation id ([OutputType([System.String])]).
    const id = created.body.output[0];
    expect(typeof id).toBe('string');
    const seen = new Set<string>();
    for (let i = 0; i < 40 && !seen.has('Completed'); i++) {
      seen.add((await cmdlet('Get-CsBatchPolicyAssignmentOperation', { Identity: id })).body.output[0].OverallStatus);
      await sleep(VISIBILITY / 10);
    }
    expect([...seen]).toEqual(['NotStarted', 'InProgress', 'Completed']);
    await sleep(VISIBILITY + 100);
    expect(
      (await cmdlet('Get-CsOnlineUser', { Identity: 'u1@contoso.com' })).body.output[0].OnlineVoiceRoutingPolicy,
    ).toEqual({ Authority: 'Tenant', Name: 'P-Fresh' });
  });

  it("runs a number operation notStarted → running → failed with numbers[].statusDetail, value-wrapped, at an operations('id') Location", async () => {
    const id = (await graphGet('/users/u1@contoso.com')).body.id;
    const posted = await graphPost('/admin/teams/telephoneNumberManagement/numberAssignments/assignNumber', {
      telephoneNumber: '+15555550100',
      assignmentTargetId: id,
      numberType: 'operatorConnect',
      assignmentCategory: 'primary',
    });
    expect(posted.status).toBe(202);
    const location = String(posted.headers.location);
    expect(location).toMatch(/operations\('op-\d+'\)$/);
    const statuses = new Set<string>();
    let last: { status: string; numbers: { statusDetail?: string }[] } | undefined;
    for (let i = 0; i < 40 && last?.status !== 'failed'; i++) {
      const r = await graphGet(new URL(location).pathname.replace(/^\/v1\.0/, ''));
      expect(r.body).toHaveProperty('value');
      last = r.body.value;
      statuses.add(last!.status);
      await sleep(VISIBILITY / 10);
    }
    expect([...statuses]).toEqual(['notStarted', 'running', 'failed']);
    expect(last!.numbers[0]!.statusDetail).toMatch(/Operator Connect inventory|another type|remove it/);
  });

  it('wraps a single userConfiguration in "value"', async () => {
    const id = (await graphGet('/users/u1@contoso.com')).body.id;
    const r = await graphGet(`/admin/teams/userConfigurations/${id}`);
    expect(r.body.value).toMatchObject({ id, userPrincipalName: 'u1@contoso.com' });
  });
});
