/**
 * #23 §3 (fidelity review N5): Get-CsPhoneNumberAssignment is "only available in commercial, GCC,
 * GCCH and DoD". In 21Vianet the reader never calls it (users' numbers come from their LineUri)
 * and the writer refuses number changes, saying why, instead of failing every tenant.
 */
import { describe, expect, it } from 'vitest';
import { TeamsReader, numberSettingsOf, numbersFromLineUris } from '../../src/backends/teams/teams-reader.js';
import { TeamsWriter } from '../../src/backends/teams/teams-writer.js';
import { teamsKind } from '../../src/backends/teams/teams-kinds.js';
import type { TeamsRunner } from '../../src/backends/teams/teams-runner.js';
import type { UserDirectory } from '../../src/backends/teams/user-directory.js';
import type { PwshCall } from '../../src/backends/teams/pwsh-session.js';
import type { Change } from '../../src/plan/plan-types.js';
import { buildDesiredState } from '../../src/model/desired-state.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import type { RenderedSpec } from '../../src/kinds/spec-document.js';

/** `missing`: cmdlets the module does not have (a Get of them fails as PowerShell says). */
function chinaRunner(missing: string[] = []): { runner: TeamsRunner; cmdlets: string[] } {
  const cmdlets: string[] = [];
  const runner = {
    cloud: 'china',
    graph: undefined,
    adminTeamsViaGraph: false,
    numbersViaGraph: false,
    numberCmdletsAvailable: false,
    open: async () => undefined,
    run: async (calls: PwshCall[]) =>
      calls.map((c) => {
        cmdlets.push(c.cmdlet);
        if (missing.includes(c.cmdlet)) return { ok: false, error: `The term '${c.cmdlet}' is not recognized` };
        if (c.cmdlet === 'Get-CsOnlineUser')
          return {
            ok: true,
            output: [
              {
                Identity: 'id-1',
                UserPrincipalName: 'u1@contoso.cn',
                AccountType: 'User',
                AccountEnabled: true,
                LineUri: 'tel:+862012345678;ext=12',
                FeatureTypes: ['PhoneSystem'],
              },
            ],
          };
        return { ok: true, output: c.cmdlet === 'Get-CsTenant' ? [{}] : [] };
      }),
  } as unknown as TeamsRunner;
  return { runner, cmdlets };
}
const directory = { rememberUsers: () => undefined } as unknown as UserDirectory;

describe('the 21Vianet cloud', () => {
  it("reads users' numbers from their LineUri, never asking for the number list", async () => {
    const { runner, cmdlets } = chinaRunner();
    const state = await new TeamsReader(runner, directory).read({ users: ['u1@contoso.cn'] });
    expect(cmdlets).not.toContain('Get-CsPhoneNumberAssignment');
    expect(state.voice.userNumbers).toEqual([
      expect.objectContaining({ upn: 'u1@contoso.cn', phoneNumber: '+862012345678;ext=12' }),
    ]);
    expect(state.directory.assignedNumbers).toEqual([{ phoneNumber: '+862012345678;ext=12', upn: 'u1@contoso.cn' }]);
    expect(numbersFromLineUris([{ user: null }, { user: { LineUri: '' } }])).toEqual([]);
  });

  it('refuses number changes, naming the cloud and the way to do it', async () => {
    const { runner, cmdlets } = chinaRunner();
    const change = {
      address: 'userNumber["u1@contoso.cn"]',
      kind: 'userNumber',
      name: 'u1@contoso.cn',
      action: 'create',
      before: null,
      after: { upn: 'u1@contoso.cn', phoneNumber: '+862012345679', phoneNumberType: 'DirectRouting' },
      diff: [],
    } as unknown as Change;
    const [outcome] = await new TeamsWriter(runner, directory).writeMany([change]);
    expect(outcome).toMatchObject({ status: 'failed' });
    expect((outcome as { error: Error }).error.message).toMatch(
      /phone numbers cannot be assigned in the china cloud: Set-\/Remove-CsPhoneNumberAssignment are not offered there/,
    );
    expect(cmdlets).toEqual([]);
  });
});

