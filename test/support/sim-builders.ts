import { randomUUID } from 'node:crypto';
import { seedSimTenant } from '../../src/backends/sim/seed-sim-tenant.js';
import { emptySimVoice, type SimTenantState } from '../../src/backends/sim/sim-state.js';
import { GRANTS } from '../../src/kinds/grants.js';
import { KINDS, listOf, type ModelOf, type ObjectKind } from '../../src/kinds/registry.js';
import { nameOf } from '../../src/addr/address.js';
import { markDescription } from '../../src/kinds/ownership.js';
import { OWNER_TAG } from '../../src/kinds/resource-account.js';
import type { AutoAttendant } from '../../src/kinds/auto-attendant.js';
import { GATEWAY_DEFAULTS, emptyVoiceState, type TenantVoiceState } from '../../src/model/tenant-state.js';
import { TENANT_ID } from './builders.js';

export const USERS = ['u1@contoso.com', 'u2@contoso.com', 'u3@contoso.com', 'u4@contoso.com'];

/** The tenant-state lists of emergency calling's kinds (#25): the network topology and the LIS. */
export const EMERGENCY_LISTS = [
  'trustedIps',
  'networkRegions',
  'networkSites',
  'networkSubnets',
  'emergencyCallingPolicies',
  'emergencyAddresses',
  'emergencyPlaces',
  'lisSubnets',
  'lisWirelessAccessPoints',
  'lisSwitches',
  'lisPorts',
] as const;

/** A simulated tenant with users u1–u4 (enabled, licensed), contoso.com verified, no voice objects. */
export function bareSimState(): SimTenantState {
  const state = seedSimTenant({
    spec: {
      apiVersion: 'voiceform/v1',
      customer: { name: 'C', tenantId: TENANT_ID, domain: 'contoso.com' },
      users: USERS.map((upn) => ({ upn, phoneNumber: 'auto' })),
    },
    newId: randomUUID,
    newSecret: () => 'sim-secret',
  });
  state.voice = emptySimVoice();
  state.users.push({ ...state.users[0]!, id: randomUUID(), upn: 'nolicence@contoso.com', assignedLicenses: [] });
  state.users.push({ ...state.users[0]!, id: randomUUID(), upn: 'disabled@contoso.com', accountEnabled: false });
  state.users.push({ ...state.users[0]!, id: randomUUID(), upn: 'nowhere@contoso.com', usageLocation: null });
  return state;
}

/** Deterministic picks from a list of random integers (fast-check hands us the integers). */
class Picker {
  private i = 0;
  constructor(private readonly ints: number[]) {}
  int(n: number): number {
    return n <= 0 ? 0 : (this.ints[this.i++ % this.ints.length]! + this.i) % n;
  }
  bool(): boolean {
    return this.int(2) === 1;
  }
  subset<T>(list: T[]): T[] {
    return list.filter(() => this.bool());
  }
  shuffled<T>(list: T[]): T[] {
    const out = [...list];
    for (let k = out.length - 1; k > 0; k--) {
      const j = this.int(k + 1);
      [out[k], out[j]] = [out[j]!, out[k]!];
    }
    return out;
  }
}

type Generate<K extends ObjectKind> = (p: Picker, s: TenantVoiceState, desc: () => string) => ModelOf<K>[];

/** Names of the objects of a list generated so far (kinds are generated in the registry's dependency order). */
const names = (list: { name: string }[]) => list.map((x) => x.name);
const one = (p: Picker, list: string[]) => (p.bool() && list.length ? list[p.int(list.length)]! : null);

/** LIS identifiers, each mapped to a place or an address (its default location) generated before. */
function identifiers(p: Picker, s: TenantVoiceState, desc: () => string, pool: string[]) {
  const places = [...names(s.emergencyAddresses), ...names(s.emergencyPlaces)];
  return p.subset(pool).flatMap((name) => {
    const place = one(p, places);
    return place ? [{ name, place, description: desc() }] : [];
  });
}

/**
 * One generator per kind, over small name pools, referring only to objects generated before it: a
 * kind added to the registry without its generator here does not compile, so the property tests
 * cover every kind.
 */
