import type { SimTenant } from '../backends/sim/sim-tenant.js';
import type { SimUser } from '../backends/sim/sim-state.js';
import { BackendError } from '../errors.js';
import { GRANTS, grantOfPolicyType } from '../kinds/grants.js';
import type { PhoneNumberType } from '../model/tenant-state.js';
import { has, nameParam, need, policyName, str, type Params } from './cmdlet-params.js';
import { kindCmdlets } from './teams-kinds.js';
import { VOICE_APP_CMDLETS } from './teams-voice-apps.js';
import { AUTO_ATTENDANT_CMDLETS } from './teams-auto-attendants.js';
import { LIS_CMDLETS } from './teams-lis.js';

/** What the cmdlets need of the emulator's realism. */
export interface EmulatedService {
  strict: boolean;
  /** Where an asynchronous operation started then is now. */
  phase(startedAt: number): 'queued' | 'running' | 'done';
}

const LENIENT_SERVICE: EmulatedService = { strict: false, phase: () => 'done' };

/**
 * Get-CsOnlineUser's shape: policy properties hold the policy's name, or null for Global. In
 * strict realism as the current module gives them in commercial clouds: objects
 * `{Authority, Name}` (office-docs-powershell#9476).
 */
function userShape(u: SimUser, hasTeamsPhone: boolean, strict: boolean): Record<string, unknown> {
  const policy = (name: string | null | undefined) =>
    name ? (strict ? { Authority: 'Tenant', Name: name } : name) : null;
  return {
    Identity: u.id,
    UserPrincipalName: u.upn,
    DisplayName: u.displayName,
    AccountEnabled: u.accountEnabled,
    UsageLocation: u.usageLocation,
    LineUri: u.phoneNumber ? `tel:${u.phoneNumber}` : null,
    EnterpriseVoiceEnabled: u.enterpriseVoiceEnabled,
    // Get-CsOnlineUser.md: AccountType User, ResourceAccount, Guest, SfBOnPremUser, IneligibleUser or Unknown.
    AccountType: u.accountType ?? 'User',
    ...Object.fromEntries(GRANTS.map((g) => [g.policyType, policy(u[g.attribute])])),
    FeatureTypes: hasTeamsPhone ? ['Teams', 'PhoneSystem'] : ['Teams'],
  };
}

/**
 * Get-CsOnlineUser -Filter: the one form simulated, a policy property compared with $null or a
 * name (`OnlineVoiceRoutingPolicy -ne $null`, `TenantDialPlan -eq 'DP'`: Get-CsOnlineUser.md's
 * filter examples); anything else is refused rather than guessed.
 */
