import type { KindDef } from './kind-def.js';
import { presentUsers } from './spec-document.js';

export type PhoneNumberType = 'DirectRouting' | 'OperatorConnect' | 'CallingPlan';

/** A user's phone number assignment (`Set-/Remove-CsPhoneNumberAssignment`). */
export interface UserNumber {
  upn: string;
  phoneNumber: string | null;
  phoneNumberType: PhoneNumberType | null;
}

export const userNumberKind: KindDef<'userNumber', 'userNumbers', UserNumber> = {
  kind: 'userNumber',
  list: 'userNumbers',
  label: 'user number',
  identity: 'upn',
  ownership: 'per-user',
  // A Teams Phone licence, nothing else (not the user's policies: numbers and grants go at once).
  // Teams mails about a number as the tenant's mail setting is when it is assigned: set that first.
  dependsOn: ['userLicense', 'phoneNumberTenantConfiguration'],
  releasedFirst: true,
  // "auto" numbers are resolved against the tenant by the plan (the only place that sees both).
  fromSpec: (spec) =>
    presentUsers(spec).map((u) => ({
      upn: u.upn,
      phoneNumber: u.phoneNumber,
      phoneNumberType: u.phoneNumberType ?? 'DirectRouting',
    })),
};

/**
 * The change gives up the user's number: none or another one wanted (or another type, which
 * Teams treats as another assignment). Every backend releases such numbers before it assigns
 * any number of the batch, so a swap or a leaver's number handed on goes through. Pure.
 */
export function releasesNumber(
  before: UserNumber | null | undefined,
  after: UserNumber | null | undefined,
): before is UserNumber & { phoneNumber: string } {
  return (
    Boolean(before?.phoneNumber) &&
    (after?.phoneNumber !== before!.phoneNumber || after?.phoneNumberType !== before!.phoneNumberType)
  );
}