const GENERATORS = {
  translationRule: (p, _s, desc) =>
    p
      .subset(['T1', 'T2', 'T3'])
      .map((name) => ({ name, pattern: '^\\+(\\d+)$', translation: p.bool() ? '$1' : '+$1', description: desc() })),
  gateway: (p, s, desc) =>
    p.subset(['sbc1.contoso.com', 'sbc2.contoso.com', 'sbc3.contoso.com']).map((fqdn) => ({
      ...GATEWAY_DEFAULTS,
      fqdn,
      sipSignalingPort: 5060 + p.int(3),
      enabled: p.bool(),
      maxConcurrentSessions: p.bool() ? null : 10 + p.int(100),
      description: desc(),
      outboundPstnNumberTranslationRules: p.shuffled(p.subset(names(s.translationRules))),
    })),
  pstnUsage: (p) => p.subset(['U1', 'U2', 'U3', 'U4']).map((name) => ({ name })),
  voiceRoute: (p, s, desc) => {
    const usages = names(s.pstnUsages);
    const gws = s.gateways.map((g) => g.fqdn);
    if (usages.length === 0 || gws.length === 0) return [];
    return p.subset(['R1', 'R2', 'R3']).map((name) => ({
      name,
      numberPattern: ['^\\+44\\d+$', '^\\+1\\d{10}$', '^\\+\\d+$'][p.int(3)]!,
      priority: p.int(4),
      gateways: p.shuffled(gws).slice(0, 1 + p.int(gws.length)),
      pstnUsages: p.shuffled(usages).slice(0, 1 + p.int(usages.length)),
      description: desc(),
    }));
  },
  voiceRoutingPolicy: (p, s, desc) =>
    p
      .subset(['P1', 'P2', 'P3'])
      .map((name) => ({ name, pstnUsages: p.shuffled(p.subset(names(s.pstnUsages))), description: desc() })),
  dialPlan: (p, _s, desc) =>
    p.subset(['D1', 'D2']).map((name) => ({
      name,
      description: desc(),
      normalizationRules: p.subset(['N1', 'N2', 'N3']).map((n) => ({
        name: n,
        pattern: '^(\\d{4})$',
        translation: `+4420${p.int(9)}$1`,
        description: '',
        isInternalExtension: p.bool(),
      })),
    })),
  emergencyCallRoutingPolicy: (p, s, desc) => {
    const usages = names(s.pstnUsages);
    return p.subset(['E1', 'E2']).map((name) => ({
      name,
      description: desc(),
      allowEnhancedEmergencyServices: p.bool(),
      emergencyNumbers: p
        .subset(['911', '112', '999'])
        .map((dialString) => ({
          dialString,
          dialMask: p.bool() ? '933' : '',
          pstnUsage: usages[p.int(usages.length)]!,
        }))
        .filter((n) => n.pstnUsage !== undefined),
    }));
  },
  callingLineIdentity: (p, _s, desc) =>
    p.subset(['C1', 'C2']).map((name) => ({
      name,
      description: desc(),
      callingIdSubstitute: p.bool() ? 'Anonymous' : 'LineUri',
      resourceAccount: null,
      companyName: p.bool() ? 'Contoso' : '',
      enableUserOverride: p.bool(),
      blockIncomingPstnCallerId: p.bool(),
    })),
  emergencyCallingPolicy: (p, _s, desc) =>
    p.subset(['EC1', 'EC2']).map((name) => ({
      name,
      description: desc(),
      notificationGroup: p.subset(['security@contoso.com', 'desk@contoso.com']),
      notificationMode: p.bool() ? ('ConferenceMuted' as const) : null,
      notificationDialOutNumber: p.bool() ? '+12125550177' : '',
      externalLocationLookup: p.bool(),
    })),
  trustedIp: (p, _s, desc) =>
    p
      .subset(['203.0.113.10', '198.51.100.0', '2001:db8::'])
      .map((name) => ({ name, maskBits: name.includes(':') ? 48 : 24 + p.int(9), description: desc() })),
  networkRegion: (p, _s, desc) => p.subset(['NR1', 'NR2']).map((name) => ({ name, description: desc() })),
  networkSite: (p, s, desc) =>
    p.subset(['NS1', 'NS2']).map((name) => ({
      name,
      description: desc(),
      networkRegion: one(p, names(s.networkRegions)),
      emergencyCallingPolicy: one(p, names(s.emergencyCallingPolicies)),
      emergencyCallRoutingPolicy: one(p, names(s.emergencyCallRoutingPolicies)),
    })),
  networkSubnet: (p, s, desc) =>
    p.subset(['10.1.0.0', '10.2.0.0', 'fd00::']).map((name) => ({
      name,
      maskBits: name.includes(':') ? 64 : 16,
      networkSite: one(p, names(s.networkSites)),
      description: desc(),
    })),
  // The Description carries the address's name (emergency-address.ts); US addresses can be edited.
  emergencyAddress: (p) =>
    p.subset(['A1', 'A2']).map((name) => ({
      name,
      description: markDescription(name),
      companyName: 'Contoso',
      houseNumber: String(1 + p.int(9)),
      houseNumberSuffix: '',
      preDirectional: '',
      streetName: 'Main',
      streetSuffix: p.bool() ? 'St' : '',
      postDirectional: '',
      city: 'Seattle',
      stateOrProvince: 'WA',
      postalCode: '98101',
      country: 'US',
      latitude: '47.6',
      longitude: '-122.3',
      elin: p.bool() ? '2065550100' : '',
    })),
  emergencyPlace: (p, s) =>
    s.emergencyAddresses.flatMap((a) =>
      p.subset(['F1', 'F2']).map((location) => ({
        name: `${a.name}/${location}`,
        address: a.name,
        location,
        elin: p.bool() ? '2065550101' : '',
      })),
    ),
  lisSubnet: (p, s, desc) => identifiers(p, s, desc, ['10.1.1.0', '10.1.2.0']),
  lisWirelessAccessPoint: (p, s, desc) => identifiers(p, s, desc, ['F0-E1-D2-C3-B4-A5', 'F0-E1-D2-C3-B4-*']),
  lisSwitch: (p, s, desc) => identifiers(p, s, desc, ['B8-BE-BF-4A-A3-00']),
  lisPort: (p, s, desc) => identifiers(p, s, desc, ['B8-BE-BF-4A-A3-00/1', 'B8-BE-BF-4A-A3-00/2']),
  resourceAccount: (p) =>
    p
      .subset([
        ['ra-aa@contoso.com', 'autoAttendant'],
        ['ra-cq@contoso.com', 'callQueue'],
      ] as const)
      .map(([upn, type]) => {
        const usageLocation = p.bool() ? 'US' : null;
        return {
          upn,
          displayName: `RA ${type}`,
          type,
          usageLocation,
          licensed: usageLocation !== null && p.bool(),
          owner: OWNER_TAG,
        };
      }),
  callQueue: (p, s) =>
    s.resourceAccounts
      .filter((a) => a.type === 'callQueue' && p.bool())
      .map((a) => ({
        name: 'Q1',
        language: p.bool() ? 'en-US' : 'en-GB',
        resourceAccounts: [a.upn],
        agents: p.subset(USERS),
        routingMethod: p.bool() ? ('serial' as const) : ('longestIdle' as const),
        presenceBasedRouting: p.bool(),
        allowOptOut: p.bool(),
        conferenceMode: true,
        agentAlertTimeS: 15 + 15 * p.int(4),
        greeting: p.bool() ? 'Hello' : null,
        overflow: { threshold: p.int(50), transferTo: p.bool() ? 'disconnect' : 'pstn:+12125550199' },
        timeout: { seconds: 15 * p.int(80), transferTo: `user:${USERS[p.int(USERS.length)]}` },
        callerIdResourceAccounts: [],
      })),
  autoAttendant: (p, s) =>
    s.resourceAccounts
      .filter((a) => a.type === 'autoAttendant' && p.bool())
      .map((a) => {
        const queue = s.callQueues[0] ? [`resourceAccount:${s.callQueues[0].resourceAccounts[0]}`] : [];
        const targets = ['disconnect', 'pstn:+12125550199', `user:${USERS[0]}`, ...queue];
        const hours = p.bool();
        return {
          name: 'A1',
          language: 'en-US',
          timeZone: p.bool() ? 'Eastern Standard Time' : 'GMT Standard Time',
          resourceAccounts: [a.upn],
          greeting: p.bool() ? 'Welcome' : null,
          menu: {
            prompt: p.bool() ? 'Press 1' : null,
            directorySearch: p.bool() ? ('byName' as const) : ('none' as const),
            options: Object.fromEntries(p.subset(['0', '1', '2']).map((k) => [k, targets[p.int(targets.length)]!])),
          },
          businessHours: hours ? { monday: ['09:00-17:00'], ...(p.bool() ? { friday: ['09:00-12:00'] } : {}) } : null,
          afterHours: hours ? { greeting: null, transferTo: targets[p.int(targets.length)]! } : null,
          holidays: (p.bool()
            ? { 'New Year': { dates: ['2027-01-01'], greeting: null, transferTo: 'disconnect' } }
            : {}) as AutoAttendant['holidays'],
          operator: p.bool() ? `user:${USERS[1]}` : null,
        };
      }),
  resourceAccountNumber: (p, s) =>
    s.resourceAccounts
      .filter((a) => a.licensed && p.bool())
      .map((a) => ({
        upn: a.upn,
        // One number range per account, as USERS have: numbers change, never change hands.
        phoneNumber: `+121255502${a.type === 'autoAttendant' ? 0 : 1}${p.int(2)}`,
        voiceRoutingPolicy: one(p, names(s.voiceRoutingPolicies)),
      })),
  // Every tenant has its number defaults.
  phoneNumberTenantConfiguration: (p) => [
    { name: 'Global' as const, assignmentEmailEnabled: p.bool(), unassignmentEmailEnabled: p.bool() },
  ],
  // Every user keeps some Teams Phone licence and a location, so any number can be assigned.
  userLicense: (p) =>
    USERS.map((upn) => ({
      upn,
      usageLocation: p.bool() ? 'GB' : 'US',
      licenses: [['MCOEV'], ['SPE_E5'], ['MCOEV', 'SPE_E5']][p.int(3)]!,
    })),
  userNumber: (p) =>
    USERS.flatMap((upn, i) =>
      p.bool() ? [{ upn, phoneNumber: `+44207123400${i}${p.int(2)}`, phoneNumberType: 'DirectRouting' as const }] : [],
    ),
  userPolicy: (p, s) =>
    USERS.flatMap((upn) => {
      const grants = Object.fromEntries(
        GRANTS.map((g) => [
          g.attribute,
          one(
            p,
            listOf(s, g.policyKind).map((o) => nameOf(g.policyKind, o)),
          ),
        ]),
      );
      return Object.values(grants).some((g) => g !== null) ? [{ upn, ...grants } as ModelOf<'userPolicy'>] : [];
    }),
} satisfies { [K in ObjectKind]: Generate<K> };

