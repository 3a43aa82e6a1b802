/**
 * The specs `voiceform conformance` applies, stage by stage: one test object of every tenant kind
 * with every attribute Voiceform manages (`create`), every attribute changed (`update`), the
 * optional ones cleared (`clear`), the policies granted to a test user and taken back, and
 * nothing (`delete`, prune on: Voiceform's own test objects go). Every name carries the prefix.
 * Pure.
 */
import type { SettingKind, TenantKind } from '../kinds/registry.js';

export type Stage = 'create' | 'update' | 'clear' | 'grant' | 'ungrant' | 'delete';
export const STAGES: readonly Stage[] = ['create', 'update', 'clear', 'grant', 'ungrant', 'delete'];

/**
 * The kinds the kit covers (the tenant-wide ones), in dependency order. Not the kinds named by
 * network addresses (trusted IPs, network subnets, LIS subnets, access points, switches, ports):
 * their names cannot carry the prefix, and a test one could match the tenant's real networks and
 * move where its emergency calls are located.
 */
export const CONFORMANCE_KINDS: readonly TenantKind[] = [
  'translationRule',
  'gateway',
  'pstnUsage',
  'voiceRoute',
  'voiceRoutingPolicy',
  'dialPlan',
  'emergencyCallRoutingPolicy',
  'callingLineIdentity',
  'emergencyCallingPolicy',
  'networkRegion',
  'networkSite',
  'emergencyAddress',
  'emergencyPlace',
];

/** The grant attribute each policy kind is granted by. */
export const GRANTED_BY: Partial<Record<TenantKind, string>> = {
  voiceRoutingPolicy: 'voiceRoutingPolicy',
  dialPlan: 'dialPlan',
  emergencyCallRoutingPolicy: 'emergencyCallRoutingPolicy',
  callingLineIdentity: 'callingLineIdentity',
  emergencyCallingPolicy: 'emergencyCallingPolicy',
};

export interface StageInputs {
  prefix: string;
  tenantId: string;
  /** A verified domain enabled for Teams: the test SBC's FQDN is `<prefix>sbc.<domain>`. */
  domain: string;
  /** Kinds to include (their dependencies come along). */
  kinds: readonly TenantKind[];
  /** The grant test user and their current number (kept as it is). */
  user?: { upn: string; phoneNumber: string };
}

/** The kinds a kind needs in the tenant first. */
const NEEDS: Partial<Record<TenantKind, TenantKind[]>> = {
  gateway: ['translationRule'],
  voiceRoute: ['gateway', 'pstnUsage', 'translationRule'],
  voiceRoutingPolicy: ['pstnUsage'],
  emergencyCallRoutingPolicy: ['pstnUsage'],
  networkSite: ['networkRegion', 'emergencyCallingPolicy', 'emergencyCallRoutingPolicy'],
  emergencyPlace: ['emergencyAddress'],
};

/** The kinds asked for and every kind they need. */
export function withDependencies(kinds: readonly TenantKind[]): TenantKind[] {
  const all = new Set<TenantKind>();
  const add = (k: TenantKind): void => {
    if (all.has(k)) return;
    all.add(k);
    for (const n of NEEDS[k] ?? []) add(n);
  };
  kinds.forEach(add);
  return CONFORMANCE_KINDS.filter((k) => all.has(k));
}

