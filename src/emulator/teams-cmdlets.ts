import type { SimTenant } from '../backends/sim/sim-tenant.js';
import type { SimUser } from '../backends/sim/sim-state.js';
import { BackendError } from '../errors.js';
import { GRANTS, grantOfPolicyType } from '../kinds/grants.js';
import type { PhoneNumberType } from '../model/tenant-state.js';
import { need, policyName, str, type CmdletHandler, type Params } from './cmdlet-params.js';
import { kindCmdlets } from './teams-kinds.js';

/** Get-CsOnlineUser's shape: policy properties hold the bare policy name, or null for Global. */
function userShape(u: SimUser, hasTeamsPhone: boolean): Record<string, unknown> {
  return {
    Identity: u.id,
    UserPrincipalName: u.upn,
    DisplayName: u.displayName,
    AccountEnabled: u.accountEnabled,
    UsageLocation: u.usageLocation,
    LineUri: u.phoneNumber ? `tel:${u.phoneNumber}` : null,
    EnterpriseVoiceEnabled: u.enterpriseVoiceEnabled,
    ...Object.fromEntries(GRANTS.map((g) => [g.policyType, u[g.attribute] ?? null])),
    FeatureTypes: hasTeamsPhone ? ['Teams', 'PhoneSystem'] : ['Teams'],
  };
}

const batches = new Map<string, unknown>();
const grantName = (p: Params): string | null => (str(p, 'PolicyName') ? policyName(str(p, 'PolicyName')!) : null);

const USER_CMDLETS: [string, CmdletHandler<SimTenant>][] = [
  [
    'Get-CsOnlineUser',
    (t, p) => {
      if (!str(p, 'Identity')) return t.state.users.map((u) => userShape(u, t.hasTeamsPhone(u)));
      const u = t.user(need(p, 'Identity'));
      if (!u) throw new BackendError(`Management object not found for identity "${str(p, 'Identity')}".`, 'not-found');
      return [userShape(u, t.hasTeamsPhone(u))];
    },
  ],
  [
    'Get-CsPhoneNumberAssignment',
    (t, p) => {
      const row = (n: string, type: string | null, target: string | null) => ({
        TelephoneNumber: n, NumberType: type, AssignedPstnTargetId: target, PstnAssignmentStatus: target ? 'UserAssigned' : 'Unassigned', ActivationState: 'Activated', Capability: ['UserAssignment'],
      });
      const assigned = t.state.users.filter((u) => u.phoneNumber).map((u) => row(u.phoneNumber!, u.phoneNumberType, u.id));
      const free = t.state.operatorConnectNumbers.filter((n) => !t.state.users.some((u) => u.phoneNumber === n)).map((n) => row(n, 'OperatorConnect', null));
      const all = [...assigned, ...free].sort((a, b) => String(a.TelephoneNumber).localeCompare(String(b.TelephoneNumber)));
      const skip = Number(p.Skip ?? 0);
      return all.slice(skip, skip + Math.min(Number(p.Top ?? 500), 1000));
    },
  ],
  ['Set-CsPhoneNumberAssignment', (t, p) => (t.assignPhoneNumber(need(p, 'Identity'), need(p, 'PhoneNumber'), need(p, 'PhoneNumberType') as PhoneNumberType), [])],
  ['Remove-CsPhoneNumberAssignment', (t, p) => (t.unassignPhoneNumber(need(p, 'Identity'), need(p, 'PhoneNumber'), need(p, 'PhoneNumberType') as PhoneNumberType), [])],
  // One Grant-* per row of kinds/grants.ts.
  ...GRANTS.map((g): [string, CmdletHandler<SimTenant>] => [g.cmdlet, (t, p) => (t.grant(g.attribute, need(p, 'Identity'), grantName(p)), [])]),
  [
    'New-CsBatchPolicyAssignmentOperation',
    (t, p) => {
      const identities = (Array.isArray(p.Identity) ? p.Identity : [p.Identity]).map(String);
      if (identities.length > 5000) throw new BackendError('A batch can hold at most 5000 users.', 'invalid');
      const type = need(p, 'PolicyType');
      const grant = grantOfPolicyType(type);
      if (!grant) throw new BackendError(`PolicyType ${type} is not simulated.`, 'invalid');
      const userState = [...new Set(identities)].map((id) => {
        try {
          t.grant(grant.attribute, id, grantName(p));
          return { Id: id, Result: 'Success', State: 'Completed' };
        } catch (err) {
          return { Id: id, Result: (err as Error).message, State: 'Completed' };
        }
      });
      const operationId = `op-${batches.size + 1}-${Date.now()}`;
      const errors = userState.filter((u) => u.Result !== 'Success').length;
      batches.set(operationId, { OperationId: operationId, OperationName: str(p, 'OperationName') ?? '', OverallStatus: 'Completed', CompletedCount: userState.length - errors, ErrorCount: errors, InProgressCount: 0, NotStartedCount: 0, UserState: userState });
      return [{ OperationId: operationId }];
    },
  ],
  [
    'Get-CsBatchPolicyAssignmentOperation',
    (_t, p) => {
      const op = batches.get(need(p, 'Identity'));
      if (!op) throw new BackendError(`Operation ${str(p, 'Identity')} not found.`, 'not-found');
      return [op];
    },
  ],
];

const CMDLETS = new Map<string, CmdletHandler<SimTenant>>([
  ['Get-CsTenant', (t) => [{ TenantId: t.state.tenantId, VerifiedDomains: t.state.domains.map((d) => ({ Name: d.id, Status: d.isVerified ? 'Enabled' : 'Unverified' })) }]],
  ...kindCmdlets(),
  ...USER_CMDLETS,
]);

/**
 * The cmdlets the stand-in MicrosoftTeams module forwards, carried out on the simulated tenant.
 * `params` are what PowerShell bound (names as declared by the real cmdlets); the result is the
 * cmdlet's output objects.
 */
export function runTeamsCmdlet(t: SimTenant, cmdlet: string, p: Params): unknown[] {
  const handler = CMDLETS.get(cmdlet);
  if (!handler) throw new BackendError(`The term '${cmdlet}' is not recognized by the simulated tenant.`, 'invalid');
  return handler(t, p);
}