function userFilter(filter: string): (u: SimUser) => boolean {
  const m = /^\s*\{?\s*(\w+)\s+-(eq|ne)\s+(\$null|'[^']*'|"[^"]*")\s*\}?\s*$/i.exec(filter);
  const grant = m ? GRANTS.find((g) => g.policyType.toLowerCase() === m[1]!.toLowerCase()) : undefined;
  if (!m || !grant) throw new BackendError(`The filter ${JSON.stringify(filter)} is not simulated.`, 'invalid');
  const value = m[3]!.toLowerCase() === '$null' ? null : m[3]!.slice(1, -1).toLowerCase();
  return (u) => {
    const held = u[grant.attribute]?.toLowerCase() ?? null;
    return m[2]!.toLowerCase() === 'eq' ? held === value : held !== value;
  };
}

/** Batch policy assignment operations: their users' results are decided at once, reported as the operation runs. */
const batches = new Map<
  string,
  { startedAt: number; name: string; userState: { Id: string; Result: string; State: string }[] }
>();

/** Get-CsBatchPolicyAssignmentOperation's output: NotStarted → InProgress → Completed in strict realism. */
function batchOperationShape(
  id: string,
  op: { startedAt: number; name: string; userState: { Id: string; Result: string }[] },
  service: EmulatedService,
): Record<string, unknown> {
  const phase = service.phase(op.startedAt);
  const overall = phase === 'queued' ? 'NotStarted' : phase === 'running' ? 'InProgress' : 'Completed';
  const done = overall === 'Completed';
  const errors = done ? op.userState.filter((u) => u.Result !== 'Success').length : 0;
  return {
    OperationId: id,
    OperationName: op.name,
    OverallStatus: overall,
    CompletedCount: done ? op.userState.length - errors : 0,
    ErrorCount: errors,
    InProgressCount: overall === 'InProgress' ? op.userState.length : 0,
    NotStartedCount: overall === 'NotStarted' ? op.userState.length : 0,
    UserState: op.userState.map((u) =>
      done ? { ...u, State: 'Completed' } : { Id: u.Id, Result: '', State: overall },
    ),
  };
}
const grantName = (p: Params): string | null => (str(p, 'PolicyName') ? policyName(str(p, 'PolicyName')!) : null);

type Handler = (t: SimTenant, p: Params, service: EmulatedService) => unknown[];

const USER_CMDLETS: [string, Handler][] = [
  [
    'Get-CsOnlineUser',
    (t, p, service) => {
      if (str(p, 'Filter')) {
        const keep = userFilter(need(p, 'Filter'));
        return t.state.users.filter((u) => keep(u)).map((u) => userShape(u, t.hasTeamsPhone(u), service.strict));
      }
      if (!str(p, 'Identity')) return t.state.users.map((u) => userShape(u, t.hasTeamsPhone(u), service.strict));
      const u = t.user(need(p, 'Identity'));
      if (!u) throw new BackendError(`Management object not found for identity "${str(p, 'Identity')}".`, 'not-found');
      return [userShape(u, t.hasTeamsPhone(u), service.strict)];
    },
  ],
  [
    'Get-CsPhoneNumberAssignment',
    (t, p) => {
      const row = (n: string, type: string | null, target: string | null, status = 'UserAssigned') => ({
        TelephoneNumber: n,
        NumberType: type,
        AssignedPstnTargetId: target,
        PstnAssignmentStatus: target ? status : 'Unassigned',
        ActivationState: 'Activated',
        Capability: ['UserAssignment'],
      });
      const assigned = t.state.users
        .filter((u) => u.phoneNumber)
        .map((u) =>
          row(
            u.phoneNumber!,
            u.phoneNumberType,
            u.id,
            u.accountType === 'ResourceAccount' ? 'VoiceApplicationAssigned' : 'UserAssigned',
          ),
        );
      const free = t.state.operatorConnectNumbers
        .filter((n) => !t.state.users.some((u) => u.phoneNumber === n))
        .map((n) => row(n, 'OperatorConnect', null));
      const all = [...assigned, ...free].sort((a, b) =>
        String(a.TelephoneNumber).localeCompare(String(b.TelephoneNumber)),
      );
      const skip = Number(p.Skip ?? 0);
      return all.slice(skip, skip + Math.min(Number(p.Top ?? 500), 1000));
    },
  ],
  [
    // Get-CsPhoneNumberPolicyAssignment.md: every number with a policy, or one number's, or by type and name.
    'Get-CsPhoneNumberPolicyAssignment',
    (t, p) => {
      const digits = (n: unknown) => String(n ?? '').replace(/\D/g, '');
      return (t.state.numberPolicies ?? [])
        .filter((a) => !has(p, 'TelephoneNumber') || digits(a.telephoneNumber) === digits(p.TelephoneNumber))
        .filter((a) => !has(p, 'PolicyType') || a.policyType.toLowerCase() === String(p.PolicyType).toLowerCase())
        .filter((a) => !has(p, 'PolicyName') || a.policyName.toLowerCase() === String(p.PolicyName).toLowerCase())
        .map((a) => ({
          TelephoneNumber: digits(a.telephoneNumber),
          PolicyType: a.policyType,
          PolicyName: a.policyName,
          Authority: 'Tenant',
          AssignmentType: 'Direct',
          Reference: 'Direct',
        }));
    },
  ],
  [
    'Set-CsPhoneNumberAssignment',
    (t, p) => (
      t.assignPhoneNumber(need(p, 'Identity'), need(p, 'PhoneNumber'), need(p, 'PhoneNumberType') as PhoneNumberType),
      []
    ),
  ],
  [
    'Remove-CsPhoneNumberAssignment',
    (t, p) => (
      t.unassignPhoneNumber(need(p, 'Identity'), need(p, 'PhoneNumber'), need(p, 'PhoneNumberType') as PhoneNumberType),
      []
    ),
  ],
  // One Grant-* per row of kinds/grants.ts.
  ...GRANTS.map((g): [string, Handler] => [
    g.cmdlet,
    (t, p) => (t.grant(g.attribute, need(p, 'Identity'), grantName(p)), []),
  ]),
  [
    'New-CsBatchPolicyAssignmentOperation',
    (t, p, service) => {
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
      batches.set(operationId, { startedAt: Date.now(), name: str(p, 'OperationName') ?? '', userState });
      // The module declares [OutputType([System.String])] (MicrosoftTeams' New-CsBatchPolicyAssignmentOperation.ps1):
      // strict realism returns the bare id, as that declaration says; lenient the object the page's OUTPUTS names.
      return service.strict ? [operationId] : [{ OperationId: operationId }];
    },
  ],
  [
    'Get-CsBatchPolicyAssignmentOperation',
    (_t, p, service) => {
      const op = batches.get(need(p, 'Identity'));
      if (!op) throw new BackendError(`Operation ${str(p, 'Identity')} not found.`, 'not-found');
      return [batchOperationShape(need(p, 'Identity'), op, service)];
    },
  ],
];

const KIND_CMDLETS = kindCmdlets();

const CMDLETS = new Map<string, Handler>([
  [
    'Get-CsTenant',
    (t) => [
      {
        TenantId: t.state.tenantId,
        VerifiedDomains: t.state.domains.map((d) => ({
          Name: d.id,
          Status: !d.isVerified ? 'Unverified' : d.teamsEnabled === false ? 'Pending' : 'Enabled',
        })),
      },
    ],
  ],
  ...KIND_CMDLETS,
  ...USER_CMDLETS,
  ...VOICE_APP_CMDLETS,
  ...AUTO_ATTENDANT_CMDLETS,
  ...LIS_CMDLETS,
]);

/**
 * The cmdlets the stand-in MicrosoftTeams module forwards, carried out on the simulated tenant.
 * `params` are what PowerShell bound (names as declared by the real cmdlets); the result is the
 * cmdlet's output objects.
 */
export function runTeamsCmdlet(
  t: SimTenant,
  cmdlet: string,
  p: Params,
  service: EmulatedService = LENIENT_SERVICE,
): unknown[] {
  const handler = CMDLETS.get(cmdlet);
  if (!handler) throw new BackendError(`The term '${cmdlet}' is not recognized by the simulated tenant.`, 'invalid');
  const output = handler(t, p, service);
  if (
    service.strict &&
    (cmdlet === 'New-CsOnlineVoiceRoute' || (cmdlet === 'Set-CsOnlineVoiceRoute' && has(p, 'Priority')))
  ) {
    placeRoute(t, nameParam(p, 'Identity', 'Name'), has(p, 'Priority') ? Number(p.Priority) : undefined);
    return cmdlet === 'New-CsOnlineVoiceRoute'
      ? KIND_CMDLETS.get('Get-CsOnlineVoiceRoute')!(t, { Identity: nameParam(p, 'Identity', 'Name') })
      : output;
  }
  return output;
}

/**
 * Teams keeps voice-route priorities unique and contiguous across the tenant: a route put at a
 * taken priority pushes the others down; one created without a priority goes last
 * (New-CsOnlineVoiceRoute.md: "the priority … will be automatically assigned").
 */
function placeRoute(t: SimTenant, name: string, priority: number | undefined): void {
  const routes = t.list('voiceRoute');
  const me = routes.find((r) => r.name.toLowerCase() === name.toLowerCase());
  if (!me) return;
  const others = routes.filter((r) => r !== me).sort((a, b) => a.priority - b.priority);
  others.splice(priority === undefined ? others.length : Math.min(Math.max(priority, 0), others.length), 0, me);
  others.forEach((r, i) => (r.priority = i));
}