/** The spec of one stage. */
export function stageSpec(stage: Stage, input: StageInputs): Record<string, unknown> {
  const p = input.prefix;
  const kinds = new Set(withDependencies(input.kinds));
  const has = (k: TenantKind) => kinds.has(k) && stage !== 'delete';
  const b = stage !== 'create';
  const cleared = stage === 'clear' || stage === 'grant' || stage === 'ungrant';
  const fqdn = `${p}sbc.${input.domain}`;
  const usages = [`${p}usage-a`, `${p}usage-b`];
  const description = (what: string) => (cleared ? '' : `${what} ${b ? 'changed' : 'made'} by voiceform conformance`);
  const spec: Record<string, unknown> = {
    apiVersion: 'voiceform/v1',
    customer: { name: `${p}conformance`, tenantId: input.tenantId, domain: input.domain },
    // Prune removes only what Voiceform marked; every plan change is filtered to the prefix as well.
    prune: true,
  };
  if (has('translationRule'))
    spec.translationRules = [
      {
        name: `${p}tr`,
        pattern: b ? '^\\+1(\\d{10})$' : '^\\+44(\\d{10})$',
        translation: b ? '1$1' : '0$1',
        description: description('translation rule'),
      },
    ];
  if (has('gateway'))
    spec.gateways = [
      {
        fqdn,
        sipSignalingPort: b ? 5068 : 5067,
        maxConcurrentSessions: b ? 24 : 12,
        enabled: false,
        mediaBypass: b,
        failoverTimeSeconds: b ? 20 : 10,
        failoverResponseCodes: b ? '408,503' : '408,503,504',
        forwardPai: b,
        forwardCallHistory: b,
        sendSipOptions: !b,
        description: description('SBC'),
        outboundPstnNumberTranslationRules: kinds.has('translationRule') && !cleared ? [`${p}tr`] : [],
      },
    ];
  if (has('pstnUsage')) spec.pstnUsages = usages;
  if (has('voiceRoute'))
    spec.voiceRoutes = [
      {
        name: `${p}route`,
        numberPattern: b ? '^\\+1555\\d{7}$' : '^\\+1556\\d{7}$',
        gateways: [fqdn],
        pstnUsages: b ? usages : [usages[0]],
        description: description('route'),
      },
    ];
  if (has('voiceRoutingPolicy'))
    spec.voiceRoutingPolicies = [
      { name: `${p}vrp`, pstnUsages: b ? [usages[1], usages[0]] : [usages[0]], description: description('policy') },
    ];
  if (has('dialPlan'))
    spec.dialPlans = [
      {
        name: `${p}dp`,
        description: description('dial plan'),
        normalizationRules: [
          {
            name: `${p}nr`,
            pattern: b ? '^(\\d{4})$' : '^(\\d{5})$',
            translation: b ? '+15550$1' : '+1555$1',
            description: description('rule'),
            isInternalExtension: b,
          },
        ],
      },
    ];
  if (has('emergencyCallRoutingPolicy'))
    spec.emergencyCallRoutingPolicies = [
      {
        name: `${p}ecrp`,
        description: description('emergency policy'),
        allowEnhancedEmergencyServices: b,
        emergencyNumbers: [{ dialString: '911', dialMask: b ? '933' : '112', pstnUsage: usages[0] }],
      },
    ];
  if (has('callingLineIdentity'))
    spec.callingLineIdentities = [
      {
        name: `${p}cli`,
        description: description('caller ID policy'),
        callingIdSubstitute: 'Anonymous',
        ...(cleared ? {} : { companyName: b ? 'Voiceform Conformance Changed' : 'Voiceform Conformance' }),
        enableUserOverride: b,
        blockIncomingPstnCallerId: b,
      },
    ];
  if (has('emergencyCallingPolicy'))
    spec.emergencyCallingPolicies = [
      {
        name: `${p}ecp`,
        description: description('emergency calling policy'),
        ...(cleared
          ? {}
          : {
              notificationGroup: b
                ? [`security@${input.domain}`, `desk@${input.domain}`]
                : [`security@${input.domain}`],
              notificationDialOutNumber: b ? '+12065550101' : '+12065550100',
            }),
        notificationMode: b ? 'notificationOnly' : 'conferenceMuted',
        externalLocationLookup: b,
      },
    ];
  if (has('networkRegion')) spec.networkRegions = [{ name: `${p}region`, description: description('network region') }];
  if (has('networkSite'))
    spec.networkSites = [
      {
        name: `${p}site`,
        description: description('network site'),
        networkRegion: `${p}region`,
        ...(cleared ? {} : { emergencyCallingPolicy: `${p}ecp`, emergencyCallRoutingPolicy: `${p}ecrp` }),
      },
    ];
  // A civic address (named in its Description) with one place: in the LIS, generated ids.
  if (has('emergencyAddress'))
    spec.emergencyAddresses = [
      {
        name: `${p}address`,
        companyName: b ? 'Voiceform Conformance Changed' : 'Voiceform Conformance',
        houseNumber: b ? '2' : '1',
        streetName: 'Conformance',
        streetSuffix: 'St',
        city: 'Seattle',
        stateOrProvince: 'WA',
        postalCode: '98101',
        country: 'US',
        latitude: 47.6062,
        longitude: -122.3321,
        ...(cleared ? {} : { elin: b ? '2065550102' : '2065550101' }),
        ...(kinds.has('emergencyPlace')
          ? { places: [{ name: 'Floor 1', ...(cleared ? {} : { elin: b ? '2065550112' : '2065550111' }) }] }
          : {}),
      },
    ];
  if (stage === 'grant' && input.user) {
    const grants = Object.fromEntries(
      Object.entries(GRANTED_BY)
        .filter(([k]) => kinds.has(k as TenantKind))
        .map(([k, attribute]) => [attribute, conformanceName(k as TenantKind, p)]),
    );
    spec.users = [{ upn: input.user.upn, phoneNumber: input.user.phoneNumber, ...grants }];
  }
  if (stage === 'ungrant' && input.user) spec.users = [{ upn: input.user.upn, phoneNumber: input.user.phoneNumber }];
  return spec;
}

/** The test object's name of a kind (the gateway is named by its FQDN). */
export function conformanceName(kind: TenantKind, prefix: string, domain = ''): string {
  // Tenant settings are not in the kit: it would change a live tenant-wide setting (Teams would
  // mail users about their numbers meanwhile), which "leaves nothing behind" cannot promise.
  const suffix: Record<Exclude<TenantKind, SettingKind>, string> = {
    translationRule: 'tr',
    gateway: `sbc.${domain}`,
    pstnUsage: 'usage-a',
    voiceRoute: 'route',
    voiceRoutingPolicy: 'vrp',
    dialPlan: 'dp',
    emergencyCallRoutingPolicy: 'ecrp',
    callingLineIdentity: 'cli',
    resourceAccount: 'ra',
    resourceAccountNumber: 'ra',
    callQueue: 'cq',
    autoAttendant: 'aa',
    emergencyCallingPolicy: 'ecp',
    trustedIp: 'tip',
    networkRegion: 'region',
    networkSite: 'site',
    networkSubnet: 'subnet',
    emergencyAddress: 'address',
    emergencyPlace: 'address/Floor 1',
    lisSubnet: 'lis-subnet',
    lisWirelessAccessPoint: 'lis-wap',
    lisSwitch: 'lis-switch',
    lisPort: 'lis-port',
  };
  return `${prefix}${suffix[kind as Exclude<TenantKind, SettingKind>] ?? kind}`;
}
