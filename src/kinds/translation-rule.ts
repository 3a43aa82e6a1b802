import { describe, exportDescription, type KindDef } from './kind-def.js';

/** `*-CsTeamsTranslationRule`, referenced by name from gateways. */
export interface TranslationRule {
  name: string;
  pattern: string;
  translation: string;
  description: string;
}

export interface TranslationRuleSpec {
  name: string;
  pattern: string;
  translation: string;
  description?: string;
  /** false: no ownership marker; kept exactly as in the tenant (brownfield). */
  owned?: boolean;
}

/** Teams limits (reference/teams-cmdlets.md §0.4). */
export const TRANSLATION_RULE_LIMITS = {
  perTenant: 400,
  nameLength: 100,
  patternLength: 1024,
  translationLength: 256,
} as const;

export const translationRuleKind: KindDef<'translationRule', 'translationRules', TranslationRule, TranslationRuleSpec> =
  {
    kind: 'translationRule',
    list: 'translationRules',
    label: 'translation rule',
    identity: 'name',
    ownership: 'description-marker',
    dependsOn: [],
    limits: TRANSLATION_RULE_LIMITS,
    fromSpec: (spec) =>
      (spec.translationRules ?? []).map((t) => ({
        name: t.name,
        pattern: t.pattern,
        translation: t.translation,
        description: describe(t),
      })),
    toSpec: (t) => ({
      name: t.name,
      pattern: t.pattern,
      translation: t.translation,
      ...exportDescription(t.description),
    }),
  };
