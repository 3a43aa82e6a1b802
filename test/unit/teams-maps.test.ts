import { describe, expect, it } from 'vitest';
import { groupGrants, MAX_BATCH_USERS } from '../../src/backends/teams/batch-grants.js';
import { classifyPwshError } from '../../src/backends/teams/classify-error.js';
import { buildCurrentState } from '../../src/backends/teams/teams-read-map.js';
import { callsForChange } from '../../src/backends/teams/teams-write-map.js';
import { GATEWAY_DEFAULTS } from '../../src/model/tenant-state.js';
import type { Change } from '../../src/plan/plan-types.js';

const change = (c: Partial<Change> & Pick<Change, 'kind' | 'name' | 'action'>): Change => ({
  address: `${c.kind}[${JSON.stringify(c.name)}]`,
  before: null,
  after: null,
  diff: [],
  ...c,
});

describe('callsForChange (cmdlet forms from teams-cmdlets.md)', () => {
  it('adds and removes usages on the Global list with @{Add}/@{Remove}', () => {
    expect(callsForChange(change({ kind: 'pstnUsage', name: 'U', action: 'create', after: { name: 'U' } }))).toEqual([
      { cmdlet: 'Set-CsOnlinePstnUsage', params: { Identity: 'Global', Usage: { Add: ['U'] } } },
    ]);
    expect(callsForChange(change({ kind: 'pstnUsage', name: 'U', action: 'delete', before: { name: 'U' } }))).toEqual([
      { cmdlet: 'Set-CsOnlinePstnUsage', params: { Identity: 'Global', Usage: { Remove: ['U'] } } },
    ]);
  });

  it('builds dial plan rules in memory and never passes -Confirm to Remove cmdlets', () => {
    const dp = {
      name: 'GB-London',
      description: 'd',
      normalizationRules: [
        { name: 'R1', pattern: '^1$', translation: '+1', description: '', isInternalExtension: false },
      ],
    };
    const [create] = callsForChange(change({ kind: 'dialPlan', name: 'GB-London', action: 'create', after: dp }));
    expect(create).toMatchObject({
      cmdlet: 'New-CsTenantDialPlan',
      params: { Identity: 'GB-London' },
      inMemory: {
        param: 'NormalizationRules',
        calls: [{ cmdlet: 'New-CsVoiceNormalizationRule', params: { Parent: 'GB-London', Name: 'R1' } }],
      },
    });
    for (const kind of ['voiceRoutingPolicy', 'voiceRoute', 'gateway', 'dialPlan', 'translationRule'] as const) {
      const [remove] = callsForChange(change({ kind, name: 'X', action: 'delete', before: {} }));
      expect(remove!.cmdlet).toMatch(/^Remove-Cs/);
      expect(Object.keys(remove!.params ?? {})).toEqual(['Identity']);
    }
  });

  it('sets only the gateway attributes that changed, and replaces ordered lists', () => {
    const after = { ...GATEWAY_DEFAULTS, fqdn: 'sbc.contoso.com', sipSignalingPort: 5061, maxConcurrentSessions: 20 };
    const [set] = callsForChange(
      change({
        kind: 'gateway',
        name: 'sbc.contoso.com',
        action: 'update',
        after,
        diff: [{ attribute: 'maxConcurrentSessions', before: 10, after: 20 }],
      }),
    );
    expect(set).toEqual({
      cmdlet: 'Set-CsOnlinePSTNGateway',
      params: { Identity: 'sbc.contoso.com', MaxConcurrentSessions: 20 },
    });
    const route = {
      name: 'R',
      numberPattern: '^1',
      priority: 0,
      gateways: ['a'],
      pstnUsages: ['B', 'A'],
      description: '',
    };
    const [setRoute] = callsForChange(
      change({
        kind: 'voiceRoute',
        name: 'R',
        action: 'update',
        after: route,
        diff: [{ attribute: 'pstnUsages', before: ['A', 'B'], after: ['B', 'A'] }],
      }),
    );
    expect(setRoute).toEqual({
      cmdlet: 'Set-CsOnlineVoiceRoute',
      params: { Identity: 'R', OnlinePstnUsages: { Replace: ['B', 'A'] } },
    });
  });

  it("derives every kind's Set- from its field table: only what changed, in-memory lists only when they changed", () => {
    const dp = {
      name: 'D',
      description: 'new',
      normalizationRules: [
        { name: 'R1', pattern: '^1$', translation: '+1', description: '', isInternalExtension: false },
      ],
    };
    const [setDp] = callsForChange(
      change({
        kind: 'dialPlan',
        name: 'D',
        action: 'update',
        after: dp,
        diff: [{ attribute: 'description', before: 'old', after: 'new' }],
      }),
    );
    expect(setDp).toEqual({ cmdlet: 'Set-CsTenantDialPlan', params: { Identity: 'D', Description: 'new' } });
    const [setRules] = callsForChange(
      change({
        kind: 'dialPlan',
        name: 'D',
        action: 'update',
        after: dp,
        diff: [{ attribute: 'normalizationRules', before: [], after: dp.normalizationRules }],
      }),
    );
    expect(setRules).toMatchObject({
      params: { Identity: 'D' },
      inMemory: { param: 'NormalizationRules', calls: [{ cmdlet: 'New-CsVoiceNormalizationRule' }] },
    });
    const vrp = { name: 'P', pstnUsages: ['A'], description: 'x' };
    expect(
      callsForChange(
        change({
          kind: 'voiceRoutingPolicy',
          name: 'P',
          action: 'update',
          after: vrp,
          diff: [{ attribute: 'pstnUsages', before: [], after: ['A'] }],
        }),
      ),
    ).toEqual([
      { cmdlet: 'Set-CsOnlineVoiceRoutingPolicy', params: { Identity: 'P', OnlinePstnUsages: { Replace: ['A'] } } },
    ]);
    // A Guid (and the company name) is never sent empty: New- leaves it out, Set- too.
    const cli = {
      name: 'C',
      description: '',
      callingIdSubstitute: 'Anonymous',
      resourceAccount: null,
      companyName: '',
      enableUserOverride: false,
      blockIncomingPstnCallerId: false,
    };
    const [newCli] = callsForChange(change({ kind: 'callingLineIdentity', name: 'C', action: 'create', after: cli }));
    expect(newCli!.params).toEqual({
      Identity: 'C',
      Description: '',
      CallingIDSubstitute: 'Anonymous',
      EnableUserOverride: false,
      BlockIncomingPstnCallerID: false,
    });
  });

  it('assigns and unassigns numbers, and grants with -PolicyName ($null removes)', () => {
    expect(
      callsForChange(
        change({
          kind: 'userNumber',
          name: 'a@x.com',
          action: 'create',
          after: { upn: 'a@x.com', phoneNumber: '+44207', phoneNumberType: 'DirectRouting' },
        }),
      ),
    ).toEqual([
      {
        cmdlet: 'Set-CsPhoneNumberAssignment',
        params: { Identity: 'a@x.com', TelephoneNumber: '+44207', NumberType: 'DirectRouting' },
      },
    ]);
    expect(
      callsForChange(
        change({
          kind: 'userNumber',
          name: 'a@x.com',
          action: 'delete',
          before: { upn: 'a@x.com', phoneNumber: '+44207', phoneNumberType: 'OperatorConnect' },
        }),
      ),
    ).toEqual([
      {
        cmdlet: 'Remove-CsPhoneNumberAssignment',
        params: { Identity: 'a@x.com', TelephoneNumber: '+44207', NumberType: 'OperatorConnect' },
      },
    ]);
    expect(
      callsForChange(
        change({
          kind: 'userPolicy',
          name: 'a@x.com',
          action: 'update',
          before: { upn: 'a@x.com', voiceRoutingPolicy: 'P', dialPlan: 'D' },
          after: { upn: 'a@x.com', voiceRoutingPolicy: null, dialPlan: 'D' },
        }),
      ),
    ).toEqual([{ cmdlet: 'Grant-CsOnlineVoiceRoutingPolicy', params: { Identity: 'a@x.com', PolicyName: null } }]);
  });
});

