import { BackendError } from '../../errors.js';
import { releasesNumber } from '../../kinds/user-number.js';
import type { PhoneNumberType, UserNumber } from '../../model/tenant-state.js';

/** Graph's numberType for a Teams number type (numberassignment-assignnumber.md). */
export function graphNumberType(type: PhoneNumberType | null): 'directRouting' | 'operatorConnect' | 'callingPlan' {
  return type === 'OperatorConnect' ? 'operatorConnect' : type === 'CallingPlan' ? 'callingPlan' : 'directRouting';
}

export interface NumberSteps {
  /** Taken away first (its own operation, waited for). */
  unassign?: { telephoneNumber: string; numberType: string };
  /** Then given. */
  assign?: { telephoneNumber: string; assignmentTargetId: string; numberType: string; assignmentCategory: 'primary' };
}

/**
 * The Graph operations one userNumber change needs. A number of another type (Direct Routing →
 * Operator Connect) is a different assignment in Teams: it is unassigned, the operation waited
 * for, then the new one assigned. The user is named by object id, never by UPN (assignNumber
 * documents `assignmentTargetId` as the object id). Pure.
 */
export function numberSteps(
  upn: string,
  before: UserNumber | null,
  after: UserNumber | null,
  objectId: string | undefined,
): NumberSteps | Error {
  const steps: NumberSteps = {};
  const held = before?.phoneNumber ? before : null;
  // Released whenever the user's number changes: another user of the same batch may be taking it
  // (a swap, a leaver's number handed on), and every release goes before every assignment.
  if (held && releasesNumber(held, after)) {
    steps.unassign = { telephoneNumber: held.phoneNumber!, numberType: graphNumberType(held.phoneNumberType) };
  }
  if (after?.phoneNumber) {
    if (!objectId)
      return new BackendError(`no object id known for ${upn}: the user was not found in the tenant`, 'invalid');
    steps.assign = {
      telephoneNumber: after.phoneNumber,
      assignmentTargetId: objectId,
      numberType: graphNumberType(after.phoneNumberType),
      assignmentCategory: 'primary',
    };
  }
  return steps;
}
