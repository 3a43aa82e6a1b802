import type { Problem } from '../errors.js';
import type { RenderedSpec } from './spec-types.js';

/** A case-insensitive name index (Teams compares identities case-insensitively). */
class NameIndex {
  private readonly byKey = new Map<string, string>();
  constructor(
    readonly what: string,
    names: Iterable<string>,
  ) {
    for (const n of names) if (!this.byKey.has(n.toLowerCase())) this.byKey.set(n.toLowerCase(), n);
  }
  has(name: string): boolean {
    return this.byKey.has(name.toLowerCase());
  }
}

/** Checks every reference between objects of a rendered spec. Pure; collects all problems. */
export function checkReferences({ spec, origins }: RenderedSpec): Problem[] {
  const problems: Problem[] = [];
  const gateways = new NameIndex('gateway', (spec.gateways ?? []).map((g) => g.fqdn));
  const usages = new NameIndex('PSTN usage', spec.pstnUsages ?? []);
  const policies = new NameIndex('voice routing policy', (spec.voiceRoutingPolicies ?? []).map((p) => p.name));
  const dialPlans = new NameIndex('dial plan', (spec.dialPlans ?? []).map((d) => d.name));
  const translationRules = new NameIndex('translation rule', (spec.translationRules ?? []).map((t) => t.name));
  const sites = new NameIndex('site', (spec.sites ?? []).map((s) => s.name));

  const ref = (index: NameIndex, name: string, path: string, hint = ''): void => {
    if (!index.has(name)) {
      problems.push({ path, rule: 'reference', message: `${index.what} ${JSON.stringify(name)} is not defined in the spec${hint}` });
    }
  };

  (spec.voiceRoutes ?? []).forEach((r, i) => {
    const at = origins.voiceRoutes[i] ?? `/voiceRoutes/${i}`;
    const rendered = !at.startsWith('/voiceRoutes/');
    r.gateways.forEach((g, j) => ref(gateways, g, rendered ? at : `${at}/gateways/${j}`, rendered ? ` (route ${r.name})` : ''));
    r.pstnUsages.forEach((u, j) => ref(usages, u, rendered ? at : `${at}/pstnUsages/${j}`, rendered ? ` (route ${r.name})` : ''));
  });
  (spec.voiceRoutingPolicies ?? []).forEach((p, i) => {
    const at = origins.voiceRoutingPolicies[i] ?? `/voiceRoutingPolicies/${i}`;
    const rendered = !at.startsWith('/voiceRoutingPolicies/');
    p.pstnUsages.forEach((u, j) => ref(usages, u, rendered ? at : `${at}/pstnUsages/${j}`, rendered ? ` (policy ${p.name})` : ''));
  });
  (spec.gateways ?? []).forEach((g, i) => {
    for (const list of TRANSLATION_LISTS) {
      (g[list] ?? []).forEach((t, j) => ref(translationRules, t, `/gateways/${i}/${list}/${j}`));
    }
  });
  (spec.sites ?? []).forEach((s, i) => {
    (s.gateways ?? []).forEach((g, j) => ref(gateways, g, `/sites/${i}/gateways/${j}`));
    if (s.voiceRoutingPolicy) ref(policies, s.voiceRoutingPolicy, `/sites/${i}/voiceRoutingPolicy`);
    if (s.dialPlan) ref(dialPlans, s.dialPlan, `/sites/${i}/dialPlan`);
  });
  (spec.users ?? []).forEach((u, i) => {
    if (u.site !== undefined) ref(sites, u.site, `/users/${i}/site`);
    if (u.voiceRoutingPolicy) ref(policies, u.voiceRoutingPolicy, `/users/${i}/voiceRoutingPolicy`);
    if (u.dialPlan) ref(dialPlans, u.dialPlan, `/users/${i}/dialPlan`);
  });
  return problems;
}

export const TRANSLATION_LISTS = [
  'inboundTeamsNumberTranslationRules',
  'inboundPstnNumberTranslationRules',
  'outboundTeamsNumberTranslationRules',
  'outboundPstnNumberTranslationRules',
] as const;

/** Checks that names are unique per kind, case-insensitively, across explicit and rendered objects. */
export function checkUniqueNames({ spec, origins }: RenderedSpec): Problem[] {
  const problems: Problem[] = [];
  const unique = (what: string, names: string[], pathOf: (i: number) => string): void => {
    const first = new Map<string, number>();
    names.forEach((name, i) => {
      const key = name.toLowerCase();
      const prev = first.get(key);
      if (prev === undefined) {
        first.set(key, i);
        return;
      }
      problems.push({
        path: pathOf(i),
        rule: 'unique-name',
        message: `${what} ${JSON.stringify(name)} is already defined at ${pathOf(prev)} (Teams compares names case-insensitively)`,
      });
    });
  };
  unique('gateway', (spec.gateways ?? []).map((g) => g.fqdn), (i) => `/gateways/${i}/fqdn`);
  unique('site', (spec.sites ?? []).map((s) => s.name), (i) => `/sites/${i}/name`);
  unique('user', (spec.users ?? []).map((u) => u.upn), (i) => `/users/${i}/upn`);
  unique('PSTN usage', spec.pstnUsages ?? [], (i) => origins.pstnUsages[i] ?? `/pstnUsages/${i}`);
  unique('voice route', (spec.voiceRoutes ?? []).map((r) => r.name), (i) => origins.voiceRoutes[i] ?? `/voiceRoutes/${i}`);
  unique('voice routing policy', (spec.voiceRoutingPolicies ?? []).map((p) => p.name), (i) => origins.voiceRoutingPolicies[i] ?? `/voiceRoutingPolicies/${i}`);
  unique('dial plan', (spec.dialPlans ?? []).map((d) => d.name), (i) => origins.dialPlans[i] ?? `/dialPlans/${i}`);
  unique('translation rule', (spec.translationRules ?? []).map((t) => t.name), (i) => origins.translationRules[i] ?? `/translationRules/${i}`);
  (spec.dialPlans ?? []).forEach((d, i) => {
    const at = origins.dialPlans[i] ?? `/dialPlans/${i}`;
    const explicit = at.startsWith('/dialPlans/');
    unique(`normalization rule of dial plan ${d.name}:`, d.normalizationRules.map((r) => r.name), (j) => (explicit ? `${at}/normalizationRules/${j}/name` : at));
  });
  return problems;
}
