import type { CurrentState, UserLicense } from '../../model/tenant-state.js';
import type { GraphUser } from '../graph/graph-directory.js';
import type { PwshCall } from './pwsh-session.js';
import { bareName, buildCurrentState, fromTeams } from './teams-read-map.js';

type Raw = Record<string, unknown>;

/** The Get that reads one object of a (non-user) kind. */
export function getCall(kind: string, name: string): PwshCall {
  const cmdlet = {
    translationRule: 'Get-CsTeamsTranslationRule',
    gateway: 'Get-CsOnlinePSTNGateway',
    voiceRoute: 'Get-CsOnlineVoiceRoute',
    voiceRoutingPolicy: 'Get-CsOnlineVoiceRoutingPolicy',
    dialPlan: 'Get-CsTenantDialPlan',
    pstnUsage: 'Get-CsOnlinePstnUsage',
  }[kind]!;
  return { cmdlet, params: kind === 'pstnUsage' ? {} : { Identity: name } };
}

/** The object named `name` in a Get's output, in the model's shape, or null. */
export function pickObject(kind: string, name: string, rows: Raw[]): Record<string, unknown> | null {
  if (kind === 'pstnUsage') {
    const usage = ((rows[0]?.Usage as string[]) ?? []).find((u) => u.toLowerCase() === name.toLowerCase());
    return usage === undefined ? null : { name: usage };
  }
  const map = { translationRule: fromTeams.translationRule, gateway: fromTeams.gateway, voiceRoute: fromTeams.route, voiceRoutingPolicy: fromTeams.policy, dialPlan: fromTeams.dialPlan }[kind as 'gateway'] as (r: Raw) => object;
  const match = rows.map(map).find((o) => bareName((o as { name?: string }).name ?? (o as { fqdn: string }).fqdn).toLowerCase() === name.toLowerCase());
  return (match as Record<string, unknown>) ?? null;
}

/** A Graph user's usage location and licences as a userLicense object (null when it has neither). */
export function licenceOf(u: GraphUser, skuParts: Map<string, string>): UserLicense | null {
  const licenses = u.assignedLicenses.map((l) => skuParts.get(l.skuId) ?? l.skuId).sort();
  return u.usageLocation === null && licenses.length === 0 ? null : { upn: u.userPrincipalName, usageLocation: u.usageLocation, licenses };
}

/** The state of some users only (their numbers and grants), from the number list and user objects. */
export function usersOnlyState(numbers: Raw[], users: { upn: string; user: Raw | null }[]): CurrentState {
  return buildCurrentState({ tenant: {}, gateways: [], usages: [], routes: [], policies: [], dialPlans: [], translationRules: [], numbers, users });
}

/** One user's userNumber or userPolicy object in a state, or null. */
export function userVoiceObject(state: CurrentState, kind: 'userNumber' | 'userPolicy', upn: string): Record<string, unknown> | null {
  const list = kind === 'userNumber' ? state.voice.userNumbers : state.voice.userPolicies;
  return (list.find((o) => o.upn.toLowerCase() === upn.toLowerCase()) as unknown as Record<string, unknown>) ?? null;
}
