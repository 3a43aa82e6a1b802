/**
 * The two kinds added through the registry (emergency call routing policies, caller ID
 * policies): spec rules, the simulated tenant's rules, and the cmdlet calls they become.
 */
import { describe, expect, it } from 'vitest';
import { SimTenant } from '../../src/backends/sim/sim-tenant.js';
import { groupGrants } from '../../src/backends/teams/batch-grants.js';
import { callsForChange } from '../../src/backends/teams/teams-write-map.js';
import { childEnvironment } from '../../src/config.js';
import { BackendError } from '../../src/errors.js';
import type { CallingLineIdentity } from '../../src/kinds/calling-line-identity.js';
import type { EmergencyCallRoutingPolicy } from '../../src/kinds/emergency-call-routing-policy.js';
import type { UserPolicy } from '../../src/model/tenant-state.js';
import type { Change } from '../../src/plan/plan-types.js';
import type { Spec } from '../../src/kinds/spec-document.js';
import { validateSpec } from '../../src/validate/validate-spec.js';
import { builtinLibrary, validSpec } from '../support/builders.js';
import { bareSimState } from '../support/sim-builders.js';

async function problemsOf(mutate: (s: Spec) => void): Promise<{ path: string; rule: string }[]> {
  const spec = validSpec();
  mutate(spec);
  return validateSpec(JSON.parse(JSON.stringify(spec)), await builtinLibrary()).problems.map(({ path, rule }) => ({
    path,
    rule,
  }));
}

const ecrp = (over: Partial<EmergencyCallRoutingPolicy> = {}): EmergencyCallRoutingPolicy => ({
  name: 'E1',
  description: '',
  allowEnhancedEmergencyServices: false,
  emergencyNumbers: [{ dialString: '112', dialMask: '999', pstnUsage: 'U1' }],
  ...over,
});
const cli = (over: Partial<CallingLineIdentity> = {}): CallingLineIdentity => ({
  name: 'C1',
  description: '',
  callingIdSubstitute: 'LineUri',
  resourceAccount: null,
  companyName: '',
  enableUserOverride: false,
  blockIncomingPstnCallerId: false,
  ...over,
});

function refused(fn: () => void, kind: BackendError['kind'], text: RegExp): void {
  expect(fn).toThrow(text);
  try {
    fn();
  } catch (err) {
    expect((err as BackendError).kind).toBe(kind);
  }
}

