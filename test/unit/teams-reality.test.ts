/**
 * Voiceform against Microsoft's documented behaviour (reference/teams-graph-fidelity.md §5): each
 * test pins one fix that the instantly consistent, forgiving emulator could not show.
 */
import { describe, expect, it } from 'vitest';
import { MAX_BATCHES_IN_FLIGHT, writeGrantsInBatches } from '../../src/backends/teams/batch-grants.js';
import { numberSteps } from '../../src/backends/teams/number-steps.js';
import type { PwshCall, PwshResult } from '../../src/backends/teams/pwsh-session.js';
import { buildCurrentState, grantsOf } from '../../src/backends/teams/teams-read-map.js';
import { graphScope } from '../../src/backends/teams/teams-auth.js';
import { callsForChange } from '../../src/backends/teams/teams-write-map.js';
import { unwrapEntity, userHasTeamsPhone } from '../../src/backends/graph/graph-directory.js';
import { GATEWAY_DEFAULTS, type UserPolicy } from '../../src/model/tenant-state.js';
import type { Change } from '../../src/plan/plan-types.js';
import { validateSpec } from '../../src/validate/validate-spec.js';
import { builtinLibrary, validSpec } from '../support/builders.js';

const grants = (upn: string, voiceRoutingPolicy: string): UserPolicy => ({
  upn,
  voiceRoutingPolicy,
  dialPlan: null,
  emergencyCallRoutingPolicy: null,
  callingLineIdentity: null,
});
const grantChange = (upn: string, policy: string): Change => ({
  address: `userPolicy["${upn}"]`,
  kind: 'userPolicy',
  name: upn,
  action: 'create',
  before: null,
  after: grants(upn, policy),
  diff: [],
});

/** A module whose batch operations stay InProgress for `polls` polls, then report `status`. */
function fakeBatchModule(status: string, polls = 1) {
  const seen = { created: 0, maxInFlight: 0, identities: [] as string[] };
  const ops = new Map<string, { polls: number; ids: string[] }>();
  const run = async (calls: PwshCall[]): Promise<PwshResult[]> =>
    calls.map((c) => {
      if (c.cmdlet === 'New-CsBatchPolicyAssignmentOperation') {
        const id = `op${++seen.created}`;
        const ids = c.params!.Identity as string[];
        seen.identities.push(...ids);
        ops.set(id, { polls: 0, ids });
        seen.maxInFlight = Math.max(seen.maxInFlight, ops.size);
        return { ok: true, output: [{ OperationId: id }] };
      }
      const op = ops.get(String(c.params!.Identity))!;
      const done = ++op.polls > polls;
      if (done) ops.delete(String(c.params!.Identity));
      return {
        ok: true,
        output: [
          { OverallStatus: done ? status : 'InProgress', UserState: op.ids.map((Id) => ({ Id, Result: 'Success' })) },
        ],
      };
    });
  return { run, seen };
}

describe('batch policy assignment (New-CsBatchPolicyAssignmentOperation.md)', () => {
  it(`keeps at most ${MAX_BATCHES_IN_FLIGHT} operations in flight and accepts "Complete" as well as "Completed"`, async () => {
    const changes = Array.from({ length: 8 }, (_, i) => grantChange(`u${i}@x.com`, `P${i}`));
    for (const status of ['Completed', 'Complete']) {
      const { run, seen } = fakeBatchModule(status, 2);
      const outcomes = await writeGrantsInBatches(changes, run, (upn) => `id-${upn}`, [0]);
      expect(outcomes.every((o) => o.status === 'done')).toBe(true);
      expect(seen.created).toBe(8);
      expect(seen.maxInFlight).toBe(MAX_BATCHES_IN_FLIGHT);
    }
  });

  it('names users by object id and fails (never falls back to the UPN) when the id is unknown', async () => {
    const { run, seen } = fakeBatchModule('Completed');
    const outcomes = await writeGrantsInBatches(
      [grantChange('a@x.com', 'P'), grantChange('b@x.com', 'P')],
      run,
      (upn) => (upn === 'a@x.com' ? 'id-a' : undefined),
      [0],
    );
    expect(seen.identities).toEqual(['id-a']);
    expect(outcomes[0]).toEqual({ status: 'done' });
    expect(outcomes[1]).toMatchObject({
      status: 'failed',
      error: expect.objectContaining({ message: expect.stringMatching(/no object id known for b@x.com/) }),
    });
  });
});

describe('New-* calls carry no $null (an Int32 parameter binds $null as 0)', () => {
  it('omits an unset MaxConcurrentSessions on New-CsOnlinePSTNGateway', () => {
    const after = { ...GATEWAY_DEFAULTS, fqdn: 'sbc.contoso.com', sipSignalingPort: 5061 };
    const [call] = callsForChange({
      address: 'gateway["sbc.contoso.com"]',
      kind: 'gateway',
      name: 'sbc.contoso.com',
      action: 'create',
      before: null,
      after,
      diff: [],
    });
    expect(call!.params).not.toHaveProperty('MaxConcurrentSessions');
    expect(Object.values(call!.params!).every((v) => v !== null)).toBe(true);
  });
});

describe('Get-CsOnlineUser policy properties (office-docs-powershell#9476)', () => {
  it('reads a policy given as {Authority, Name} as well as a bare name', () => {
    expect(
      grantsOf({
        UserPrincipalName: 'a@x.com',
        OnlineVoiceRoutingPolicy: { Authority: 'Tenant', Name: 'GB-National' },
        TenantDialPlan: 'GB-London',
        CallingLineIdentity: { Authority: 'Tenant', Name: 'Tag:Hide' },
        TeamsEmergencyCallingPolicy: { Authority: 'Tenant', Name: 'Tag:US-NewYork-EmergencyCalling' },
      }),
    ).toEqual({
      upn: 'a@x.com',
      voiceRoutingPolicy: 'GB-National',
      dialPlan: 'GB-London',
      emergencyCallRoutingPolicy: null,
      emergencyCallingPolicy: 'US-NewYork-EmergencyCalling',
      callingLineIdentity: 'Hide',
    });
  });
});

