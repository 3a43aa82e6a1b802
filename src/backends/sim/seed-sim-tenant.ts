import { identityKey, sameName } from '../../kinds/identity.js';
import { noGrants } from '../../kinds/grants.js';
import { GATEWAY_DEFAULTS } from '../../model/tenant-state.js';
import type { Spec } from '../../kinds/spec-document.js';
import {
  emptySimTenant,
  upgradeSimState,
  type EarlierNumberSettings,
  type SimSku,
  type SimTenantState,
  type SimUser,
} from './sim-state.js';

/** Real SKU ids and part numbers of Teams Phone Standard and Microsoft 365 E5. */
export const TEAMS_PHONE_SKU: Omit<SimSku, 'enabledUnits'> = {
  skuId: '4828c8ec-dc2e-4779-b502-87ac9ce28ab7',
  skuPartNumber: 'MCOEV',
  servicePlans: ['MCOEV'],
};
export const E5_SKU: Omit<SimSku, 'enabledUnits'> = {
  skuId: '06ebc4ee-1bb5-47dd-8120-11324bc54e06',
  skuPartNumber: 'SPE_E5',
  servicePlans: ['MCOEV', 'TEAMS1', 'EXCHANGE_S_ENTERPRISE', 'MCOMEETADV'],
};

/** Microsoft Teams Phone Resource Account: free, for the resource accounts of auto attendants and call queues. */
export const RESOURCE_ACCOUNT_SKU_ENTRY: Omit<SimSku, 'enabledUnits'> = {
  skuId: '440eaaa8-b3e0-484b-a8be-62870b9ba70a',
  skuPartNumber: 'PHONESYSTEM_VIRTUALUSER',
  servicePlans: ['MCOEV_VIRTUALUSER'],
};

/** Extra directory content for `sim init --seed FILE`. */
export interface SimSeed {
  users?: {
    upn: string;
    accountEnabled?: boolean;
    usageLocation?: string | null;
    licensed?: boolean;
    phoneNumber?: string;
    disabledPlans?: string[];
    /** Not a user: a resource account or a guest (Get-CsOnlineUser's AccountType). */
    accountType?: 'ResourceAccount' | 'Guest';
  }[];
  domains?: { id: string; isVerified: boolean; teamsEnabled?: boolean }[];
  operatorConnectNumbers?: string[];
  /** The tenant's number defaults (Get-CsPhoneNumberTenantConfiguration). */
  /** The mail settings go to their kind (upgradeSimState moves them). */
  numberSettings?: EarlierNumberSettings;
  /** Policies assigned to numbers (Get-CsPhoneNumberPolicyAssignment). */
  numberPolicies?: SimTenantState['numberPolicies'];
}

export interface SeedInputs {
  spec?: Spec;
  seed?: SimSeed;
  /** Ids and secrets come from outside so the seeding itself is pure. */
  newId: () => string;
  newSecret: () => string;
}

/**
 * A simulated tenant ready for a spec: its tenant id, the customer's domain and the gateways'
 * domains verified, Teams Phone and E5 seats, every user the spec names (enabled, licensed, usage
 * location from the site's country), and some objects Voiceform does not own (a legacy SBC and
 * route, a Global policy using a legacy usage) so that ownership is real from day one.
 */
