import { sameName } from './identity.js';
/**
 * Per-user policy grants as data: the user attribute (spec and model), the policy kind it names,
 * the Grant-* cmdlet, and the PolicyType of batch policy assignment, Get-CsOnlineUser's property
 * and Graph's effectivePolicyAssignments (the same word in all three). A new grantable policy is
 * one row here; Grant calls, batch assignments, reads, references and delete guards follow.
 */
export const GRANTS = [
  {
    attribute: 'voiceRoutingPolicy',
    policyKind: 'voiceRoutingPolicy',
    cmdlet: 'Grant-CsOnlineVoiceRoutingPolicy',
    policyType: 'OnlineVoiceRoutingPolicy',
  },
  { attribute: 'dialPlan', policyKind: 'dialPlan', cmdlet: 'Grant-CsTenantDialPlan', policyType: 'TenantDialPlan' },
  {
    attribute: 'emergencyCallRoutingPolicy',
    policyKind: 'emergencyCallRoutingPolicy',
    cmdlet: 'Grant-CsTeamsEmergencyCallRoutingPolicy',
    policyType: 'TeamsEmergencyCallRoutingPolicy',
  },
  {
    attribute: 'emergencyCallingPolicy',
    policyKind: 'emergencyCallingPolicy',
    cmdlet: 'Grant-CsTeamsEmergencyCallingPolicy',
    policyType: 'TeamsEmergencyCallingPolicy',
  },
  {
    attribute: 'callingLineIdentity',
    policyKind: 'callingLineIdentity',
    cmdlet: 'Grant-CsCallingLineIdentity',
    policyType: 'CallingLineIdentity',
  },
] as const;

export type Grant = (typeof GRANTS)[number];
export type GrantAttribute = Grant['attribute'];

/** A user's grants: policy name per attribute, null meaning "falls back to Global". */
export type UserGrants = { [A in GrantAttribute]: string | null };

/** The grant of a batch policy assignment PolicyType, or undefined. */
export function grantOfPolicyType(policyType: string): Grant | undefined {
  return GRANTS.find((g) => sameName(g.policyType, policyType));
}

/** Grants with every attribute null. */
export function noGrants(): UserGrants {
  return Object.fromEntries(GRANTS.map((g) => [g.attribute, null])) as UserGrants;
}

/**
 * The org-wide default of a grantable policy kind: `Global` (any case). Teams always has it; it
 * can be changed (a spec naming it takes it over) but never created, deleted or replaced.
 */
export function isOrgDefault(kind: string, name: string): boolean {
  return sameName(name, 'Global') && GRANTS.some((g) => g.policyKind === kind);
}

/** What the plan says beside an update of a Global: everyone without a policy of their own gets it. */
export const ORG_DEFAULT_NOTE = 'takes over the org-wide default: every user without a policy of their own gets it';