describe('numbers', () => {
  const dr = { upn: 'a@x.com', phoneNumber: '+442071234001', phoneNumberType: 'DirectRouting' as const };
  it('moves a number from Direct Routing to Operator Connect as unassign, then assign', () => {
    expect(numberSteps('a@x.com', dr, { ...dr, phoneNumberType: 'OperatorConnect' }, 'id-a')).toEqual({
      unassign: { telephoneNumber: '+442071234001', numberType: 'directRouting' },
      assign: {
        telephoneNumber: '+442071234001',
        assignmentTargetId: 'id-a',
        numberType: 'operatorConnect',
        assignmentCategory: 'primary',
      },
    });
    expect(
      callsForChange({
        address: 'userNumber["a@x.com"]',
        kind: 'userNumber',
        name: 'a@x.com',
        action: 'update',
        before: dr,
        after: { ...dr, phoneNumberType: 'OperatorConnect' },
        diff: [],
      }).map((c) => c.cmdlet),
    ).toEqual(['Remove-CsPhoneNumberAssignment', 'Set-CsPhoneNumberAssignment']);
  });
  it('maps CallingPlan to callingPlan and requires the object id', () => {
    expect(numberSteps('a@x.com', null, { ...dr, phoneNumberType: 'CallingPlan' }, 'id-a')).toMatchObject({
      assign: { numberType: 'callingPlan' },
    });
    expect(numberSteps('a@x.com', null, dr, undefined)).toBeInstanceOf(Error);
  });
  it('counts as Operator Connect inventory only numbers a user can be given (Capability UserAssignment)', () => {
    const state = buildCurrentState({
      tenant: {},
      objects: {},
      users: [],
      numbers: [
        {
          TelephoneNumber: '+1',
          NumberType: 'OperatorConnect',
          Capability: ['UserAssignment'],
          PstnAssignmentStatus: 'Unassigned',
        },
        {
          TelephoneNumber: '+2',
          NumberType: 'OperatorConnect',
          Capability: ['VoiceApplicationAssignment'],
          PstnAssignmentStatus: 'Unassigned',
        },
        {
          TelephoneNumber: '+3',
          NumberType: 'OperatorConnect',
          Capability: ['ConferenceAssignment'],
          PstnAssignmentStatus: 'Unassigned',
        },
      ],
    });
    expect(state.directory.operatorConnectNumbers).toEqual(['+1']);
  });
});

describe('national clouds', () => {
  it("asks for the Connect-MicrosoftTeams Graph token at the cloud's own Graph", () => {
    expect(graphScope('global')).toBe('https://graph.microsoft.com/.default');
    expect(graphScope('usgov')).toBe('https://graph.microsoft.us/.default');
    expect(graphScope('usgovdod')).toBe('https://dod-graph.microsoft.us/.default');
  });
});

describe('Graph shapes', () => {
  it('reads single entities wrapped in {"value": …} (Microsoft\'s examples) and plain', () => {
    expect(unwrapEntity({ value: { id: 'x', status: 'succeeded' } })).toEqual({ id: 'x', status: 'succeeded' });
    expect(unwrapEntity({ id: 'x', status: 'succeeded' })).toEqual({ id: 'x', status: 'succeeded' });
    expect(unwrapEntity({ value: [{ id: 'x' }] })).toEqual({ value: [{ id: 'x' }] });
  });
});

describe('Operator Connect users and Direct Routing policies (direct-routing-voice-routing.md)', () => {
  it("does not give an Operator Connect user the site's voice routing policy, and warns when the spec names one", async () => {
    const spec = validSpec();
    spec.users![0]!.phoneNumberType = 'OperatorConnect';
    spec.users![1]!.phoneNumberType = 'OperatorConnect';
    const verdict = validateSpec(spec, await builtinLibrary());
    expect(verdict.ok).toBe(true);
    expect(verdict.rendered!.spec.users![0]!.voiceRoutingPolicy).toBeUndefined();
    expect(verdict.rendered!.spec.users![0]!.dialPlan).toBe('GB-London');
    expect(verdict.warnings).toEqual([
      expect.objectContaining({
        path: '/users/1/voiceRoutingPolicy',
        rule: 'operator-connect.voice-routing-policy',
        severity: 'warning',
      }),
    ]);
  });
});

describe('Teams Phone from enabled service plans (user-list.md assignedLicenses[].disabledPlans)', () => {
  const e5 = {
    skuId: 'e5',
    skuPartNumber: 'SPE_E5',
    enabled: 10,
    consumed: 1,
    servicePlans: ['TEAMS1', 'MCOEV'],
    servicePlanIds: ['id-teams1', 'id-mcoev'],
  };
  const user = (disabledPlans: string[]) => ({
    id: 'u',
    userPrincipalName: 'a@x.com',
    accountEnabled: true,
    usageLocation: 'GB',
    assignedLicenses: [{ skuId: 'e5', disabledPlans }],
  });
  it('is there when a licence carries an MCOEV plan it does not disable', () => {
    expect(userHasTeamsPhone(user([]), [e5])).toBe(true);
    expect(userHasTeamsPhone(user(['ID-MCOEV']), [e5])).toBe(false);
    expect(userHasTeamsPhone(user(['id-teams1']), [e5])).toBe(true);
  });
});
