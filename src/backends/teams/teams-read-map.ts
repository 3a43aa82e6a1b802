import { GRANTS } from '../../kinds/grants.js';
import { TENANT_KINDS, type TenantKind } from '../../kinds/registry.js';
import type { CurrentState, PhoneNumberType, TenantVoiceState, UserPolicy } from '../../model/tenant-state.js';
import { bareName, list } from './teams-fields.js';
import { teamsKind } from './teams-kinds.js';
import { addressValidation, lisFromRows } from './teams-lis.js';

type Raw = Record<string, unknown>;

const s = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

export interface TeamsReadOutputs {
  tenant: Raw;
  /** Each tenant-wide kind's Get output (kinds not read are empty). */
  objects: Partial<Record<TenantKind, Raw[]>>;
  numbers: Raw[];
  /** Get-CsOnlineUser per scope user: the object, or null when not found. */
  users: { upn: string; user: Raw | null }[];
}

/**
 * A user's grants from a Get-CsOnlineUser-shaped object: each policy property holds the bare
 * name, or an object {Authority, Name} in newer modules; empty means Global.
 */
export function grantsOf(user: Raw): UserPolicy | null {
  const upn = s(user.UserPrincipalName);
  const grants = Object.fromEntries(
    GRANTS.map((g) => {
      const value = user[g.policyType];
      const name = value && typeof value === 'object' ? (value as Raw).Name : value;
      return [g.attribute, bareName(name) || null];
    }),
  );
  return Object.values(grants).some((v) => v !== null) ? ({ upn, ...grants } as UserPolicy) : null;
}

/** The whole read, from cmdlet outputs to CurrentState (pure). */
export function buildCurrentState(o: TeamsReadOutputs): CurrentState {
  const typeOf = new Map(o.numbers.map((n) => [s(n.TelephoneNumber), s(n.NumberType) as PhoneNumberType]));
  const upnOfId = new Map(
    o.users.filter((u) => u.user).map((u) => [s(u.user!.Identity), s(u.user!.UserPrincipalName)]),
  );
  const voice = Object.fromEntries([
    ...TENANT_KINDS.map((k) => [k.list, teamsKind(k.kind).fromRows(o.objects[k.kind] ?? [])]),
    // Licences and usage locations come from Graph (filled in by the backend).
    ['userLicenses', []],
    ['userNumbers', []],
    ['userPolicies', []],
  ]) as unknown as TenantVoiceState;
  // The LIS names addresses and places by generated ids: its kinds are read together.
  Object.assign(voice, lisFromRows(o.objects));
  for (const { user } of o.users) {
    if (!user) continue;
    const upn = s(user.UserPrincipalName);
    const number = s(user.LineUri).replace(/^tel:/i, '');
    if (number)
      voice.userNumbers.push({ upn, phoneNumber: number, phoneNumberType: typeOf.get(number) ?? 'DirectRouting' });
    const grants = grantsOf(user);
    if (grants) voice.userPolicies.push(grants);
  }
  return {
    tenantId: s(o.tenant.TenantId),
    voice,
    directory: {
      users: o.users.map(({ upn, user }) =>
        user
          ? {
              upn: s(user.UserPrincipalName),
              exists: true,
              enabled: Boolean(user.AccountEnabled),
              usageLocation: s(user.UsageLocation) || null,
              hasTeamsPhone: list(user.FeatureTypes).includes('PhoneSystem'),
            }
          : { upn, exists: false, enabled: false, usageLocation: null, hasTeamsPhone: false },
      ),
      addressValidation: addressValidation(o.objects.emergencyAddress ?? []),
      verifiedDomains: (Array.isArray(o.tenant.VerifiedDomains) ? (o.tenant.VerifiedDomains as Raw[]) : [])
        .filter((d) => s(d.Status) === 'Enabled')
        .map((d) => s(d.Name)),
      skus: [],
      // Only numbers a user can get (Capability UserAssignment, Microsoft's own filter in Set-CsPhoneNumberAssignment
      // example 8); numbers held by another user are caught by preflight's holder check.
      operatorConnectNumbers: o.numbers
        .filter((n) => s(n.NumberType) === 'OperatorConnect' && list(n.Capability).includes('UserAssignment'))
        .map((n) => s(n.TelephoneNumber)),
      assignedNumbers: o.numbers
        .filter((n) => n.AssignedPstnTargetId)
        .map((n) => ({
          phoneNumber: s(n.TelephoneNumber),
          upn: upnOfId.get(s(n.AssignedPstnTargetId)) ?? s(n.AssignedPstnTargetId),
          ...(s(n.PstnAssignmentStatus) && s(n.PstnAssignmentStatus) !== 'UserAssigned'
            ? { holder: 'application' as const }
            : {}),
        })),
    },
  };
}
