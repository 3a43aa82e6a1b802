import { isMarked, unmarkDescription } from '../model/ownership.js';
import { GATEWAY_DEFAULTS, type CurrentState } from '../model/tenant-state.js';
import type { GatewaySpec, Spec } from './spec-types.js';

/** Spec fields for an object's Description: its text, and `owned: false` when it is not Voiceform's. */
function describe(stored: string): { description?: string; owned?: false } {
  if (isMarked(stored)) {
    const text = unmarkDescription(stored);
    return text ? { description: text } : {};
  }
  return { owned: false, ...(stored ? { description: stored } : {}) };
}

/**
 * The tenant's voice configuration as a spec: explicit objects (no templates), users with their
 * numbers and grants. Objects without the ownership marker come out `owned: false`, so planning
 * the export against the same tenant changes nothing. Pure.
 */
export function buildExportSpec(current: CurrentState, customerName: string): Spec {
  const v = current.voice;
  const domains = current.directory.verifiedDomains.filter((d) => !d.toLowerCase().endsWith('.onmicrosoft.com'));
  const covers = (d: string) => v.gateways.every((g) => g.fqdn.toLowerCase().endsWith(`.${d.toLowerCase()}`));
  const domain = [...domains].sort((a, b) => a.length - b.length).find(covers) ?? domains[0] ?? current.directory.verifiedDomains[0] ?? 'example.com';
  const policies = new Map(v.userPolicies.map((p) => [p.upn.toLowerCase(), p]));
  return {
    apiVersion: 'voiceform/v1',
    customer: { name: customerName, tenantId: current.tenantId, domain },
    prune: false,
    translationRules: v.translationRules.map((t) => ({ name: t.name, pattern: t.pattern, translation: t.translation, ...describe(t.description) })),
    gateways: v.gateways.map((g) => {
      const out: GatewaySpec = { fqdn: g.fqdn, sipSignalingPort: g.sipSignalingPort };
      for (const [k, def] of Object.entries(GATEWAY_DEFAULTS)) {
        if (k === 'description') continue;
        const value = (g as unknown as Record<string, unknown>)[k];
        if (JSON.stringify(value) !== JSON.stringify(def)) (out as unknown as Record<string, unknown>)[k] = value;
      }
      return { ...out, ...describe(g.description) };
    }),
    pstnUsages: v.pstnUsages.map((u) => u.name),
    voiceRoutes: v.voiceRoutes.map((r) => ({
      name: r.name,
      numberPattern: r.numberPattern,
      priority: r.priority,
      gateways: r.gateways,
      pstnUsages: r.pstnUsages,
      ...describe(r.description),
    })),
    voiceRoutingPolicies: v.voiceRoutingPolicies.map((p) => ({ name: p.name, pstnUsages: p.pstnUsages, ...describe(p.description) })),
    dialPlans: v.dialPlans.map((d) => ({
      name: d.name,
      ...describe(d.description),
      normalizationRules: d.normalizationRules.map((r) => ({
        name: r.name,
        pattern: r.pattern,
        translation: r.translation,
        ...(r.description ? { description: r.description } : {}),
        ...(r.isInternalExtension ? { isInternalExtension: true } : {}),
      })),
    })),
    // A user in the spec needs a number; users with only grants stay out (and so untouched).
    users: v.userNumbers
      .filter((n) => n.phoneNumber !== null && (n.phoneNumberType === 'DirectRouting' || n.phoneNumberType === 'OperatorConnect'))
      .map((n) => {
        const p = policies.get(n.upn.toLowerCase());
        return {
          upn: n.upn,
          phoneNumber: n.phoneNumber!,
          phoneNumberType: n.phoneNumberType as 'DirectRouting' | 'OperatorConnect',
          ...(p?.voiceRoutingPolicy ? { voiceRoutingPolicy: p.voiceRoutingPolicy } : {}),
          ...(p?.dialPlan ? { dialPlan: p.dialPlan } : {}),
        };
      }),
  };
}
