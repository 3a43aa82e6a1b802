import type { KindDef } from './kind-def.js';

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
  renamedByReplace: false,
  // A Teams Phone licence, nothing else (not the user's policies: numbers and grants go at once).
  dependsOn: ['userLicense'],
  // "auto" numbers are resolved against the tenant by the plan (the only place that sees both).
  fromSpec: (spec) => (spec.users ?? []).map((u) => ({ upn: u.upn, phoneNumber: u.phoneNumber, phoneNumberType: u.phoneNumberType ?? 'DirectRouting' })),
};
