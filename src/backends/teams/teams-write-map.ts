import { isUserKind } from '../../addr/address.js';
import { releasesNumber } from '../../kinds/user-number.js';
import { InternalError } from '../../errors.js';
import { GRANTS } from '../../kinds/grants.js';
import type { TenantKind } from '../../kinds/registry.js';
import type { Change, ChangeOf } from '../../plan/plan-types.js';
import type { PwshCall } from './pwsh-session.js';
import { teamsKind } from './teams-kinds.js';

/**
 * The cmdlet calls that carry out one planned change (teams-cmdlets.md): tenant-wide kinds by
 * their adapter in teams-kinds.ts, numbers with Set-/Remove-CsPhoneNumberAssignment, grants with
 * each policy's Grant-* -PolicyName ($null removes). Pure.
 */
export function callsForChange(change: Change): PwshCall[] {
  if (!isUserKind(change.kind)) return teamsKind(change.kind as TenantKind).calls(change as ChangeOf<TenantKind>);
  if (change.kind === 'userNumber') {
    const { after: next, before: prev } = change;
    const calls: PwshCall[] = [];
    // No number, another one, or one of another type: remove the old assignment first. The
    // parameters by their 2025 names (-TelephoneNumber, -NumberType); -PhoneNumber and
    // -PhoneNumberType are their aliases now (Set-/Remove-CsPhoneNumberAssignment.md).
    if (releasesNumber(prev, next)) {
      calls.push({
        cmdlet: 'Remove-CsPhoneNumberAssignment',
        params: {
          Identity: change.name,
          TelephoneNumber: prev.phoneNumber,
          NumberType: prev.phoneNumberType ?? 'DirectRouting',
        },
      });
    }
    if (next?.phoneNumber)
      calls.push({
        cmdlet: 'Set-CsPhoneNumberAssignment',
        params: {
          Identity: change.name,
          TelephoneNumber: next.phoneNumber,
          NumberType: next.phoneNumberType ?? 'DirectRouting',
        },
      });
    return calls;
  }
  if (change.kind === 'userPolicy') {
    return GRANTS.filter((g) => (change.after?.[g.attribute] ?? null) !== (change.before?.[g.attribute] ?? null)).map(
      (g) => ({
        cmdlet: g.cmdlet,
        params: { Identity: change.name, PolicyName: change.after?.[g.attribute] ?? null },
      }),
    );
  }
  throw new InternalError('licences are written through Graph, not PowerShell');
}