describe('spec rules of the new kinds', () => {
  it("renders one emergency call routing policy per templated site and grants it to the site's users", async () => {
    const verdict = validateSpec(validSpec(), await builtinLibrary());
    const policy = verdict.rendered!.spec.emergencyCallRoutingPolicies!.find((p) => p.name === 'GB-London-Emergency')!;
    expect(policy.emergencyNumbers.map((n) => n.dialString)).toEqual(['999', '112']);
    expect(policy.emergencyNumbers.every((n) => n.pstnUsage === 'GB-London-Emergency')).toBe(true);
    expect(verdict.rendered!.spec.users!.map((u) => u.emergencyCallRoutingPolicy)).toEqual([
      'GB-London-Emergency',
      'GB-London-Emergency',
    ]);
  });

  it("gives a site's users the caller ID policy its params name, unless a user names another", async () => {
    const spec = validSpec();
    spec.callingLineIdentities = [{ name: 'Main' }, { name: 'Hidden', callingIdSubstitute: 'Anonymous' }];
    spec.sites![0]!.params!.callingLineIdentity = 'Main';
    spec.users![1]!.callingLineIdentity = 'Hidden';
    const verdict = validateSpec(spec, await builtinLibrary());
    expect(verdict.problems).toEqual([]);
    expect(verdict.rendered!.spec.users!.map((u) => u.callingLineIdentity)).toEqual(['Main', 'Hidden']);
  });

  it.each([
    [
      'a dial string twice in one policy',
      (s: Spec) =>
        (s.emergencyCallRoutingPolicies = [
          {
            name: 'E',
            emergencyNumbers: [
              { dialString: '112', pstnUsage: 'Contoso-Special' },
              { dialString: '112', pstnUsage: 'Contoso-Special' },
            ],
          },
        ]),
      '/emergencyCallRoutingPolicies/0/emergencyNumbers/1/dialString',
      'unique-name',
    ],
    [
      'an emergency number to a missing usage',
      (s: Spec) =>
        (s.emergencyCallRoutingPolicies = [
          { name: 'E', emergencyNumbers: [{ dialString: '112', pstnUsage: 'Nope' }] },
        ]),
      '/emergencyCallRoutingPolicies/0/emergencyNumbers/0/pstnUsage',
      'reference',
    ],
    [
      'a dial mask that is not digits and semicolons',
      (s: Spec) =>
        (s.emergencyCallRoutingPolicies = [
          { name: 'E', emergencyNumbers: [{ dialString: '112', dialMask: '999,911', pstnUsage: 'Contoso-Special' }] },
        ]),
      '/emergencyCallRoutingPolicies/0/emergencyNumbers/0/dialMask',
      'schema.pattern',
    ],
    [
      'a Resource substitute without a resource account',
      (s: Spec) => (s.callingLineIdentities = [{ name: 'C', callingIdSubstitute: 'Resource' }]),
      '/callingLineIdentities/0/resourceAccount',
      'caller-id.resource',
    ],
    [
      'a resource account that is not an object id',
      (s: Spec) =>
        (s.callingLineIdentities = [
          { name: 'C', callingIdSubstitute: 'Resource', resourceAccount: 'queue@contoso.com' },
        ]),
      '/callingLineIdentities/0/resourceAccount',
      'schema.pattern',
    ],
    [
      'two caller ID policies differing in case',
      (s: Spec) => (s.callingLineIdentities = [{ name: 'Main' }, { name: 'MAIN' }]),
      '/callingLineIdentities/1',
      'unique-name',
    ],
    [
      'a user naming a missing caller ID policy',
      (s: Spec) => (s.users![0]!.callingLineIdentity = 'Nope'),
      '/users/0/callingLineIdentity',
      'reference',
    ],
    [
      'a site naming a missing emergency policy',
      (s: Spec) => (s.sites![0]!.emergencyCallRoutingPolicy = 'Nope'),
      '/sites/0/emergencyCallRoutingPolicy',
      'reference',
    ],
  ])('refuses %s', async (_what, mutate, path, rule) => {
    expect(await problemsOf(mutate)).toContainEqual({ path, rule });
  });
});

describe('the simulated tenant enforces their rules', () => {
  function tenant(): SimTenant {
    const t = new SimTenant(bareSimState());
    t.addPstnUsage('U1');
    return t;
  }

  it('refuses an emergency number whose usage does not exist, and removing a usage a policy routes emergency calls to', () => {
    const t = new SimTenant(bareSimState());
    refused(
      () => t.create('emergencyCallRoutingPolicy', ecrp()),
      'not-found',
      /PSTN usage "U1" must be an existing usage/,
    );
    const u = tenant();
    u.create('emergencyCallRoutingPolicy', ecrp());
    refused(() => u.removePstnUsage('U1'), 'in-use', /used by emergency call routing policy "E1"/);
  });

  it('refuses a bad dial mask and a dial string twice', () => {
    refused(
      () =>
        tenant().create(
          'emergencyCallRoutingPolicy',
          ecrp({ emergencyNumbers: [{ dialString: '112', dialMask: '99x', pstnUsage: 'U1' }] }),
        ),
      'invalid',
      /EmergencyDialMask/,
    );
    const twice = [
      { dialString: '112', dialMask: '', pstnUsage: 'U1' },
      { dialString: '112', dialMask: '', pstnUsage: 'U1' },
    ];
    refused(
      () => tenant().create('emergencyCallRoutingPolicy', ecrp({ emergencyNumbers: twice })),
      'already-exists',
      /twice/,
    );
  });

  it('refuses a Resource caller ID without a resource account', () => {
    refused(
      () => tenant().create('callingLineIdentity', cli({ callingIdSubstitute: 'Resource' })),
      'invalid',
      /ResourceAccount cannot be empty/,
    );
  });

  it('grants both policies through the generic grant, and refuses removing one still granted', () => {
    const t = tenant();
    t.create('emergencyCallRoutingPolicy', ecrp());
    t.create('callingLineIdentity', cli());
    t.grant('emergencyCallRoutingPolicy', 'u1@contoso.com', 'e1');
    t.grant('callingLineIdentity', 'u1@contoso.com', 'C1');
    expect(t.user('u1@contoso.com')).toMatchObject({ emergencyCallRoutingPolicy: 'E1', callingLineIdentity: 'C1' });
    refused(() => t.remove('callingLineIdentity', 'C1'), 'in-use', /assigned to u1@contoso.com/);
    refused(() => t.remove('emergencyCallRoutingPolicy', 'E1'), 'in-use', /assigned to u1@contoso.com/);
    refused(() => t.grant('callingLineIdentity', 'u1@contoso.com', 'Missing'), 'not-found', /not found/);
    refused(() => t.remove('callingLineIdentity', 'Global'), 'invalid', /Global/);
  });
});

