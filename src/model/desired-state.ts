import { siteRanges, type NumberRange } from '../spec/check-numbers.js';
import type { RenderedSpec, Spec } from '../spec/spec-types.js';
import { markDescription } from './ownership.js';
import { GATEWAY_DEFAULTS, type TenantVoiceState } from './tenant-state.js';

/**
 * What the spec wants, in the model's shape. Users' numbers may still be `"auto"`: those are
 * resolved against the tenant's current numbers by the plan (the only place that sees both).
 */
export interface DesiredState {
  tenantId: string;
  customerDomain: string;
  prune: boolean;
  voice: TenantVoiceState;
  /** Lower-cased UPN → the ranges an "auto" number is drawn from (the user's site's). */
  autoRanges: Map<string, NumberRange[]>;
  /** Lower-cased UPN → JSON Pointer of the user in the spec (for preflight messages). */
  userPaths: Map<string, string>;
  /** `licensing` of the spec: the SKU (skuPartNumber) every user should hold. */
  licensing?: { sku: string };
  /** Lower-cased UPN → the country of the user's site (the usage location to set where missing). */
  userCountries: Map<string, string>;
  /** Sites' default policy and dial plan, for simulate. */
  sites: Map<string, { name: string; country: string; voiceRoutingPolicy?: string; dialPlan?: string }>;
}

/** Builds the desired state from a rendered (template-free) spec. Pure. */
export function buildDesiredState({ spec }: RenderedSpec): DesiredState {
  const voice: TenantVoiceState = {
    translationRules: (spec.translationRules ?? []).map((t) => ({
      name: t.name,
      pattern: t.pattern,
      translation: t.translation,
      description: describe(t),
    })),
    gateways: (spec.gateways ?? []).map((g) => ({
      ...GATEWAY_DEFAULTS,
      fqdn: g.fqdn,
      sipSignalingPort: g.sipSignalingPort,
      maxConcurrentSessions: g.maxConcurrentSessions ?? GATEWAY_DEFAULTS.maxConcurrentSessions,
      enabled: g.enabled ?? GATEWAY_DEFAULTS.enabled,
      mediaBypass: g.mediaBypass ?? GATEWAY_DEFAULTS.mediaBypass,
      failoverTimeSeconds: g.failoverTimeSeconds ?? GATEWAY_DEFAULTS.failoverTimeSeconds,
      failoverResponseCodes: (g.failoverResponseCodes ?? GATEWAY_DEFAULTS.failoverResponseCodes).replace(/\s+/g, ''),
      forwardPai: g.forwardPai ?? GATEWAY_DEFAULTS.forwardPai,
      forwardCallHistory: g.forwardCallHistory ?? GATEWAY_DEFAULTS.forwardCallHistory,
      sendSipOptions: g.sendSipOptions ?? GATEWAY_DEFAULTS.sendSipOptions,
      description: describe(g),
      inboundTeamsNumberTranslationRules: g.inboundTeamsNumberTranslationRules ?? [],
      inboundPstnNumberTranslationRules: g.inboundPstnNumberTranslationRules ?? [],
      outboundTeamsNumberTranslationRules: g.outboundTeamsNumberTranslationRules ?? [],
      outboundPstnNumberTranslationRules: g.outboundPstnNumberTranslationRules ?? [],
    })),
    pstnUsages: (spec.pstnUsages ?? []).map((name) => ({ name })),
    voiceRoutes: (spec.voiceRoutes ?? []).map((r) => ({
      name: r.name,
      numberPattern: r.numberPattern,
      priority: r.priority ?? 0,
      gateways: r.gateways,
      pstnUsages: r.pstnUsages,
      description: describe(r),
    })),
    voiceRoutingPolicies: (spec.voiceRoutingPolicies ?? []).map((p) => ({
      name: p.name,
      pstnUsages: p.pstnUsages,
      description: describe(p),
    })),
    dialPlans: (spec.dialPlans ?? []).map((d) => ({
      name: d.name,
      description: describe(d),
      normalizationRules: d.normalizationRules.map((r) => ({
        name: r.name,
        pattern: r.pattern,
        translation: r.translation,
        description: r.description ?? '',
        isInternalExtension: r.isInternalExtension ?? false,
      })),
    })),
    // Resolved against the tenant by the plan (licences the users already hold are kept).
    userLicenses: [],
    userNumbers: (spec.users ?? []).map((u) => ({
      upn: u.upn,
      phoneNumber: u.phoneNumber,
      phoneNumberType: u.phoneNumberType ?? 'DirectRouting',
    })),
    userPolicies: (spec.users ?? []).map((u) => ({
      upn: u.upn,
      voiceRoutingPolicy: u.voiceRoutingPolicy ?? null,
      dialPlan: u.dialPlan ?? null,
    })),
  };
  return {
    tenantId: spec.customer.tenantId,
    customerDomain: spec.customer.domain,
    prune: spec.prune ?? false,
    voice,
    autoRanges: autoRangesOf(spec),
    userPaths: new Map((spec.users ?? []).map((u, i) => [u.upn.toLowerCase(), `/users/${i}`])),
    ...(spec.licensing?.assign ? { licensing: { sku: spec.licensing.sku } } : {}),
    userCountries: userCountriesOf(spec),
    sites: new Map((spec.sites ?? []).map((s) => [s.name.toLowerCase(), { name: s.name, country: s.country, voiceRoutingPolicy: s.voiceRoutingPolicy, dialPlan: s.dialPlan }])),
  };
}

function userCountriesOf(spec: Spec): Map<string, string> {
  const country = new Map((spec.sites ?? []).map((s) => [s.name.toLowerCase(), s.country]));
  const out = new Map<string, string>();
  for (const u of spec.users ?? []) {
    const c = u.site === undefined ? undefined : country.get(u.site.toLowerCase());
    if (c) out.set(u.upn.toLowerCase(), c);
  }
  return out;
}

/** The Description stored in the tenant: marked as Voiceform's unless the spec says `owned: false`. */
function describe(o: { description?: string; owned?: boolean }): string {
  return o.owned === false ? (o.description ?? '') : markDescription(o.description);
}

function autoRangesOf(spec: Spec): Map<string, NumberRange[]> {
  const ranges = siteRanges(spec);
  const out = new Map<string, NumberRange[]>();
  for (const u of spec.users ?? []) {
    if (u.phoneNumber !== 'auto' || !u.site) continue;
    out.set(u.upn.toLowerCase(), ranges.filter((r) => r.site.toLowerCase() === u.site!.toLowerCase()));
  }
  return out;
}