export function seedSimTenant({ spec, seed, newId, newSecret }: SeedInputs): SimTenantState {
  const tenantId = spec?.customer.tenantId ?? newId();
  const domain = spec?.customer.domain ?? 'contoso.com';
  const state = emptySimTenant(tenantId, { clientId: newId(), clientSecret: newSecret() });
  const verified = new Set([
    identityKey(domain),
    ...(spec?.gateways ?? []).map((g) => identityKey(g.fqdn).slice(g.fqdn.indexOf('.') + 1)),
  ]);
  // A seed's domain replaces the default of the same name (the seed says how it really is).
  const seeded = new Set((seed?.domains ?? []).map((d) => identityKey(d.id)));
  state.domains = [
    { id: `${domain.split('.')[0]}.onmicrosoft.com`, isVerified: true },
    ...[...verified].map((id) => ({ id, isVerified: true })),
    { id: `unverified-${domain}`, isVerified: false },
  ].filter((d) => !seeded.has(identityKey(d.id)));
  state.domains.push(...(seed?.domains ?? []));
  const seats = (spec?.users?.length ?? 0) + (seed?.users?.length ?? 0) + 25;
  state.subscribedSkus = [
    { ...TEAMS_PHONE_SKU, enabledUnits: seats },
    { ...E5_SKU, enabledUnits: seats },
    { ...RESOURCE_ACCOUNT_SKU_ENTRY, enabledUnits: 25 },
  ];
  const countryOf = new Map((spec?.sites ?? []).map((s) => [identityKey(s.name), s.country]));
  const defaultCountry = spec?.sites?.[0]?.country ?? 'US';
  const user = (upn: string, over: Partial<SimUser> = {}): SimUser => ({
    id: newId(),
    upn,
    displayName: upn.split('@')[0]!.replace(/[._]/g, ' '),
    accountEnabled: true,
    usageLocation: defaultCountry,
    assignedLicenses: [E5_SKU.skuId],
    phoneNumber: null,
    phoneNumberType: null,
    enterpriseVoiceEnabled: false,
    ...noGrants(),
    ...over,
  });
  state.users = (spec?.users ?? []).map((u) =>
    user(u.upn, {
      usageLocation: (u.absent ? undefined : u.site && countryOf.get(identityKey(u.site))) || defaultCountry,
    }),
  );
  state.users.push(user(`teams.admin@${domain}`));
  for (const s of seed?.users ?? []) {
    // A seed user replaces the spec's user of the same UPN (the seed says how it really is).
    state.users = state.users.filter((u) => !sameName(u.upn, s.upn));
    state.users.push(
      user(s.upn, {
        accountEnabled: s.accountEnabled ?? true,
        usageLocation: s.usageLocation === undefined ? defaultCountry : s.usageLocation,
        assignedLicenses: s.licensed === false ? [] : [E5_SKU.skuId],
        // The seed's disabled plans are switched off in the user's E5.
        ...(s.disabledPlans && s.licensed !== false ? { disabledPlans: { [E5_SKU.skuId]: s.disabledPlans } } : {}),
        ...(s.phoneNumber
          ? { phoneNumber: s.phoneNumber, phoneNumberType: 'DirectRouting', enterpriseVoiceEnabled: true }
          : {}),
        ...(s.accountType ? { accountType: s.accountType } : {}),
      }),
    );
  }
  state.operatorConnectNumbers = seed?.operatorConnectNumbers ?? [];
  if (seed?.numberSettings) state.numberSettings = seed.numberSettings;
  if (seed?.numberPolicies) state.numberPolicies = seed.numberPolicies;
  addLegacyVoice(state, domain);
  return upgradeSimState(state);
}

/** What an admin made by hand before Voiceform: never marked, never touched. */
function addLegacyVoice(state: SimTenantState, domain: string): void {
  const legacySbc = `sbc-legacy.${domain}`;
  state.voice.gateways.push({
    ...GATEWAY_DEFAULTS,
    fqdn: legacySbc,
    sipSignalingPort: 5061,
    description: 'Old carrier SBC, set up by hand in 2021',
  });
  state.voice.pstnUsages.push({ name: 'Legacy-PSTN' });
  state.voice.voiceRoutes.push({
    name: 'Legacy-AllCalls',
    numberPattern: '^\\+\\d+$',
    priority: 99,
    gateways: [legacySbc],
    pstnUsages: ['Legacy-PSTN'],
    description: 'Catch-all from the first rollout',
  });
  state.voice.voiceRoutingPolicies.push({ name: 'Global', pstnUsages: ['Legacy-PSTN'], description: '' });
}