describe('their cmdlet calls', () => {
  const change = (c: Partial<Change> & Pick<Change, 'kind' | 'name'>): Change =>
    ({ address: `${c.kind}["${c.name}"]`, action: 'create', before: null, after: null, diff: [], ...c }) as Change;

  it('builds emergency numbers in memory with New-CsTeamsEmergencyNumber and passes them as a plain list', () => {
    const [call] = callsForChange(
      change({
        kind: 'emergencyCallRoutingPolicy',
        name: 'E1',
        after: ecrp({ emergencyNumbers: [{ dialString: '112', dialMask: '', pstnUsage: 'U1' }] }),
      }),
    );
    expect(call).toEqual({
      cmdlet: 'New-CsTeamsEmergencyCallRoutingPolicy',
      params: { Identity: 'E1', Description: '', AllowEnhancedEmergencyServices: false },
      inMemory: {
        param: 'EmergencyNumbers',
        calls: [
          { cmdlet: 'New-CsTeamsEmergencyNumber', params: { EmergencyDialString: '112', OnlinePSTNUsage: 'U1' } },
        ],
      },
    });
  });

  it('sends no empty CompanyName or ResourceAccount to New-CsCallingLineIdentity', () => {
    const [call] = callsForChange(change({ kind: 'callingLineIdentity', name: 'C1', after: cli() }));
    expect(call!.params).toEqual({
      Identity: 'C1',
      Description: '',
      CallingIDSubstitute: 'LineUri',
      EnableUserOverride: false,
      BlockIncomingPstnCallerID: false,
    });
  });

  it('grants each policy with its own Grant-* cmdlet and batch PolicyType', () => {
    const grants = (over: Partial<UserPolicy>): UserPolicy => ({
      upn: 'a@x.com',
      voiceRoutingPolicy: null,
      dialPlan: null,
      emergencyCallRoutingPolicy: null,
      callingLineIdentity: null,
      ...over,
    });
    const c = change({
      kind: 'userPolicy',
      name: 'a@x.com',
      action: 'update',
      before: grants({ callingLineIdentity: 'Old' }),
      after: grants({ emergencyCallRoutingPolicy: 'E1', callingLineIdentity: null }),
    });
    expect(callsForChange(c)).toEqual([
      { cmdlet: 'Grant-CsTeamsEmergencyCallRoutingPolicy', params: { Identity: 'a@x.com', PolicyName: 'E1' } },
      { cmdlet: 'Grant-CsCallingLineIdentity', params: { Identity: 'a@x.com', PolicyName: null } },
    ]);
    expect(groupGrants([c], (upn) => upn).map((g) => [g.policyType, g.policyName])).toEqual([
      ['TeamsEmergencyCallRoutingPolicy', 'E1'],
      ['CallingLineIdentity', null],
    ]);
  });
});

describe('the pwsh child environment', () => {
  it('keeps what PowerShell needs and drops secrets and tokens', () => {
    const env = childEnvironment({
      PATH: '/usr/bin',
      HOME: '/root',
      VOICEFORM_SIM_URL: 'https://127.0.0.1:1',
      VOICEFORM_CLIENT_SECRET: 's3cret',
      VOICEFORM_CERT_PASSWORD: 'pw',
      VOICEFORM_CLIENT_ID: 'id',
      AZURE_CLIENT_SECRET: 'az',
      NODE_OPTIONS: '--inspect',
    });
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/root', VOICEFORM_SIM_URL: 'https://127.0.0.1:1' });
  });
});
