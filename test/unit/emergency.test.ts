/**
 * #25's pure parts and the emulator's Location Information Service: what a site's emergency block
 * stands for, the ids the Teams writer sends (never names), who owns an address and its places,
 * Teams' refusals, and the compliance rules one at a time.
 */
import { describe, expect, it } from 'vitest';
import { SimTenant } from '../../src/backends/sim/sim-tenant.js';
import { LisIds, lisCall, lisFromRows } from '../../src/backends/teams/teams-lis.js';
import { evaluateCompliance, type ComplianceInput } from '../../src/compliance/evaluate.js';
import { runTeamsCmdlet } from '../../src/emulator/teams-cmdlets.js';
import type { EmergencyAddress } from '../../src/kinds/emergency-address.js';
import { markDescription } from '../../src/kinds/ownership.js';
import { emptyVoiceState } from '../../src/kinds/registry.js';
import type { Change } from '../../src/plan/plan-types.js';
import { diffTenant } from '../../src/plan/diff-tenant.js';
import { expandSiteEmergency, withOutsideLineMasks } from '../../src/render/site-emergency.js';
import { bareSimState } from '../support/sim-builders.js';

const ADDRESS_ID = '0b9b2f5e-0000-4000-a000-000000000001';
const DEFAULT_ID = '0b9b2f5e-0000-4000-a000-000000000002';
const FLOOR_ID = '0b9b2f5e-0000-4000-a000-000000000003';
const addressRow = {
  CivicAddressId: ADDRESS_ID,
  Description: '[voiceform] NewYork',
  DefaultLocationId: DEFAULT_ID,
  CompanyName: 'Fabrikam',
  HouseNumber: '350',
  StreetName: '5th',
  City: 'New York',
  StateOrProvince: 'NY',
  PostalCode: '10118',
  CountryOrRegion: 'US',
  Latitude: '40.7484',
  Longitude: '-73.9857',
};
const locationRows = [
  { LocationId: DEFAULT_ID, CivicAddressId: ADDRESS_ID, Location: null, Elin: null },
  { LocationId: FLOOR_ID, CivicAddressId: ADDRESS_ID, Location: 'Floor 21', Elin: '2125550121' },
];
const change = (c: Partial<Change>): Change => ({ diff: [], before: null, after: null, ...c }) as Change;

describe('reading the LIS: generated ids become the names Voiceform gave', () => {
  const state = lisFromRows({
    emergencyAddress: [
      addressRow,
      { ...addressRow, CivicAddressId: 'admins-id', DefaultLocationId: 'admins-default', Description: 'made by hand' },
    ],
    emergencyPlace: locationRows,
    lisSubnet: [
      { Subnet: '10.20.21.0', LocationId: FLOOR_ID, Description: '[voiceform]' },
      { Subnet: '10.20.0.0', LocationId: DEFAULT_ID.toUpperCase(), Description: '[voiceform]' },
      { Subnet: '10.99.0.0', LocationId: 'ffffffff-0000-4000-a000-000000000009', Description: 'stale' },
    ],
    lisPort: [{ ChassisID: 'B8-BE', PortID: '12', LocationId: FLOOR_ID, Description: null }],
  });

  it('names an address by its Description (an admin’s by its id), and a place by address/location', () => {
    expect(state.emergencyAddresses.map((a) => a.name)).toEqual(['NewYork', 'admins-id']);
    expect(state.emergencyAddresses[0]).toMatchObject({ houseNumber: '350', country: 'US', latitude: '40.7484' });
    // The default location stands for the address itself: it is no place of its own.
    expect(state.emergencyPlaces).toEqual([
      { name: 'NewYork/Floor 21', address: 'NewYork', location: 'Floor 21', elin: '2125550121' },
    ]);
  });

  it('maps identifiers to places by LocationId; an unknown id (Teams allows it) reads as the id', () => {
    expect(state.lisSubnets.map((s) => `${s.name} ${s.place}`)).toEqual([
      '10.20.21.0 NewYork/Floor 21',
      '10.20.0.0 NewYork',
      '10.99.0.0 ffffffff-0000-4000-a000-000000000009',
    ]);
    expect(state.lisPorts).toEqual([{ name: 'B8-BE/12', place: 'NewYork/Floor 21', description: '' }]);
  });
});