describe('groupGrants', () => {
  it('groups users by policy type and name, at most 5,000 per batch', () => {
    const changes = Array.from({ length: MAX_BATCH_USERS + 2 }, (_, i) =>
      change({
        kind: 'userPolicy',
        name: `u${i}@x.com`,
        action: 'create',
        after: { upn: `u${i}@x.com`, voiceRoutingPolicy: 'P', dialPlan: i % 2 ? 'D' : null },
      }),
    );
    const groups = groupGrants(changes, (upn) => `id-${upn}`);
    const vrp = groups.filter((g) => g.policyType === 'OnlineVoiceRoutingPolicy');
    expect(vrp.map((g) => g.identities.length)).toEqual([MAX_BATCH_USERS, 2]);
    expect(groups.filter((g) => g.policyType === 'TenantDialPlan').map((g) => g.identities.length)).toEqual([
      (MAX_BATCH_USERS + 2) / 2,
    ]);
    expect(vrp[0]!.identities[0]).toBe('id-u0@x.com');
  });
});

describe('classifyPwshError', () => {
  // By Teams' message text only: the stand-in module's FullyQualifiedErrorIds decide nothing.
  it.each([
    ["Can not remove 'OnlinePSTNGateway', linked 'OnlineVoiceRoute' exists.", 'in-use'],
    ['PSTN usages not ready; this may take 10 minutes', 'propagation'],
    ['Too many requests', 'throttled'],
    ['Management object not found for identity "x".', 'not-found'],
    ['Voice route "R" already exists.', 'already-exists'],
    ['AADSTS700016: Application not found', 'auth'],
  ])('%s → %s', (message, kind) => {
    const e = classifyPwshError(message);
    expect(e.kind).toBe(kind);
    expect(e.retryable).toBe(kind === 'propagation' || kind === 'throttled');
  });
});