/** A random, referentially valid voice state of every kind (all objects marked as Voiceform's). */
export function randomVoiceState(ints: number[]): TenantVoiceState {
  const p = new Picker(ints);
  const s = emptyVoiceState();
  const desc = () => markDescription(p.bool() ? `note ${p.int(3)} 'q' $(x)` : undefined);
  for (const { kind, list } of KINDS)
    (s as Record<string, unknown[]>)[list] = (GENERATORS[kind] as Generate<typeof kind>)(p, s, desc);
  return s;
}

/** Sorts every list by identity so two states compare regardless of read order. */
export function normalized(s: TenantVoiceState): TenantVoiceState {
  return Object.fromEntries(
    KINDS.map(({ kind, list, identity }) => {
      const key = (o: object) => String((o as Record<string, unknown>)[identity]).toLowerCase();
      return [list, [...(listOf(s, kind) as object[])].sort((a, b) => key(a).localeCompare(key(b)))];
    }),
  ) as unknown as TenantVoiceState;
}

/**
 * A state as calls are routed: route priorities only as the order of the routes of each usage
 * (Teams renumbers raw priorities; Voiceform compares the order).
 */
export function routingView(s: TenantVoiceState): { voice: TenantVoiceState; order: Record<string, string[]> } {
  const voice = normalized(s);
  const order: Record<string, string[]> = {};
  const byPriority = [...voice.voiceRoutes].sort(
    (a, b) => a.priority - b.priority || a.name.toLowerCase().localeCompare(b.name.toLowerCase()),
  );
  for (const r of byPriority) for (const u of r.pstnUsages) (order[u.toLowerCase()] ??= []).push(r.name.toLowerCase());
  return { voice: { ...voice, voiceRoutes: voice.voiceRoutes.map((r) => ({ ...r, priority: 0 })) }, order };
}
