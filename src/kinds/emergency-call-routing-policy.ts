import type { Problem } from '../errors.js';
import { describe, exportDescription, repeats, type SpecReference, type KindDef } from './kind-def.js';

/** One `New-CsTeamsEmergencyNumber` (in-memory object of the policy): dialled string, masks, usage. */
export interface EmergencyNumber {
  dialString: string;
  /** `;`-separated strings translated to dialString when dialled ("" for none). */
  dialMask: string;
  pstnUsage: string;
}

/** `*-CsTeamsEmergencyCallRoutingPolicy` (Direct Routing emergency calling). Numbers in order. */
export interface EmergencyCallRoutingPolicy {
  name: string;
  description: string;
  allowEnhancedEmergencyServices: boolean;
  emergencyNumbers: EmergencyNumber[];
}

export interface EmergencyCallRoutingPolicySpec {
  name: string;
  description?: string;
  allowEnhancedEmergencyServices?: boolean;
  emergencyNumbers: { dialString: string; dialMask?: string; pstnUsage: string }[];
  /** false: no ownership marker; kept exactly as in the tenant (brownfield). */
  owned?: boolean;
}

/** A dial string is routed once per policy: a second entry for it would never be used. */
function checkDialStrings(p: EmergencyCallRoutingPolicySpec, where: (suffix: string) => string): Problem[] {
  return repeats(p.emergencyNumbers, (n) => n.dialString).map(([j, prev]) => ({
    path: where(`/emergencyNumbers/${j}/dialString`),
    rule: 'unique-name',
    message: `emergency dial string ${JSON.stringify(p.emergencyNumbers[j]!.dialString)} of policy ${p.name} is already defined at ${where(`/emergencyNumbers/${prev}/dialString`)}`,
  }));
}

/** Teams limits (reference/teams-cmdlets.md §0.4). */
export const EMERGENCY_CALL_ROUTING_POLICY_LIMITS = { descriptionLength: 512 } as const;

export const emergencyCallRoutingPolicyKind: KindDef<
  'emergencyCallRoutingPolicy',
  'emergencyCallRoutingPolicies',
  EmergencyCallRoutingPolicy,
  EmergencyCallRoutingPolicySpec
> = {
  kind: 'emergencyCallRoutingPolicy',
  list: 'emergencyCallRoutingPolicies',
  label: 'emergency call routing policy',
  identity: 'name',
  ownership: 'description-marker',
  dependsOn: ['pstnUsage'],
  limits: EMERGENCY_CALL_ROUTING_POLICY_LIMITS,
  fromSpec: (spec) =>
    (spec.emergencyCallRoutingPolicies ?? []).map((p) => ({
      name: p.name,
      description: describe(p),
      allowEnhancedEmergencyServices: p.allowEnhancedEmergencyServices ?? false,
      emergencyNumbers: p.emergencyNumbers.map((n) => ({
        dialString: n.dialString,
        dialMask: n.dialMask ?? '',
        pstnUsage: n.pstnUsage,
      })),
    })),
  toSpec: (p) => ({
    name: p.name,
    ...exportDescription(p.description),
    ...(p.allowEnhancedEmergencyServices ? { allowEnhancedEmergencyServices: true } : {}),
    emergencyNumbers: p.emergencyNumbers.map((n) => ({
      dialString: n.dialString,
      ...(n.dialMask ? { dialMask: n.dialMask } : {}),
      pstnUsage: n.pstnUsage,
    })),
  }),
  uses: (p) => p.emergencyNumbers.map((n) => ({ kind: 'pstnUsage', name: n.pstnUsage })),
  references: (p) =>
    p.emergencyNumbers.map((n, j): SpecReference => ({
      kind: 'pstnUsage',
      name: n.pstnUsage,
      path: `/emergencyNumbers/${j}/pstnUsage`,
    })),
  checkSpecEntry: checkDialStrings,
};
