import { autoAttendantKind } from './auto-attendant.js';
import { callQueueKind } from './call-queue.js';
import { callingLineIdentityKind } from './calling-line-identity.js';
import { dialPlanKind } from './dial-plan.js';
import { emergencyAddressKind } from './emergency-address.js';
import { emergencyCallRoutingPolicyKind } from './emergency-call-routing-policy.js';
import { emergencyCallingPolicyKind } from './emergency-calling-policy.js';
import { emergencyPlaceKind } from './emergency-place.js';
import { lisPortKind, lisSubnetKind, lisSwitchKind, lisWirelessAccessPointKind } from './lis-identifiers.js';
import { networkRegionKind } from './network-region.js';
import { networkSiteKind } from './network-site.js';
import { networkSubnetKind } from './network-subnet.js';
import { trustedIpKind } from './trusted-ip.js';
import { gatewayKind } from './gateway.js';
import type { KindDef } from './kind-def.js';
import { phoneNumberTenantConfigurationKind } from './phone-number-tenant-configuration.js';
import { pstnUsageKind } from './pstn-usage.js';
import { resourceAccountKind } from './resource-account.js';
import { resourceAccountNumberKind } from './resource-account-number.js';
import { translationRuleKind } from './translation-rule.js';
import { userLicenseKind } from './user-license.js';
import { userNumberKind } from './user-number.js';
import { userPolicyKind } from './user-policy.js';
import { voiceRouteKind } from './voice-route.js';
import { voiceRoutingPolicyKind } from './voice-routing-policy.js';

/**
 * Tenant settings: one object per tenant, which the spec holds as an object (`"phoneNumberTenantConfiguration":
 * {…}`) rather than an array; templates do not render them.
 */
export const SETTING_KINDS = [phoneNumberTenantConfigurationKind] as const;

/**
 * Tenant-wide kinds the spec lists in arrays, in dependency order: each may reference only kinds
 * before it (creates run in this order, deletes in reverse).
 */
export const ARRAY_KINDS = [
  translationRuleKind,
  gatewayKind,
  pstnUsageKind,
  voiceRouteKind,
  voiceRoutingPolicyKind,
  dialPlanKind,
  emergencyCallRoutingPolicyKind,
  callingLineIdentityKind,
  emergencyCallingPolicyKind,
  trustedIpKind,
  networkRegionKind,
  networkSiteKind,
  networkSubnetKind,
  emergencyAddressKind,
  resourceAccountKind,
  callQueueKind,
  autoAttendantKind,
] as const;

/**
 * Tenant-wide kinds the spec holds inside another kind's entries: a resource account's number is
 * written after the voice app it rings and released before the app goes; an emergency address's
 * places after it, and the network identifiers mapped to them after those.
 */
export const DERIVED_KINDS = [
  resourceAccountNumberKind,
  emergencyPlaceKind,
  lisSubnetKind,
  lisWirelessAccessPointKind,
  lisSwitchKind,
  lisPortKind,
] as const;

/** Tenant-wide kinds (the settings last: nothing refers to them). */
export const TENANT_KINDS = [...ARRAY_KINDS, ...DERIVED_KINDS, ...SETTING_KINDS] as const;

/** Per-user kinds, after every tenant-wide kind (a grant needs its policy; a number its licence). */
export const USER_KINDS = [userLicenseKind, userNumberKind, userPolicyKind] as const;

/** Every kind Voiceform manages, in dependency order. */
export const KINDS = [...TENANT_KINDS, ...USER_KINDS] as const;

type AnyKindDef = (typeof KINDS)[number];
export type ObjectKind = AnyKindDef['kind'];
export type TenantKind = (typeof TENANT_KINDS)[number]['kind'];
export type UserKind = (typeof USER_KINDS)[number]['kind'];
export type KindDefOf<K extends ObjectKind> = Extract<AnyKindDef, { kind: K }>;
/** The model type of a kind (what plans compare and backends read and write). */
export type ModelOf<K extends ObjectKind> = KindDefOf<K> extends KindDef<K, string, infer T, unknown> ? T : never;
/** The spec entry type of a kind. */
export type SpecOf<K extends ObjectKind> = KindDefOf<K> extends KindDef<K, string, object, infer S> ? S : never;
export type ListOf<K extends ObjectKind> = KindDefOf<K>['list'];

/** The voice configuration Voiceform manages, one list per kind, as read from or desired for a tenant. */
export type TenantVoiceState = { [K in ObjectKind as ListOf<K>]: ModelOf<K>[] };

export type SettingKind = (typeof SETTING_KINDS)[number]['kind'];
type ArrayKind = (typeof ARRAY_KINDS)[number]['kind'];

/** The spec's arrays of tenant-wide objects (templates add to these) and its tenant settings. */
export type SpecObjectArrays = { [K in ArrayKind as ListOf<K>]?: SpecOf<K>[] } & {
  [K in SettingKind as ListOf<K>]?: SpecOf<K>;
};
export type ObjectArrayName = ListOf<ArrayKind>;

export const OBJECT_KINDS: readonly ObjectKind[] = KINDS.map((k) => k.kind);

const BY_KIND = new Map<string, AnyKindDef>(KINDS.map((k) => [k.kind, k]));

/** The definition of a kind. */
export function kindDef<K extends ObjectKind>(kind: K): KindDef<K, string, ModelOf<K>, SpecOf<K>> {
  return BY_KIND.get(kind) as unknown as KindDef<K, string, ModelOf<K>, SpecOf<K>>;
}

/** Changes of kinds `a` and `b` may be written at once: neither needs the other (the same kind never does). */
export function independent(a: ObjectKind, b: ObjectKind): boolean {
  return a === b || !(kindDef(a).dependsOn.includes(b) || kindDef(b).dependsOn.includes(a));
}

export function isObjectKind(kind: string): kind is ObjectKind {
  return BY_KIND.has(kind);
}

/** The list of a voice state that holds a kind, typed. */
export function listOf<K extends ObjectKind>(state: TenantVoiceState, kind: K): ModelOf<K>[] {
  return (state as unknown as Record<string, ModelOf<K>[]>)[kindDef(kind).list]!;
}

export function emptyVoiceState(): TenantVoiceState {
  return Object.fromEntries(KINDS.map((k) => [k.list, []])) as unknown as TenantVoiceState;
}

/** One object of any kind, in the model's shape. */
export type VoiceObject = ModelOf<ObjectKind>;
