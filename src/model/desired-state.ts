import { identityKey, sameName } from '../kinds/identity.js';
import { siteRanges, type NumberRange } from './number-range.js';
import { presentUsers, type RenderedSpec, type SiteSpec, type Spec } from '../kinds/spec-document.js';
import { KINDS, type TenantVoiceState } from '../kinds/registry.js';

/**
 * What the spec wants, in the model's shape. Users' numbers may still be `"auto"`: those are
 * resolved against the tenant's current numbers by the plan (the only place that sees both).
 */
export interface DesiredState {
  tenantId: string;
  customerDomain: string;
  prune: boolean;
  voice: TenantVoiceState;
  /** Lower-cased UPN → the ranges an "auto" number is drawn from (the user's or resource account's site's). */
  autoRanges: Map<string, NumberRange[]>;
  /** Lower-cased UPN → JSON Pointer of the user in the spec (for preflight messages). */
  userPaths: Map<string, string>;
  /** `licensing` of the spec: the SKU (skuPartNumber) every user should hold. */
  licensing?: { sku: string };
  /** Lower-cased UPN → the country of the user's site (the usage location to set where missing). */
  userCountries: Map<string, string>;
  /** Lower-cased UPNs of users marked `absent` (offboarding): their number and grants are removed. */
  absentUsers: Set<string>;
  /** Sites (their default grants), for simulate. */
  sites: Map<string, SiteSpec>;
  /** Every site's number ranges: a number in one belongs to the spec's people. */
  ranges: NumberRange[];
}

/** Builds the desired state from a rendered (template-free) spec: each kind maps its part. Pure. */
export function buildDesiredState({ spec }: RenderedSpec): DesiredState {
  const voice = Object.fromEntries(KINDS.map((k) => [k.list, k.fromSpec(spec)])) as unknown as TenantVoiceState;
  return {
    tenantId: spec.customer.tenantId,
    customerDomain: spec.customer.domain,
    prune: spec.prune ?? false,
    voice,
    autoRanges: autoRangesOf(spec),
    userPaths: new Map((spec.users ?? []).map((u, i) => [identityKey(u.upn), `/users/${i}`])),
    ...(spec.licensing?.assign ? { licensing: { sku: spec.licensing.sku } } : {}),
    userCountries: userCountriesOf(spec),
    absentUsers: new Set((spec.users ?? []).filter((u) => u.absent).map((u) => identityKey(u.upn))),
    sites: new Map((spec.sites ?? []).map((s) => [identityKey(s.name), s])),
    ranges: siteRanges(spec),
  };
}

function userCountriesOf(spec: Spec): Map<string, string> {
  const country = new Map((spec.sites ?? []).map((s) => [identityKey(s.name), s.country]));
  const out = new Map<string, string>();
  for (const u of presentUsers(spec)) {
    const c = u.site === undefined ? undefined : country.get(identityKey(u.site));
    if (c) out.set(identityKey(u.upn), c);
  }
  return out;
}

function autoRangesOf(spec: Spec): Map<string, NumberRange[]> {
  const ranges = siteRanges(spec);
  const out = new Map<string, NumberRange[]>();
  for (const u of [...presentUsers(spec), ...(spec.resourceAccounts ?? [])]) {
    if (u.phoneNumber !== 'auto' || !u.site) continue;
    out.set(
      identityKey(u.upn),
      ranges.filter((r) => sameName(r.site, u.site!)),
    );
  }
  return out;
}

/** A spec file loaded, validated and rendered: what plan, apply and the engines take. */
export interface ReadSpec {
  file: string;
  /** The parsed document as written (for the spec hash). */
  raw: unknown;
  rendered: RenderedSpec;
  desired: DesiredState;
}
