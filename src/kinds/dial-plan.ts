import { identityKey } from './identity.js';
import type { Problem } from '../errors.js';
import { describe, exportDescription, repeats, type KindDef } from './kind-def.js';

/** A rule of a tenant dial plan (`New-CsVoiceNormalizationRule -InMemory`). Order matters. */
export interface NormalizationRule {
  name: string;
  pattern: string;
  translation: string;
  description: string;
  isInternalExtension: boolean;
}

/** `*-CsTenantDialPlan`. */
export interface DialPlan {
  name: string;
  description: string;
  normalizationRules: NormalizationRule[];
}

export interface NormalizationRuleSpec {
  name: string;
  pattern: string;
  translation: string;
  description?: string;
  isInternalExtension?: boolean;
}

export interface DialPlanSpec {
  name: string;
  description?: string;
  normalizationRules: NormalizationRuleSpec[];
  /** false: no ownership marker; kept exactly as in the tenant (brownfield). */
  owned?: boolean;
}

/** Rule names are unique within a dial plan, case-insensitively. */
function checkRuleNames(d: DialPlanSpec, where: (suffix: string) => string): Problem[] {
  return repeats(d.normalizationRules, (r) => identityKey(r.name)).map(([j, prev]) => ({
    path: where(`/normalizationRules/${j}/name`),
    rule: 'unique-name',
    message: `normalization rule of dial plan ${d.name}: ${JSON.stringify(d.normalizationRules[j]!.name)} is already defined at ${where(`/normalizationRules/${prev}/name`)} (Teams compares names case-insensitively)`,
  }));
}

/** Teams limits (reference/teams-cmdlets.md §0.4). */
export const DIAL_PLAN_LIMITS = { nameLength: 49, normalizationRules: 50 } as const;

export const dialPlanKind: KindDef<'dialPlan', 'dialPlans', DialPlan, DialPlanSpec> = {
  kind: 'dialPlan',
  list: 'dialPlans',
  label: 'dial plan',
  identity: 'name',
  ownership: 'description-marker',
  dependsOn: [],
  limits: DIAL_PLAN_LIMITS,
  fromSpec: (spec) =>
    (spec.dialPlans ?? []).map((d) => ({
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
  toSpec: (d) => ({
    name: d.name,
    ...exportDescription(d.description),
    normalizationRules: d.normalizationRules.map((r) => ({
      name: r.name,
      pattern: r.pattern,
      translation: r.translation,
      ...(r.description ? { description: r.description } : {}),
      ...(r.isInternalExtension ? { isInternalExtension: true } : {}),
    })),
  }),
  checkSpecEntry: checkRuleNames,
};