describe("the tenant's number defaults as the module prints them (Get-CsPhoneNumberTenantConfiguration examples)", () => {
  it('reads mail and block settings; an empty block is none; a module without the cmdlet leaves them out', () => {
    const example2 = {
      AssignmentEmailEnabled: false,
      UnassignmentEmailEnabled: false,
      AssignmentBlockedForever: true,
      AssignmentBlockedDays: null,
    };
    // The mail settings are their kind's; the blocks stay directory facts.
    expect(teamsKind('phoneNumberTenantConfiguration').fromRows([example2])).toEqual([
      { name: 'Global', assignmentEmailEnabled: false, unassignmentEmailEnabled: false },
    ]);
    expect(numberSettingsOf({ ok: true, output: [example2] })).toEqual({
      assignmentBlockedForever: true,
      assignmentBlockedDays: null,
    });
    const row = { AssignmentEmailEnabled: true, AssignmentBlockedDays: 30 };
    expect(teamsKind('phoneNumberTenantConfiguration').fromRows([row])).toEqual([
      { name: 'Global', assignmentEmailEnabled: true, unassignmentEmailEnabled: false },
    ]);
    expect(numberSettingsOf({ ok: true, output: [row] })).toMatchObject({ assignmentBlockedDays: 30 });
    expect(
      numberSettingsOf({ ok: false, error: "The term 'Get-CsPhoneNumberTenantConfiguration' is not recognized" }),
    ).toBeUndefined();
  });
});

describe('a number change in 21Vianet is refused at plan time', () => {
  it('names the user, the reason and the way to do it (exit 4 through the plan)', async () => {
    const { runner } = chinaRunner();
    const current = await new TeamsReader(runner, directory).read({ users: ['u1@contoso.cn'] });
    expect(current.directory.numberWritesUnavailable).toMatch(/not offered in the china cloud/);
    const desired = buildDesiredState({
      spec: {
        apiVersion: 'voiceform/v1',
        customer: { name: 'C', tenantId: '', domain: 'contoso.cn' },
        users: [{ upn: 'u1@contoso.cn', phoneNumber: '+862012345679' }],
      },
    } as unknown as RenderedSpec);
    const { problems } = buildPlan({
      desired,
      current,
      specHash: '',
      backend: 'teams',
      toolVersion: 't',
      now: new Date(),
    });
    expect(problems).toContainEqual(
      expect.objectContaining({
        path: '/users/0/phoneNumber',
        rule: 'preflight.numbers-unavailable',
        message: expect.stringMatching(/the number of u1@contoso\.cn cannot be changed here: .*admin center/),
      }),
    );
  });
});

describe('a module without Get-CsPhoneNumberTenantConfiguration (before 2025)', () => {
  it('reads the rest of the tenant, and a spec that manages the mail settings is refused at plan time', async () => {
    const { runner } = chinaRunner(['Get-CsPhoneNumberTenantConfiguration']);
    const current = await new TeamsReader(runner, directory).read({ users: ['u1@contoso.cn'] });
    expect(current.voice.phoneNumberTenantConfiguration).toEqual([]);
    expect(current.directory.numberSettings).toBeUndefined();
    const desired = buildDesiredState({
      spec: {
        apiVersion: 'voiceform/v1',
        customer: { name: 'C', tenantId: '', domain: 'contoso.cn' },
        phoneNumberTenantConfiguration: { assignmentEmailEnabled: false, unassignmentEmailEnabled: false },
      },
    } as unknown as RenderedSpec);
    const plan = (d: typeof desired) =>
      buildPlan({ desired: d, current, specHash: '', backend: 'teams', toolVersion: 't', now: new Date() });
    expect(plan(desired).problems).toContainEqual(
      expect.objectContaining({
        path: '/phoneNumberTenantConfiguration',
        rule: 'preflight.setting-unavailable',
        message: expect.stringContaining('could not be read'),
      }),
    );
    // Other Gets failing still fail the read: only the 2025 cmdlet is optional.
    const broken = chinaRunner(['Get-CsOnlineVoiceRoute']).runner;
    await expect(new TeamsReader(broken, directory).read({ users: ['u1@contoso.cn'] })).rejects.toThrow(
      /not recognized/,
    );
  });
});
