/**
 * #25: emergency calling a US customer can prove, on the simulated tenant: two sites' civic
 * addresses, places, LIS subnets, access points, a switch and a port, trusted IPs, network
 * region, sites and subnets, emergency calling policies for notification and PIDF-LO on the
 * gateway, from each site's `emergency` block; applied, re-planned empty, exported, removed in
 * Teams' order and rolled back after a fault; `voiceform compliance` passes on it and names each
 * cause on a spec that breaks every rule once. (The pwsh + Graph path: integration/emergency-pwsh.test.ts.)
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { ROOT, runCli } from '../support/run-cli.js';
import { EMERGENCY_LISTS } from '../support/sim-builders.js';

const SAMPLE = path.join(ROOT, 'samples/us-emergency.json');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const spec = (): Json => JSON.parse(readFileSync(SAMPLE, 'utf8'));
function customer(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vf-emergency-'));
  writeFileSync(path.join(dir, 'spec.json'), readFileSync(SAMPLE));
  expect(runCli(['sim', 'init', '--users-from', 'spec.json'], { cwd: dir }).code).toBe(0);
  return dir;
}
const write = (dir: string, name: string, doc: Json) => writeFileSync(path.join(dir, name), JSON.stringify(doc));
const sim = (dir: string): Json => JSON.parse(readFileSync(path.join(dir, '.voiceform/sim-tenant.json'), 'utf8'));
const planJson = (dir: string, file: string) => {
  const r = runCli(['plan', file, '--format', 'json'], { cwd: dir });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { changes: { address: string; action: string }[] };
};
const emergencyOf = (s: Json) => Object.fromEntries(EMERGENCY_LISTS.map((l) => [l, s.voice[l]]));

describe('a US customer on the simulated tenant', () => {
  let dir: string;
  beforeAll(() => {
    dir = customer();
    expect(runCli(['apply', 'spec.json', '--auto-approve'], { cwd: dir }).code).toBe(0);
  });

  it("applies each site's emergency block and re-plans empty", () => {
    const v = sim(dir).voice;
    expect(v.emergencyAddresses.find((a: Json) => a.name === 'NewYork')).toMatchObject({
      description: '[voiceform] NewYork',
      houseNumber: '350',
      stateOrProvince: 'NY',
      country: 'US',
      latitude: '40.7484',
      longitude: '-73.9857',
    });
    expect(v.emergencyPlaces.map((p: Json) => p.name).sort()).toEqual([
      'Chicago/Floor 40',
      'NewYork/Floor 21',
      'NewYork/Floor 22',
    ]);
    expect(v.lisSubnets).toContainEqual({ name: '10.20.21.0', place: 'NewYork/Floor 21', description: '[voiceform]' });
    // A subnet with no place is mapped to the address itself (its default location).
    expect(v.lisSubnets).toContainEqual({ name: '10.30.0.0', place: 'Chicago', description: '[voiceform]' });
    expect(v.lisWirelessAccessPoints[0]).toMatchObject({ name: 'F0-E1-D2-C3-B4-*', place: 'NewYork/Floor 21' });
    expect(v.lisPorts[0]).toMatchObject({ name: 'B8-BE-BF-4A-A3-00/12', place: 'NewYork/Floor 22' });
    expect(v.networkSites.find((s: Json) => s.name === 'NewYork')).toMatchObject({
      networkRegion: 'NorthAmerica',
      emergencyCallingPolicy: 'US-NewYork-EmergencyCalling',
      emergencyCallRoutingPolicy: 'US-NewYork-Emergency',
    });
    expect(v.networkSubnets.map((s: Json) => `${s.name}/${s.maskBits} ${s.networkSite}`).sort()).toEqual([
      '10.20.21.0/24 NewYork',
      '10.20.22.0/24 NewYork',
      '10.30.0.0/16 Chicago',
      '10.30.40.0/24 Chicago',
    ]);
    expect(v.emergencyCallingPolicies.find((p: Json) => p.name === 'US-NewYork-EmergencyCalling')).toMatchObject({
      notificationGroup: ['security@fabrikam.com'],
      notificationMode: 'ConferenceMuted',
      notificationDialOutNumber: '+12125550177',
    });
    // The outside-line prefix "9" gives the site's own policy 9911-style masks.
    expect(
      v.emergencyCallRoutingPolicies.find((p: Json) => p.name === 'US-NewYork-Emergency').emergencyNumbers,
    ).toContainEqual({ dialString: '911', dialMask: '9911', pstnUsage: 'US-NewYork-Emergency' });
    expect(v.gateways.find((g: Json) => g.fqdn === 'sbc1.voice.fabrikam.com').pidfloSupported).toBe(true);
    expect(v.trustedIps.map((t: Json) => `${t.name}/${t.maskBits}`)).toContain('2001:db8:10::/48');
    const adele = sim(dir).users.find((u: Json) => u.upn === 'adele.vance@fabrikam.com');
    expect(adele.emergencyCallingPolicy).toBe('US-NewYork-EmergencyCalling');
    expect(planJson(dir, 'spec.json').changes).toEqual([]);
  });

  it('export round-trips: addresses come back with their places and identifiers, and plan empty', () => {
    const r = runCli(['export'], { cwd: dir });
    expect(r.code).toBe(0);
    writeFileSync(path.join(dir, 'exported.json'), r.stdout);
    const chicago = JSON.parse(r.stdout).emergencyAddresses.find((a: Json) => a.name === 'Chicago');
    expect(chicago).toMatchObject({
      preDirectional: 'S',
      latitude: 41.8789,
      places: [{ name: 'Floor 40' }],
    });
    expect(chicago.subnets).toHaveLength(2);
    expect(chicago.subnets).toContainEqual({ subnet: '10.30.40.0', place: 'Floor 40' });
    expect(chicago.subnets).toContainEqual({ subnet: '10.30.0.0' });
    expect(planJson(dir, 'exported.json').changes).toEqual([]);
  });

  it('a changed address is an update of its fields; a dropped site block goes in Teams order', () => {
    const s = spec();
    s.sites[0].emergency.address.houseNumber = '351';
    write(dir, 'moved.json', s);
    const moved = planJson(dir, 'moved.json').changes;
    expect(moved.map((c) => `${c.action} ${c.address}`)).toEqual(['update emergencyAddress["NewYork"]']);

    delete s.sites[1].emergency;
    s.networkSubnets = [];
    write(dir, 'gone.json', s);
    const order = planJson(dir, 'gone.json')
      .changes.filter((c) => c.action === 'delete')
      .map((c) => c.address.replace(/\[.*$/, ''));
    // Identifiers before their place, places before their address; subnets before their network site.
    expect(order.indexOf('lisSubnet')).toBeLessThan(order.indexOf('emergencyPlace'));
    expect(order.indexOf('emergencyPlace')).toBeLessThan(order.indexOf('emergencyAddress'));
    expect(order.indexOf('networkSubnet')).toBeLessThan(order.indexOf('networkSite'));
    expect(order.indexOf('networkSite')).toBeLessThan(order.indexOf('emergencyCallingPolicy'));
  });

  it('a fault mid-way rolls every emergency object back to before', () => {
    const fresh = customer();
    const before = emergencyOf(sim(fresh));
    // The 70th write is among the LIS objects (after the policies, sites and addresses).
    const r = runCli(['apply', 'spec.json', '--auto-approve'], {
      cwd: fresh,
      env: { VOICEFORM_SIM_FAULTS: 'fail-at=70' },
    });
    expect(r.code).toBe(5);
    expect(emergencyOf(sim(fresh))).toEqual(before);
    expect(sim(fresh).voice.emergencyAddresses).toEqual([]);
  });
});

describe('simulate routes emergency numbers by the emergency call routing policy', () => {
  it("9911 (the outside-line mask) goes as 911 by the site's policy; 911 too; a national number by the voice routing policy", () => {
    const dial = (d: string) => {
      const r = runCli(['simulate', SAMPLE, '--site', 'NewYork', '--dial', d, '--format', 'json']);
      expect(r.stderr).toBe('');
      return JSON.parse(r.stdout) as Json;
    };
    expect(dial('9911')).toMatchObject({
      normalized: '9911',
      emergency: { policy: 'US-NewYork-Emergency', dialString: '911' },
      route: { name: 'US-NewYork-Emergency' },
      gateways: ['sbc1.voice.fabrikam.com'],
    });
    expect(dial('911').emergency).toEqual({ policy: 'US-NewYork-Emergency', dialString: '911' });
    const national = dial('2125550199');
    expect(national.emergency).toBeUndefined();
    expect(national.route.name).toBe('US-NewYork-Local');
  });
});

describe('an address Teams will not edit (outside the countries Set-CsOnlineLisCivicAddress serves)', () => {
  it('an edit is refused before anything runs (exit 4); a new name makes the new address and moves its identifiers', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-emergency-gb-'));
    const s = JSON.parse(readFileSync(path.join(ROOT, 'samples/enterprise.json'), 'utf8'));
    s.emergencyAddresses = [
      {
        name: 'London-HQ',
        companyName: 'Contoso UK',
        houseNumber: '1',
        streetName: 'Cheapside',
        city: 'London',
        postalCode: 'EC2V 6DN',
        country: 'GB',
        latitude: 51.514,
        longitude: -0.093,
        places: [{ name: 'Floor 1' }],
        subnets: [{ subnet: '10.44.1.0', place: 'Floor 1' }, { subnet: '10.44.0.0' }],
      },
    ];
    write(dir, 'spec.json', s);
    expect(runCli(['sim', 'init', '--users-from', 'spec.json'], { cwd: dir }).code).toBe(0);
    expect(runCli(['apply', 'spec.json', '--auto-approve'], { cwd: dir }).code).toBe(0);
    s.emergencyAddresses[0].streetName = 'Poultry';
    write(dir, 'edit.json', s);
    const refused = runCli(['apply', 'edit.json', '--auto-approve'], { cwd: dir });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain(
      '/emergencyAddresses/0: emergency address London-HQ is in GB, where Teams does not edit civic addresses (streetName would change',
    );
    s.emergencyAddresses[0].name = 'London-HQ-2';
    write(dir, 'renamed.json', s);
    expect(planJson(dir, 'renamed.json').changes.map((c) => `${c.action} ${c.address}`)).toEqual([
      'create emergencyAddress["London-HQ-2"]',
      'create emergencyPlace["London-HQ-2/Floor 1"]',
      'update lisSubnet["10.44.0.0"]',
      'update lisSubnet["10.44.1.0"]',
      'delete emergencyPlace["London-HQ/Floor 1"]',
      'delete emergencyAddress["London-HQ"]',
    ]);
    expect(runCli(['apply', 'renamed.json', '--auto-approve'], { cwd: dir }).code).toBe(0);
    expect(
      sim(dir)
        .voice.lisSubnets.map((x: Json) => x.place)
        .sort(),
    ).toEqual(['London-HQ-2', 'London-HQ-2/Floor 1']);
    expect(planJson(dir, 'renamed.json').changes).toEqual([]);
  });
});

describe('voiceform compliance', () => {
  const compliance = (file: string, ...args: string[]) => {
    const r = runCli(['compliance', file, '--format', 'json', '--detailed-exitcode', ...args]);
    expect(r.stderr).toBe('');
    return { code: r.code, report: JSON.parse(r.stdout) as Json };
  };
  const failures = (report: Json) =>
    [...report.sites.map((s: Json) => [s.name, s.checks]), ...report.users.map((u: Json) => [u.upn, u.checks])].flatMap(
      ([who, checks]: [string, Json[]]) =>
        checks.filter((c) => c.status === 'fail').map((c) => `${who} ${c.id}: ${c.message}`),
    );

  it('passes on the US sample, every check with its source (exit 0 with --detailed-exitcode)', () => {
    const { code, report } = compliance(SAMPLE);
    expect(failures(report)).toEqual([]);
    expect(code).toBe(0);
    expect(report.country).toBeNull();
    expect(report.summary).toMatchObject({ fail: 0, warning: 0 });
    const ny = report.sites.find((s: Json) => s.name === 'NewYork');
    expect(ny.checks.map((c: Json) => `${c.id} ${c.status}`)).toEqual([
      'direct-dial pass',
      'outside-line pass',
      'coverage pass',
      'notification pass',
      'civic-address pass',
      'place pass',
      'lis-subnets pass',
      'trusted-ips pass',
      'pidflo pass',
      'location-delivery pass',
      'test-call pass',
    ]);
    expect(ny.checks.find((c: Json) => c.id === 'notification').source).toMatch(/Kari's Law/);
    expect(ny.checks.find((c: Json) => c.id === 'civic-address').source).toMatch(/RAY BAUM/);
    expect(report.users).toHaveLength(3);
  });

  it('fails on a broken spec, naming each cause (exit 2)', () => {
    const s = spec();
    // A dial plan whose rule turns 911 into +911, granted to one user.
    s.dialPlans = [
      {
        name: 'US-Plus',
        normalizationRules: [{ name: 'AddPlus', pattern: '^(\\d+)$', translation: '+$1' }],
      },
    ];
    s.users[1].dialPlan = 'US-Plus';
    s.gateways[0].pidfloSupported = false;
    delete s.sites[1].emergency.address;
    s.networkSubnets.push({ subnet: '10.20.99.0', maskBits: 24, networkSite: 'NewYork' });
    s.users.push({ upn: 'nobody@fabrikam.com', phoneNumber: '+12125550150' });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'vf-compliance-')), 'broken.json');
    writeFileSync(file, JSON.stringify(s));
    const { code, report } = compliance(file);
    expect(code).toBe(2);
    const found = failures(report).join('\n');
    expect(found).toMatch(
      /lee\.gu@fabrikam\.com direct-dial: 911: dial plan US-Plus's normalization rule AddPlus turns 911 into \+911/,
    );
    expect(found).toMatch(
      /NewYork pidflo: gateway\(s\) sbc1\.voice\.fabrikam\.com carry emergency calls without PIDF-LO/,
    );
    expect(found).toMatch(/Chicago civic-address: site Chicago has no civic address/);
    expect(found).toMatch(
      /NewYork lis-subnets: subnet\(s\) 10\.20\.99\.0\/24 of network site NewYork are not in the LIS/,
    );
    expect(found).toMatch(/nobody@fabrikam\.com coverage: nobody@fabrikam\.com has no emergency call routing policy/);
    // Every failure carries its fix.
    const failed = [...report.sites, ...report.users]
      .flatMap((x: Json) => x.checks)
      .filter((c: Json) => c.status === 'fail');
    expect(failed.every((c: Json) => typeof c.fix === 'string' && c.fix.length > 0)).toBe(true);
    // The subnet missing from the LIS is also a validate warning, not an error.
    const v = runCli(['validate', file]);
    expect(v.code).toBe(0);
    expect(v.stderr).toMatch(
      /warning: \/networkSubnets\/1\/subnet: subnet 10\.20\.99\.0\/24 of network site NewYork is not a LIS subnet/,
    );
  });

  it('outside the US only the checks that apply: the rest are not applicable', () => {
    const { report } = compliance(path.join(ROOT, 'samples/enterprise.json'), '--country', 'GB');
    expect(report.country).toBe('GB');
    expect(report.sites.map((s: Json) => s.name)).toEqual(['London']);
    const status = Object.fromEntries(report.sites[0].checks.map((c: Json) => [c.id, c.status]));
    expect(status).toMatchObject({
      'direct-dial': 'pass',
      coverage: 'pass',
      notification: 'not-applicable',
      pidflo: 'not-applicable',
    });
  });

  describe('HTML in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
    });

    it('is one self-contained page whose hostile names stay text', async () => {
      const s = spec();
      s.sites[0].emergency.places[0].name = '<img src=x onerror=alert(1)>';
      s.sites[0].emergency.subnets[0].place = '<img src=x onerror=alert(1)>';
      s.sites[0].emergency.wirelessAccessPoints[0].place = '<img src=x onerror=alert(1)>';
      const dir = mkdtempSync(path.join(tmpdir(), 'vf-compliance-html-'));
      writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(s));
      const r = runCli(['compliance', 'spec.json', '--format', 'html'], { cwd: dir });
      expect(r.code).toBe(0);
      writeFileSync(path.join(dir, 'report.html'), r.stdout);
      const page = await browser.newPage();
      const requests: string[] = [];
      const problems: string[] = [];
      page.on('request', (q) => void requests.push(q.url()));
      page.on('pageerror', (e) => void problems.push(e.message));
      await page.goto(pathToFileURL(path.join(dir, 'report.html')).href);
      expect(await page.locator('#summary').innerText()).toMatch(/^\d+ pass, 0 fail, 0 warning/);
      expect(await page.locator('h2').allInnerTexts()).toContain('Site NewYork (US)');
      expect(await page.locator('body').innerText()).toContain('places: <img src=x onerror=alert(1)>, Floor 22');
      expect(await page.locator('img').count()).toBe(0);
      expect(requests).toEqual([pathToFileURL(path.join(dir, 'report.html')).href]);
      expect(problems).toEqual([]);
      await page.close();
    });
  });
});

describe('bad input in an emergency block names its JSON path', () => {
  const validate = (mutate: (s: Json) => void) => {
    const s = spec();
    mutate(s);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'vf-emergency-bad-')), 'spec.json');
    writeFileSync(file, JSON.stringify(s));
    const r = runCli(['validate', file]);
    return { code: r.code, stderr: r.stdout + r.stderr };
  };

  it('a malformed BSSID, a place the address lacks, missing coordinates, a long notification group', () => {
    const bssid = validate((s) => (s.sites[0].emergency.wirelessAccessPoints[0].bssid = 'F0-E1-D2-C3-B4-A5-**'));
    expect(bssid.code).toBe(3);
    expect(bssid.stderr).toMatch(/\/sites\/0\/emergency\/wirelessAccessPoints\/0\/bssid/);
    const place = validate((s) => (s.sites[0].emergency.subnets[0].place = 'Floor 99'));
    expect(place.code).toBe(3);
    expect(place.stderr).toMatch(/\/sites\/0\/emergency: place "Floor 99" is not one of address NewYork's places/);
    const coordinates = validate((s) => delete s.sites[1].emergency.address.latitude);
    expect(coordinates.code).toBe(3);
    expect(coordinates.stderr).toMatch(/needs latitude and longitude/);
    const group = validate(
      (s) => (s.sites[0].emergency.notify.group = Array.from({ length: 11 }, (_, i) => `g${i}@fabrikam.com`)),
    );
    expect(group.code).toBe(3);
    expect(group.stderr).toMatch(/\/sites\/0\/emergency\/notify\/group/);
    const twice = validate((s) => {
      s.sites[1].emergency.subnets.push({ subnet: '10.20.21.0', place: 'Floor 40' });
      s.sites[0].emergency.places.push({ name: 'floor 21' });
    });
    expect(twice.code).toBe(3);
    expect(twice.stderr).toMatch(
      /\/sites\/1\/emergency: 10\.20\.21\.0 is already mapped at \/sites\/0\/emergency: a LIS subnet maps to one place/,
    );
    expect(twice.stderr).toMatch(/place "floor 21" of address NewYork is already defined/);
  });

  it('quotes and script text in a place name reach the tenant as data', () => {
    const dir = customer();
    const s = spec();
    const hostile = `Floor "21"; $(Remove-Item x) ' é`;
    s.sites[0].emergency.places[0].name = hostile;
    s.sites[0].emergency.subnets[0].place = hostile;
    s.sites[0].emergency.wirelessAccessPoints[0].place = hostile;
    write(dir, 'spec.json', s);
    expect(runCli(['apply', 'spec.json', '--auto-approve'], { cwd: dir }).code).toBe(0);
    expect(sim(dir).voice.emergencyPlaces.map((p: Json) => p.location)).toContain(hostile);
    expect(planJson(dir, 'spec.json').changes).toEqual([]);
  });
});
