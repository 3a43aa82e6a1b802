import { describe, exportDescription, type SpecReference, type KindDef } from './kind-def.js';

/** `*-CsOnlineVoiceRoutingPolicy`; the usage order decides routing. */
export interface VoiceRoutingPolicy {
  name: string;
  pstnUsages: string[];
  description: string;
}

export interface VoiceRoutingPolicySpec {
  name: string;
  pstnUsages: string[];
  description?: string;
  /** false: no ownership marker; kept exactly as in the tenant (brownfield). */
  owned?: boolean;
}

export const voiceRoutingPolicyKind: KindDef<
  'voiceRoutingPolicy',
  'voiceRoutingPolicies',
  VoiceRoutingPolicy,
  VoiceRoutingPolicySpec
> = {
  kind: 'voiceRoutingPolicy',
  list: 'voiceRoutingPolicies',
  label: 'voice routing policy',
  identity: 'name',
  ownership: 'description-marker',
  dependsOn: ['pstnUsage'],
  caseless: ['pstnUsages'],
  fromSpec: (spec) =>
    (spec.voiceRoutingPolicies ?? []).map((p) => ({
      name: p.name,
      pstnUsages: p.pstnUsages,
      description: describe(p),
    })),
  toSpec: (p) => ({ name: p.name, pstnUsages: p.pstnUsages, ...exportDescription(p.description) }),
  uses: (p) => p.pstnUsages.map((name) => ({ kind: 'pstnUsage', name })),
  references: (p) =>
    p.pstnUsages.map((name, j): SpecReference => ({ kind: 'pstnUsage', name, path: `/pstnUsages/${j}` })),
};
