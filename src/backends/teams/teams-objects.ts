import { sameName } from '../../kinds/identity.js';
import { isUserKind, type Address } from '../../addr/address.js';
import { kindDef, type TenantKind } from '../../kinds/registry.js';
import type { CurrentState, UserLicense } from '../../model/tenant-state.js';
import type { VoiceObject } from '../../kinds/registry.js';
import type { GraphUser } from '../graph/graph-directory.js';
import type { PwshCall } from './pwsh-session.js';
import { buildCurrentState } from './teams-read-map.js';
import { teamsKind } from './teams-kinds.js';

type Raw = Record<string, unknown>;

/** The Get that reads every object of a tenant-wide kind. */
export function getAllCall(kind: TenantKind): PwshCall {
  return { cmdlet: `Get-${teamsKind(kind).noun}` };
}

/** The object of a kind named `name` (Teams' case rule) among objects in the model's shape, or null. */
export function findNamed(kind: TenantKind, name: string, objects: readonly object[]): VoiceObject | null {
  const identity = kindDef(kind).identity;
  return (objects.find((o) => sameName(String((o as Raw)[identity]), name)) as VoiceObject | undefined) ?? null;
}

/** The object named `name` in a Get's output, in the model's shape, or null. */
export function pickObject(kind: TenantKind, name: string, rows: Raw[]): VoiceObject | null {
  return findNamed(kind, name, teamsKind(kind).fromRows(rows));
}

/** A Graph user's usage location and licences as a userLicense object (null when it has neither). */
export function licenceOf(u: GraphUser, skuParts: Map<string, string>): UserLicense | null {
  const licenses = u.assignedLicenses.map((l) => skuParts.get(l.skuId) ?? l.skuId).sort();
  return u.usageLocation === null && licenses.length === 0
    ? null
    : { upn: u.userPrincipalName, usageLocation: u.usageLocation, licenses };
}

/** The state of some users only (their numbers and grants), from the number list and user objects. */
export function usersOnlyState(numbers: Raw[], users: { upn: string; user: Raw | null }[]): CurrentState {
  return buildCurrentState({ tenant: {}, objects: {}, numbers, users });
}

/** One user's userNumber or userPolicy object in a state, or null. */
export function userVoiceObject(state: CurrentState, a: Address): VoiceObject | null {
  if (!isUserKind(a.kind)) return null;
  const list = a.kind === 'userNumber' ? state.voice.userNumbers : state.voice.userPolicies;
  return list.find((o) => sameName(o.upn, a.name)) ?? null;
}