describe('buildCurrentState (Teams shapes → model)', () => {
  it('reads Tag: identities, LineUri and number types', () => {
    const state = buildCurrentState({
      tenant: {
        TenantId: 't',
        VerifiedDomains: [
          { Name: 'contoso.com', Status: 'Enabled' },
          { Name: 'x.com', Status: 'Unverified' },
        ],
      },
      objects: {
        pstnUsage: [{ Identity: 'Global', Usage: ['U'] }],
        voiceRoutingPolicy: [
          { Identity: 'Tag:P1', OnlinePstnUsages: ['U'], Description: null },
          { Identity: 'Global', OnlinePstnUsages: [] },
        ],
        dialPlan: [
          {
            Identity: 'Tag:D',
            NormalizationRules: [
              { Name: 'b', Priority: 1, Pattern: '2', Translation: '2' },
              { Name: 'a', Priority: 0, Pattern: '1', Translation: '1' },
            ],
          },
        ],
      },
      numbers: [{ TelephoneNumber: '+442071234001', NumberType: 'OperatorConnect', AssignedPstnTargetId: 'id1' }],
      users: [
        {
          upn: 'a@contoso.com',
          user: {
            Identity: 'id1',
            UserPrincipalName: 'a@contoso.com',
            LineUri: 'tel:+442071234001',
            OnlineVoiceRoutingPolicy: 'P1',
            TenantDialPlan: null,
            AccountEnabled: true,
            UsageLocation: 'GB',
            FeatureTypes: ['Teams', 'PhoneSystem'],
          },
        },
        { upn: 'ghost@contoso.com', user: null },
      ],
    });
    expect(state.voice.voiceRoutingPolicies.map((p) => p.name)).toEqual(['P1', 'Global']);
    expect(state.voice.dialPlans[0]!.normalizationRules.map((r) => r.name)).toEqual(['a', 'b']);
    expect(state.voice.userNumbers).toEqual([
      { upn: 'a@contoso.com', phoneNumber: '+442071234001', phoneNumberType: 'OperatorConnect' },
    ]);
    expect(state.directory.verifiedDomains).toEqual(['contoso.com']);
    expect(state.directory.users[1]).toMatchObject({ upn: 'ghost@contoso.com', exists: false });
    expect(state.directory.assignedNumbers).toEqual([{ phoneNumber: '+442071234001', upn: 'a@contoso.com' }]);
  });
});
