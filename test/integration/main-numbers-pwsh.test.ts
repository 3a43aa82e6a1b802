/**
 * #24 through the Teams backend: resource accounts (New-CsOnlineApplicationInstance, then their
 * owner tag, usage location and licence through Graph), their numbers and voice routing policy, a
 * call queue and an auto attendant (built in memory: prompts, menu, call flows, schedules, call
 * handling associations) with their associations, through real pwsh with the stand-in module
 * against the emulator in strict realism.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';
import { requirePwsh, serveSimTenant, type ServedTenant } from '../support/sim-serve.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const served: ServedTenant[] = [];
beforeAll(() => requirePwsh());
afterAll(async () => {
  await Promise.all(served.map((s) => s.stop()));
});

/** The sample's main line: both accounts, the sales queue and the attendant. */
function queueLine(): Json {
  return JSON.parse(readFileSync(path.join(ROOT, 'samples/main-number.json'), 'utf8'));
}

async function customer(spec: Json): Promise<{ dir: string; teams: Record<string, string> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'vf-main-pwsh-'));
  writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
  expect(runCli(['sim', 'init', '--users-from', 'spec.json'], { cwd: dir }).code).toBe(0);
  const s = await serveSimTenant(dir);
  served.push(s);
  return { dir, teams: s.env };
}
const sim = (dir: string): Json => JSON.parse(readFileSync(path.join(dir, '.voiceform/sim-tenant.json'), 'utf8'));
const write = (dir: string, name: string, doc: Json) => writeFileSync(path.join(dir, name), JSON.stringify(doc));

