/**
 * #25 through the Teams backend: the US customer's trusted IPs, network regions, sites and
 * subnets, emergency calling policies and their grants, PIDF-LO on the gateway, and the Location
 * Information Service (civic addresses and places named by ids Teams generates, LIS subnets,
 * access points, switches and ports upserted with a LocationId), through real pwsh with the
 * stand-in module and Graph against the emulator in strict realism.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';
import { EMERGENCY_LISTS } from '../support/sim-builders.js';
import { requirePwsh, serveSimTenant, type ServedTenant } from '../support/sim-serve.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const served: ServedTenant[] = [];
beforeAll(() => requirePwsh());
afterAll(async () => {
  await Promise.all(served.map((s) => s.stop()));
});

const sample = (): Json => JSON.parse(readFileSync(path.join(ROOT, 'samples/us-emergency.json'), 'utf8'));
const sim = (dir: string): Json => JSON.parse(readFileSync(path.join(dir, '.voiceform/sim-tenant.json'), 'utf8'));
const emergencyOf = (s: Json) => Object.fromEntries(EMERGENCY_LISTS.map((l) => [l, s.voice[l]]));
const write = (dir: string, name: string, doc: Json) => writeFileSync(path.join(dir, name), JSON.stringify(doc));

async function customer(faults?: string): Promise<{ dir: string; teams: Record<string, string> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'vf-emergency-pwsh-'));
  write(dir, 'spec.json', sample());
  expect(runCli(['sim', 'init', '--users-from', 'spec.json'], { cwd: dir }).code).toBe(0);
  const s = await serveSimTenant(dir, faults ? { VOICEFORM_SIM_FAULTS: faults } : {});
  served.push(s);
  return { dir, teams: s.env };
}

describe('emergency calling through pwsh and Graph (strict realism)', () => {
  it('applies, re-plans empty through Teams and the sim, exports round-trip, and proves compliance on the tenant', async () => {
    const { dir, teams } = await customer();
    const applied = runCli(['apply', 'spec.json', '--tenant', 'teams', '--auto-approve'], { cwd: dir, env: teams });
    expect(applied.stderr).toMatch(/Apply complete/);
    const state = sim(dir);
    expect(state.voice.emergencyAddresses.map((a: Json) => a.description).sort()).toEqual([
      '[voiceform] Chicago',
      '[voiceform] NewYork',
    ]);
    // The emulator keeps Teams' ids: addresses, their default locations and places each got one.
    expect(Object.keys(state.lisIds).sort()).toEqual([
      'address:chicago',
      'address:newyork',
      'default:chicago',
      'default:newyork',
      'place:chicago/floor 40',
      'place:newyork/floor 21',
      'place:newyork/floor 22',
    ]);
    expect(state.voice.lisSubnets).toContainEqual({ name: '10.30.0.0', place: 'Chicago', description: '[voiceform]' });
    expect(state.voice.lisPorts).toEqual([
      { name: 'B8-BE-BF-4A-A3-00/12', place: 'NewYork/Floor 22', description: '[voiceform]' },
    ]);
    expect(state.voice.networkSites.find((s: Json) => s.name === 'Chicago')).toMatchObject({
      emergencyCallingPolicy: 'US-Chicago-EmergencyCalling',
      emergencyCallRoutingPolicy: 'US-Chicago-Emergency',
    });
    expect(state.voice.emergencyCallingPolicies.find((p: Json) => p.name === 'US-Chicago-EmergencyCalling')).toEqual({
      name: 'US-Chicago-EmergencyCalling',
      description: '[voiceform] emergency notification of site Chicago',
      notificationGroup: ['security@fabrikam.com', 'chicago-facilities@fabrikam.com'],
      notificationMode: 'NotificationOnly',
      notificationDialOutNumber: '',
      externalLocationLookup: true,
    });
    expect(state.voice.gateways.find((g: Json) => g.fqdn === 'sbc1.voice.fabrikam.com').pidfloSupported).toBe(true);
    expect(state.users.find((u: Json) => u.upn === 'megan.bowen@fabrikam.com').emergencyCallingPolicy).toBe(
      'US-Chicago-EmergencyCalling',
    );
    const viaTeams = runCli(['plan', 'spec.json', '--tenant', 'teams', '--detailed-exitcode'], {
      cwd: dir,
      env: teams,
    });
    expect(viaTeams.stdout).toContain('No changes.');
    expect(runCli(['plan', 'spec.json', '--detailed-exitcode'], { cwd: dir }).code).toBe(0);

    const exported = runCli(['export', '--tenant', 'teams'], {
      cwd: dir,
      env: { ...teams, VOICEFORM_TENANT_ID: sample().customer.tenantId },
    });
    expect(exported.stderr).toBe('');
    writeFileSync(path.join(dir, 'exported.json'), exported.stdout);
    expect(JSON.parse(exported.stdout).emergencyAddresses).toHaveLength(2);
    expect(
      runCli(['plan', 'exported.json', '--tenant', 'teams', '--detailed-exitcode'], { cwd: dir, env: teams }).code,
    ).toBe(0);

    const proven = runCli(['compliance', 'spec.json', '--tenant', 'teams', '--format', 'json', '--detailed-exitcode'], {
      cwd: dir,
      env: teams,
    });
    expect(proven.code).toBe(0);
    const report = JSON.parse(proven.stdout);
    expect(report.evaluated).toBe('tenant');
    expect(report.summary.fail).toBe(0);
    // Teams has validated neither address (the emulator validates none): said, with the way to do it.
    expect(report.sites.map((x: Json) => x.checks.find((c: Json) => c.id === 'civic-address'))).toEqual([
      expect.objectContaining({
        status: 'warning',
        message: 'Teams reports the civic address of NewYork as NotValidated',
      }),
      expect.objectContaining({
        status: 'warning',
        message: 'Teams reports the civic address of Chicago as NotValidated',
      }),
    ]);

    // An address field and a place's ELIN change in place (Set- by id); a dropped block goes in Teams' order.
    const changed = sample();
    changed.sites[0].emergency.address.postalCode = '10001';
    changed.sites[0].emergency.places[1].elin = '2125550123';
    delete changed.sites[1].emergency;
    changed.networkSubnets = [];
    write(dir, 'changed.json', changed);
    const plan = JSON.parse(
      runCli(['plan', 'changed.json', '--tenant', 'teams', '--format', 'json'], { cwd: dir, env: teams }).stdout,
    );
    expect(plan.changes.filter((c: Json) => c.action === 'update').map((c: Json) => c.address)).toEqual([
      'emergencyAddress["NewYork"]',
      'emergencyPlace["NewYork/Floor 22"]',
      'userPolicy["megan.bowen@fabrikam.com"]',
    ]);
    const ids = sim(dir).lisIds;
    const second = runCli(['apply', 'changed.json', '--tenant', 'teams', '--auto-approve'], { cwd: dir, env: teams });
    expect(second.stderr).toMatch(/Apply complete/);
    const after = sim(dir);
    expect(after.voice.emergencyAddresses.map((a: Json) => `${a.name} ${a.postalCode}`)).toEqual(['NewYork 10001']);
    expect(after.lisIds['address:newyork']).toBe(ids['address:newyork']);
    expect(after.lisIds['address:chicago']).toBeUndefined();
    expect(after.voice.lisSubnets.map((s: Json) => s.name).sort()).toEqual(['10.20.21.0', '10.20.22.0']);
    expect(
      runCli(['plan', 'changed.json', '--tenant', 'teams', '--detailed-exitcode'], { cwd: dir, env: teams }).code,
    ).toBe(0);
  });

  it('a fault among the LIS writes rolls every emergency object back (exit 5), and the apply can be run again', async () => {
    // The 60th write of the emulator falls among the addresses, places and identifiers.
    const { dir, teams } = await customer('fail-at=60');
    const before = emergencyOf(sim(dir));
    const r = runCli(['apply', 'spec.json', '--tenant', 'teams', '--auto-approve'], { cwd: dir, env: teams });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/create (emergencyAddress|emergencyPlace|lis\w+)\[.*\]: done/);
    expect(r.stderr).toMatch(/Rolled back|rolled back/);
    expect(emergencyOf(sim(dir))).toEqual(before);
    expect(sim(dir).lisIds ?? {}).toEqual({});
    const again = runCli(['apply', 'spec.json', '--tenant', 'teams', '--auto-approve'], { cwd: dir, env: teams });
    expect(again.stderr).toMatch(/Apply complete/);
    expect(
      runCli(['plan', 'spec.json', '--tenant', 'teams', '--detailed-exitcode'], { cwd: dir, env: teams }).code,
    ).toBe(0);
  });
});
