import type { Problem } from '../errors.js';
import { describe, exportDescription, type KindDef } from './kind-def.js';

/**
 * What a caller ID policy shows instead of the user's number. Microsoft's current reference
 * (New-/Set-CsCallingLineIdentity) lists Anonymous, LineUri and Resource; the older Service
 * substitute with -ServiceNumber is gone from the module, so Voiceform does not offer it.
 */
export type CallingIdSubstitute = 'Anonymous' | 'LineUri' | 'Resource';

/** `*-CsCallingLineIdentity` (caller ID policy). */
export interface CallingLineIdentity {
  name: string;
  description: string;
  callingIdSubstitute: CallingIdSubstitute;
  /** ObjectId of the resource account whose number is shown (Resource substitute only). */
  resourceAccount: string | null;
  /** The calling party name (CNAM) on outgoing PSTN calls ("" for none). */
  companyName: string;
  enableUserOverride: boolean;
  blockIncomingPstnCallerId: boolean;
}

export interface CallingLineIdentitySpec {
  name: string;
  description?: string;
  callingIdSubstitute?: CallingIdSubstitute;
  resourceAccount?: string;
  companyName?: string;
  enableUserOverride?: boolean;
  blockIncomingPstnCallerId?: boolean;
  /** false: no ownership marker; kept exactly as in the tenant (brownfield). */
  owned?: boolean;
}

/** "If CallingIDSubstitute is Resource, then ResourceAccount cannot be empty" (New-CsCallingLineIdentity). */
function checkSubstitute(c: CallingLineIdentitySpec, where: (suffix: string) => string): Problem[] {
  if (c.callingIdSubstitute === 'Resource' && !c.resourceAccount) {
    return [
      {
        path: where('/resourceAccount'),
        rule: 'caller-id.resource',
        message: `caller ID policy ${c.name} substitutes a resource account's number: give resourceAccount (the resource account's object id)`,
      },
    ];
  }
  if (c.callingIdSubstitute !== 'Resource' && c.resourceAccount) {
    return [
      {
        path: where('/resourceAccount'),
        rule: 'caller-id.resource',
        message: `resourceAccount is used only with "callingIdSubstitute": "Resource" (policy ${c.name})`,
      },
    ];
  }
  return [];
}

export const callingLineIdentityKind: KindDef<
  'callingLineIdentity',
  'callingLineIdentities',
  CallingLineIdentity,
  CallingLineIdentitySpec
> = {
  kind: 'callingLineIdentity',
  list: 'callingLineIdentities',
  label: 'caller ID policy',
  identity: 'name',
  ownership: 'description-marker',
  dependsOn: [],
  fromSpec: (spec) =>
    (spec.callingLineIdentities ?? []).map((c) => ({
      name: c.name,
      description: describe(c),
      callingIdSubstitute: c.callingIdSubstitute ?? 'LineUri',
      // An object id is a Guid: Teams binds it as one and gives it back in lower case, whatever the spec's case.
      resourceAccount: c.resourceAccount?.toLowerCase() ?? null,
      companyName: c.companyName ?? '',
      enableUserOverride: c.enableUserOverride ?? false,
      blockIncomingPstnCallerId: c.blockIncomingPstnCallerId ?? false,
    })),
  toSpec: (c) => ({
    name: c.name,
    ...exportDescription(c.description),
    ...(c.callingIdSubstitute !== 'LineUri' ? { callingIdSubstitute: c.callingIdSubstitute } : {}),
    ...(c.resourceAccount ? { resourceAccount: c.resourceAccount } : {}),
    ...(c.companyName ? { companyName: c.companyName } : {}),
    ...(c.enableUserOverride ? { enableUserOverride: true } : {}),
    ...(c.blockIncomingPstnCallerId ? { blockIncomingPstnCallerId: true } : {}),
  }),
  checkSpecEntry: checkSubstitute,
};