describe('main numbers through pwsh and Graph (strict realism)', () => {
  it('applies the main line, re-plans empty through Teams and the sim; a queue or menu change is one update', async () => {
    const { dir, teams } = await customer(queueLine());
    const applied = runCli(['apply', 'spec.json', '--tenant', 'teams', '--auto-approve'], { cwd: dir, env: teams });
    expect(applied.stderr).toMatch(/Apply complete/);
    const state = sim(dir);
    const main = state.users.find((u: Json) => u.upn === 'main@contoso.com');
    expect(main).toMatchObject({
      accountType: 'ResourceAccount',
      applicationType: 'autoAttendant',
      owner: 'voiceform',
      usageLocation: 'US',
      phoneNumber: '+12125550100',
      voiceRoutingPolicy: 'US-NewYork-National',
    });
    expect(state.voice.callQueues[0]).toMatchObject({
      name: 'Sales',
      resourceAccounts: ['sales-cq@contoso.com'],
      agents: ['adele.vance@contoso.com', 'lee.gu@contoso.com'],
      routingMethod: 'longestIdle',
      overflow: { threshold: 50, transferTo: 'sharedVoicemail:6d2e4d3c-1b5a-4f7e-9c8d-0a1b2c3d4e5f' },
      timeout: { seconds: 600, transferTo: 'pstn:+12125550199' },
      callerIdResourceAccounts: ['main@contoso.com'],
    });
    const viaTeams = runCli(['plan', 'spec.json', '--tenant', 'teams', '--detailed-exitcode'], {
      cwd: dir,
      env: teams,
    });
    expect(viaTeams.stdout).toContain('No changes.');
    const viaSim = runCli(['plan', 'spec.json', '--detailed-exitcode'], { cwd: dir });
    expect(viaSim.code).toBe(0);

    const changed = queueLine();
    changed.callQueues[0].timeout.transferTo = { user: 'reception@contoso.com' };
    write(dir, 'changed.json', changed);
    const plan = runCli(['plan', 'changed.json', '--tenant', 'teams', '--format', 'json'], { cwd: dir, env: teams });
    const { changes } = JSON.parse(plan.stdout);
    expect(changes.map((c: Json) => [c.address, c.diff.map((d: Json) => d.attribute)])).toEqual([
      ['callQueue["Sales"]', ['timeout.transferTo']],
    ]);
    expect(
      runCli(['apply', 'changed.json', '--tenant', 'teams', '--auto-approve'], { cwd: dir, env: teams }).code,
    ).toBe(0);
    expect(sim(dir).voice.callQueues[0].timeout.transferTo).toBe('user:reception@contoso.com');

    const menu = queueLine();
    menu.callQueues[0].timeout.transferTo = { user: 'reception@contoso.com' };
    menu.autoAttendants[0].menu.options[2].transferTo = { pstn: '+12125550198' };
    menu.autoAttendants[0].holidays.push({ name: 'Christmas', dates: ['2027-12-25'] });
    write(dir, 'menu.json', menu);
    const menuPlan = JSON.parse(
      runCli(['plan', 'menu.json', '--tenant', 'teams', '--format', 'json'], { cwd: dir, env: teams }).stdout,
    );
    expect(menuPlan.changes.map((c: Json) => [c.address, c.diff.map((d: Json) => d.attribute)])).toEqual([
      ['autoAttendant["Contoso Main"]', ['holidays.Christmas', 'menu.options.9']],
    ]);
    expect(runCli(['apply', 'menu.json', '--tenant', 'teams', '--auto-approve'], { cwd: dir, env: teams }).code).toBe(
      0,
    );
    expect(sim(dir).voice.autoAttendants[0].menu.options['9']).toBe('pstn:+12125550198');
    // The old schedules went with the old parts: the business hours and two holidays remain.
    expect(
      sim(dir)
        .schedules.map((s: Json) => s.name)
        .sort(),
    ).toEqual(['Christmas', 'Contoso Main business hours', 'New Year']);
    expect(
      runCli(['plan', 'menu.json', '--tenant', 'teams', '--detailed-exitcode'], { cwd: dir, env: teams }).code,
    ).toBe(0);
  });

  it('removing the main line deletes numbers, associations, attendant (and its schedules), queue and accounts; a rollback makes them again exactly', async () => {
    const { dir, teams } = await customer(queueLine());
    expect(runCli(['apply', 'spec.json', '--tenant', 'teams', '--auto-approve'], { cwd: dir, env: teams }).code).toBe(
      0,
    );
    const before = sim(dir);
    const gone = queueLine();
    gone.resourceAccounts = [];
    gone.callQueues = [];
    gone.autoAttendants = [];
    write(dir, 'gone.json', gone);
    const removed = runCli(['apply', 'gone.json', '--tenant', 'teams', '--auto-approve'], { cwd: dir, env: teams });
    expect(removed.code).toBe(0);
    expect(sim(dir).users.some((u: Json) => u.accountType === 'ResourceAccount')).toBe(false);
    expect(sim(dir).voice.callQueues).toEqual([]);
    const rolled = runCli(['rollback', '--tenant', 'teams', '--auto-approve'], { cwd: dir, env: teams });
    expect(rolled.stderr).toMatch(/Rollback complete/);
    const after = sim(dir);
    expect(after.voice.callQueues).toEqual(before.voice.callQueues);
    expect(after.voice.autoAttendants).toEqual(before.voice.autoAttendants);
    // The attendant's schedules went with it and came back with it: none left over.
    expect(after.schedules.map((x: Json) => x.name).sort()).toEqual(['Contoso Main business hours', 'New Year']);
    const strip = (s: Json) =>
      s.users
        .filter((u: Json) => u.accountType === 'ResourceAccount')
        .map(({ id: _id, ...u }: Json) => u)
        .sort((a: Json, b: Json) => a.upn.localeCompare(b.upn));
    expect(strip(after)).toEqual(strip(before));
    expect(
      runCli(['plan', 'spec.json', '--tenant', 'teams', '--detailed-exitcode'], { cwd: dir, env: teams }).code,
    ).toBe(0);
  });

  it('without Graph, main numbers are not read, and a plan that would change one is refused by name (exit 4)', async () => {
    const { dir, teams } = await customer(queueLine());
    const r = runCli(['plan', 'spec.json', '--tenant', 'teams'], {
      cwd: dir,
      env: { ...teams, VOICEFORM_GRAPH: 'off' },
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(
      'autoAttendant["Contoso Main"]: auto attendants cannot be managed here (resource accounts are Entra users',
    );
  });
});