describe('writing the LIS: the cmdlets get ids, never names', () => {
  const ids = new LisIds([addressRow], locationRows);
  const address = lisFromRows({ emergencyAddress: [addressRow], emergencyPlace: locationRows }).emergencyAddresses[0]!;

  it('creates an address with its name in the Description; updates and removes it by CivicAddressId', () => {
    expect(
      lisCall(change({ kind: 'emergencyAddress', name: 'NewYork', action: 'create', after: address }), ids),
    ).toEqual({
      cmdlet: 'New-CsOnlineLisCivicAddress',
      params: expect.objectContaining({
        Description: '[voiceform] NewYork',
        CountryOrRegion: 'US',
        Latitude: '40.7484',
      }),
    });
    const moved: EmergencyAddress = { ...address, postalCode: '10001' };
    expect(
      lisCall(
        change({
          kind: 'emergencyAddress',
          name: 'NewYork',
          action: 'update',
          before: address,
          after: moved,
          diff: [{ attribute: 'postalCode', before: '10118', after: '10001' }],
        }),
        ids,
      ),
    ).toEqual({ cmdlet: 'Set-CsOnlineLisCivicAddress', params: { CivicAddressId: ADDRESS_ID, PostalCode: '10001' } });
    expect(
      lisCall(change({ kind: 'emergencyAddress', name: 'newyork', action: 'delete', before: address }), ids),
    ).toEqual({
      cmdlet: 'Remove-CsOnlineLisCivicAddress',
      params: { CivicAddressId: ADDRESS_ID },
    });
  });

  it('a place is made at its address’s id; an identifier is set at its place’s (or default) LocationId', () => {
    const place = { name: 'NewYork/Floor 22', address: 'NewYork', location: 'Floor 22', elin: '' };
    expect(lisCall(change({ kind: 'emergencyPlace', name: place.name, action: 'create', after: place }), ids)).toEqual({
      cmdlet: 'New-CsOnlineLisLocation',
      params: { CivicAddressId: ADDRESS_ID, Location: 'Floor 22' },
    });
    const wap = { name: 'F0-E1-D2-C3-B4-*', place: 'NewYork/Floor 21', description: '[voiceform]' };
    expect(
      lisCall(change({ kind: 'lisWirelessAccessPoint', name: wap.name, action: 'create', after: wap }), ids),
    ).toEqual({
      cmdlet: 'Set-CsOnlineLisWirelessAccessPoint',
      params: { BSSID: wap.name, LocationId: FLOOR_ID, Description: '[voiceform]' },
    });
    const subnet = { name: '10.20.0.0', place: 'NewYork', description: '[voiceform]' };
    expect(
      lisCall(change({ kind: 'lisSubnet', name: subnet.name, action: 'create', after: subnet }), ids).params,
    ).toEqual({ Subnet: '10.20.0.0', LocationId: DEFAULT_ID, Description: '[voiceform]' });
    expect(lisCall(change({ kind: 'lisPort', name: 'B8-BE/12', action: 'delete', before: subnet }), ids)).toEqual({
      cmdlet: 'Remove-CsOnlineLisPort',
      params: { ChassisID: 'B8-BE', PortID: '12' },
    });
  });

  it('a place the tenant does not have fails that change, naming it, instead of sending a name', () => {
    const subnet = { name: '10.20.9.0', place: 'NewYork/Floor 9', description: '[voiceform]' };
    expect(() =>
      lisCall(change({ kind: 'lisSubnet', name: subnet.name, action: 'create', after: subnet }), ids),
    ).toThrow(/place "NewYork\/Floor 9" was not found in the tenant's Location Information Service/);
  });
});

describe('ownership: an address is Voiceform’s by its marker; its places by their address', () => {
  it('prune leaves an admin’s address and its places alone, and deletes Voiceform’s', () => {
    const current = emptyVoiceState();
    const base = lisFromRows({ emergencyAddress: [addressRow] }).emergencyAddresses[0]!;
    current.emergencyAddresses = [base, { ...base, name: 'admins-id', description: 'made by hand' }];
    current.emergencyPlaces = [
      { name: 'NewYork/Floor 21', address: 'NewYork', location: 'Floor 21', elin: '' },
      { name: 'admins-id/Lobby', address: 'admins-id', location: 'Lobby', elin: '' },
    ];
    const { changes, unmanaged } = diffTenant(emptyVoiceState(), current, { prune: true });
    expect(changes.map((c) => `${c.action} ${c.address}`)).toEqual([
      'delete emergencyPlace["NewYork/Floor 21"]',
      'delete emergencyAddress["NewYork"]',
    ]);
    expect(unmanaged).toEqual(['emergencyAddress["admins-id"]', 'emergencyPlace["admins-id/Lobby"]']);
  });
});

describe("a site's emergency block", () => {
  const site = { name: 'NewYork', country: 'US', emergencyCallRoutingPolicy: 'US-NewYork-Emergency' };

  it('stands for an address, a notification policy, a network site and the subnets with a mask', () => {
    const out = expandSiteEmergency({
      ...site,
      emergency: {
        address: { companyName: 'Fabrikam', latitude: 1, longitude: 2 },
        places: [{ name: 'Floor 21' }],
        subnets: [{ subnet: '10.1.0.0', maskBits: 16, place: 'Floor 21' }, { subnet: '10.2.0.0' }],
        notify: { group: ['sec@fabrikam.com'], mode: 'conferenceMuted' },
      },
    });
    expect(out.emergencyAddresses).toEqual([
      {
        name: 'NewYork',
        companyName: 'Fabrikam',
        latitude: 1,
        longitude: 2,
        country: 'US',
        places: [{ name: 'Floor 21' }],
        subnets: [{ subnet: '10.1.0.0', place: 'Floor 21' }, { subnet: '10.2.0.0' }],
      },
    ]);
    expect(out.emergencyCallingPolicy).toBe('US-NewYork-EmergencyCalling');
    expect(out.networkSites).toEqual([
      {
        name: 'NewYork',
        description: 'site NewYork',
        emergencyCallingPolicy: 'US-NewYork-EmergencyCalling',
        emergencyCallRoutingPolicy: 'US-NewYork-Emergency',
      },
    ]);
    expect(out.networkSubnets).toEqual([{ subnet: '10.1.0.0', maskBits: 16, networkSite: 'NewYork' }]);
  });

  it('an empty block still makes the network site; a site naming its own calling policy gets none made', () => {
    const bare = expandSiteEmergency({
      ...site,
      emergencyCallingPolicy: 'Mine',
      emergency: { notify: { group: ['a@b.c'] } },
    });
    expect(bare.emergencyAddresses).toEqual([]);
    expect(bare.emergencyCallingPolicies).toEqual([]);
    expect(bare.networkSites[0]).toMatchObject({ emergencyCallingPolicy: 'Mine' });
  });

  it('an outside-line prefix adds 9911-style masks once', () => {
    const policy = {
      name: 'P',
      emergencyNumbers: [
        { dialString: '911', pstnUsage: 'U' },
        { dialString: '933', dialMask: '9933', pstnUsage: 'U' },
      ],
    };
    expect(withOutsideLineMasks(policy, '9').emergencyNumbers).toEqual([
      { dialString: '911', dialMask: '9911', pstnUsage: 'U' },
      { dialString: '933', dialMask: '9933', pstnUsage: 'U' },
    ]);
  });
});

describe('the emulated Location Information Service', () => {
  const tenant = () => new SimTenant(bareSimState());
  const run = (t: SimTenant, cmdlet: string, p: Record<string, unknown> = {}) => runTeamsCmdlet(t, cmdlet, p);

  it('New-CsOnlineLisCivicAddress makes a default location and starts NotValidated', () => {
    const t = tenant();
    const [row] = run(t, 'New-CsOnlineLisCivicAddress', {
      CompanyName: 'Fabrikam',
      CountryOrRegion: 'US',
      Description: markDescription('NewYork'),
      Latitude: '40.7',
      Longitude: '-73.9',
    }) as Record<string, unknown>[];
    expect(row).toMatchObject({ ValidationStatus: 'NotValidated', CompanyName: 'Fabrikam', CountryOrRegion: 'US' });
    expect(row!.CivicAddressId).not.toBe(row!.DefaultLocationId);
    const locations = run(t, 'Get-CsOnlineLisLocation', { CivicAddressId: row!.CivicAddressId });
    expect(locations).toEqual([expect.objectContaining({ LocationId: row!.DefaultLocationId, Location: null })]);
    expect(() => run(t, 'Remove-CsOnlineLisLocation', { LocationId: row!.DefaultLocationId })).toThrow(
      /can't remove the default location/,
    );
    // "The location ID ... is not required to be the existing location."
    run(t, 'Set-CsOnlineLisSubnet', { Subnet: '10.9.0.0', LocationId: 'ffffffff-0000-4000-a000-000000000009' });
    expect(run(t, 'Get-CsOnlineLisSubnet')).toEqual([
      expect.objectContaining({ Subnet: '10.9.0.0', LocationId: 'ffffffff-0000-4000-a000-000000000009' }),
    ]);
    // A place of the address keeps its address from being removed; its id goes with it.
    const [floor] = run(t, 'New-CsOnlineLisLocation', {
      CivicAddressId: row!.CivicAddressId,
      Location: 'Floor 2',
    }) as Record<string, unknown>[];
    expect(() => run(t, 'Remove-CsOnlineLisCivicAddress', { CivicAddressId: row!.CivicAddressId })).toThrow(
      /cannot be removed: it has location/,
    );
    run(t, 'Remove-CsOnlineLisLocation', { LocationId: floor!.LocationId });
    run(t, 'Remove-CsOnlineLisCivicAddress', { CivicAddressId: row!.CivicAddressId });
    expect(t.state.lisIds).toEqual({});
  });

  it('an address outside the countries Set- may edit is refused; in the US it is edited', () => {
    const t = tenant();
    const make = (country: string) =>
      (
        run(t, 'New-CsOnlineLisCivicAddress', {
          CompanyName: 'Fabrikam',
          CountryOrRegion: country,
          Description: markDescription(country),
          StreetName: 'Main',
        }) as Record<string, unknown>[]
      )[0]!.CivicAddressId;
    const gb = make('GB');
    expect(() => run(t, 'Set-CsOnlineLisCivicAddress', { CivicAddressId: gb, StreetName: 'High' })).toThrow(
      /Editing a civic address in GB is not supported/,
    );
    run(t, 'Set-CsOnlineLisCivicAddress', { CivicAddressId: gb, CompanyName: 'Fabrikam UK' });
    const us = make('US');
    run(t, 'Set-CsOnlineLisCivicAddress', { CivicAddressId: us, StreetName: 'Broadway' });
    expect(t.find('emergencyAddress', 'US')?.streetName).toBe('Broadway');
  });

  it('refuses what Teams refuses: a malformed BSSID, more than 10 notification addresses, a bad IP', () => {
    const t = tenant();
    expect(() => run(t, 'Set-CsOnlineLisWirelessAccessPoint', { BSSID: 'F0-E1', LocationId: DEFAULT_ID })).toThrow(
      /not a valid BSSID/,
    );
    expect(() =>
      run(t, 'New-CsTeamsEmergencyCallingPolicy', {
        Identity: 'P',
        NotificationGroup: Array.from({ length: 11 }, (_, i) => `g${i}@x.com`).join(';'),
      }),
    ).toThrow(/at most 10 e-mail addresses/);
    expect(() => run(t, 'New-CsTenantTrustedIPAddress', { IPAddress: '300.1.1.1' })).toThrow(/not a valid IP address/);
    expect(() => run(t, 'New-CsTenantNetworkSubnet', { SubnetID: '10.0.0.0', MaskBits: 33 })).toThrow(
      /MaskBits must be between 0 and 32/,
    );
  });
});

describe('compliance rules one at a time', () => {
  const voice = () => {
    const v = emptyVoiceState();
    v.gateways = [{ fqdn: 'sbc.x.com', pidfloSupported: true } as never];
    v.pstnUsages = [{ name: 'E' }];
    v.voiceRoutes = [
      {
        name: 'R',
        numberPattern: '^(911|933)$',
        priority: 0,
        gateways: ['sbc.x.com'],
        pstnUsages: ['E'],
        description: '',
      },
    ];
    v.emergencyCallRoutingPolicies = [
      {
        name: 'ECRP',
        description: '',
        allowEnhancedEmergencyServices: false,
        emergencyNumbers: [{ dialString: '911', dialMask: '', pstnUsage: 'E' }],
      },
    ];
    return v;
  };
  const input = (over: Partial<ComplianceInput> = {}): ComplianceInput => ({
    voice: voice(),
    sites: [{ name: 'S', country: 'US', grants: { emergencyCallRoutingPolicy: 'ECRP' }, outsideLinePrefix: '9' }],
    users: [],
    emergencyNumbers: () => ['911'],
    country: null,
    evaluated: 'spec',
    ...over,
  });
  const status = (i: ComplianceInput) =>
    Object.fromEntries(evaluateCompliance(i).sites[0]!.checks.map((c) => [c.id, `${c.status}: ${c.message}`]));

  it('an outside-line prefix without its mask fails; 933 unlisted is a warning, not a failure', () => {
    const s = status(input());
    expect(s['outside-line']).toMatch(/^fail: users who dial 9 for an outside line: 9911 is no dial mask of ECRP/);
    expect(s['test-call']).toMatch(/^warning: 933: emergency call routing policy ECRP has no dial string or mask 933/);
    expect(s['direct-dial']).toMatch(/^pass: 911 dialled with no prefix reach route R via sbc\.x\.com/);
  });

  it('on the tenant, an address Teams has not validated is a warning; a validated one passes', () => {
    const v = voice();
    v.emergencyAddresses = [
      lisFromRows({ emergencyAddress: [{ ...addressRow, Description: '[voiceform] S' }] }).emergencyAddresses[0]!,
    ];
    expect(status(input({ voice: v, addressValidation: { s: 'NotValidated' } }))['civic-address']).toBe(
      'warning: Teams reports the civic address of S as NotValidated',
    );
    expect(status(input({ voice: v, addressValidation: { S: 'Validated' } }))['civic-address']).toMatch(
      /^pass: 350 5th/,
    );
    expect(status(input({ voice: v }))['civic-address']).toMatch(/^pass/);
  });

  it('a policy number whose usage has no matching route fails direct dial, naming the usage', () => {
    const v = voice();
    v.voiceRoutes[0]!.numberPattern = '^\\+1911$';
    expect(status(input({ voice: v }))['direct-dial']).toMatch(/no voice route of PSTN usage E matches 911/);
  });

  it('a calling policy that notifies nobody fails notification; --country leaves other sites out', () => {
    const v = voice();
    v.emergencyCallingPolicies = [
      {
        name: 'Quiet',
        description: '',
        notificationGroup: [],
        notificationMode: null,
        notificationDialOutNumber: '',
        externalLocationLookup: false,
      },
    ];
    const i = input({
      voice: v,
      sites: [
        { name: 'S', country: 'US', grants: { emergencyCallRoutingPolicy: 'ECRP', emergencyCallingPolicy: 'Quiet' } },
        { name: 'L', country: 'GB', grants: {} },
      ],
    });
    expect(status(i).notification).toMatch(/^fail: emergency calling policy Quiet notifies nobody/);
    const report = evaluateCompliance({ ...i, country: 'GB' });
    expect(report.sites.map((s) => s.name)).toEqual(['L']);
    expect(report.sites[0]!.checks.find((c) => c.id === 'coverage')?.status).toBe('fail');
    expect(report.sites[0]!.checks.find((c) => c.id === 'civic-address')?.status).toBe('not-applicable');
  });
});
