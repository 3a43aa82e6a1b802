/** #24: the pure parts of the Teams backend's main numbers: a number's calls, a queue's row. */
import { describe, expect, it } from 'vitest';
import { Address } from '../../src/addr/address.js';
import { numberCalls, queueOf } from '../../src/backends/teams/teams-voice-apps.js';
import type { ChangeOf } from '../../src/plan/plan-types.js';

const change = (
  before: ChangeOf<'resourceAccountNumber'>['before'],
  after: ChangeOf<'resourceAccountNumber'>['after'],
): ChangeOf<'resourceAccountNumber'> => ({
  address: Address.of('resourceAccountNumber', 'main@contoso.com'),
  kind: 'resourceAccountNumber',
  name: 'main@contoso.com',
  action: !before ? 'create' : !after ? 'delete' : 'update',
  before,
  after,
  diff: [],
});

describe("a resource account's number through PowerShell", () => {
  it('a new number: the policy is granted before the number rings anyone', () => {
    const calls = numberCalls(
      change(null, { upn: 'main@contoso.com', phoneNumber: '+12125550100', voiceRoutingPolicy: 'P' }),
    );
    expect(calls.map((c) => c.cmdlet)).toEqual(['Grant-CsOnlineVoiceRoutingPolicy', 'Set-CsPhoneNumberAssignment']);
    expect(calls[1]!.params).toEqual({
      Identity: 'main@contoso.com',
      PhoneNumber: '+12125550100',
      PhoneNumberType: 'DirectRouting',
    });
  });

  it('another number: the old one is released first; the same policy is not granted again', () => {
    const calls = numberCalls(
      change(
        { upn: 'main@contoso.com', phoneNumber: '+12125550100', voiceRoutingPolicy: 'P' },
        { upn: 'main@contoso.com', phoneNumber: '+12125550101', voiceRoutingPolicy: 'p' },
      ),
    );
    expect(calls.map((c) => `${c.cmdlet} ${String(c.params!.PhoneNumber ?? c.params!.PolicyName)}`)).toEqual([
      'Remove-CsPhoneNumberAssignment +12125550100',
      'Set-CsPhoneNumberAssignment +12125550101',
    ]);
  });

  it('removed: the number goes, then the grant', () => {
    const calls = numberCalls(
      change({ upn: 'main@contoso.com', phoneNumber: '+12125550100', voiceRoutingPolicy: 'P' }, null),
    );
    expect(calls.map((c) => c.cmdlet)).toEqual(['Remove-CsPhoneNumberAssignment', 'Grant-CsOnlineVoiceRoutingPolicy']);
    expect(calls[1]!.params!.PolicyName).toBeNull();
  });
});

describe("a call queue from Get-CsCallQueue's row", () => {
  it('reads agents, accounts and targets by object id, a number target by its tel: URI', () => {
    const upns: Record<string, string> = {
      'a-1': 'adele@contoso.com',
      'r-1': 'sales-cq@contoso.com',
      'r-2': 'main@contoso.com',
    };
    const q = queueOf(
      {
        Name: 'Sales',
        LanguageId: 'en-US',
        RoutingMethod: 'LongestIdle',
        Users: ['a-1'],
        ApplicationInstances: ['r-1'],
        OboResourceAccountIds: ['r-2'],
        AllowOptOut: true,
        ConferenceMode: true,
        PresenceBasedRouting: false,
        AgentAlertTime: 30,
        OverflowThreshold: 50,
        OverflowAction: 'Forward',
        OverflowActionTarget: { Id: 'r-2', Type: 'ApplicationEndpoint' },
        TimeoutThreshold: 600,
        TimeoutAction: 'Forward',
        TimeoutActionTarget: { Id: 'tel:+12125550199', Type: 'Phone' },
      },
      (id) => upns[String(id)] ?? String(id),
    );
    expect(q).toMatchObject({
      agents: ['adele@contoso.com'],
      resourceAccounts: ['sales-cq@contoso.com'],
      callerIdResourceAccounts: ['main@contoso.com'],
      routingMethod: 'longestIdle',
      presenceBasedRouting: false,
      greeting: null,
      overflow: { threshold: 50, transferTo: 'resourceAccount:main@contoso.com' },
      timeout: { seconds: 600, transferTo: 'pstn:+12125550199' },
    });
  });
});
