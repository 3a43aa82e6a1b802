import type { KindDef } from './kind-def.js';
import { siteOfAccount } from './resource-account.js';

/**
 * A resource account's phone number (`Set-/Remove-CsPhoneNumberAssignment`, always Direct Routing
 * here) and the voice routing policy its transfers to the PSTN need (`Grant-CsOnlineVoiceRoutingPolicy`).
 * A kind of its own so the number comes after the auto attendant or queue it rings, and is released
 * before they go (manage-resource-accounts.md: unassign the number before deleting).
 */
export interface ResourceAccountNumber {
  upn: string;
  phoneNumber: string;
  voiceRoutingPolicy: string | null;
}

export const resourceAccountNumberKind: KindDef<
  'resourceAccountNumber',
  'resourceAccountNumbers',
  ResourceAccountNumber
> = {
  kind: 'resourceAccountNumber',
  list: 'resourceAccountNumbers',
  label: 'resource account number',
  identity: 'upn',
  ownership: 'resource-account',
  dependsOn: ['resourceAccount', 'autoAttendant', 'callQueue', 'voiceRoutingPolicy'],
  caseless: ['voiceRoutingPolicy'],
  releasedFirst: true,
  // "auto" numbers are resolved against the tenant by the plan, as users' are.
  fromSpec: (spec) =>
    (spec.resourceAccounts ?? [])
      .filter((a) => a.phoneNumber !== undefined)
      .map((a) => ({
        upn: a.upn,
        phoneNumber: a.phoneNumber!,
        voiceRoutingPolicy: a.voiceRoutingPolicy ?? siteOfAccount(spec, a)?.voiceRoutingPolicy ?? null,
      })),
  uses: (n) => [
    { kind: 'resourceAccount', name: n.upn },
    ...(n.voiceRoutingPolicy ? [{ kind: 'voiceRoutingPolicy', name: n.voiceRoutingPolicy }] : []),
  ],
};
