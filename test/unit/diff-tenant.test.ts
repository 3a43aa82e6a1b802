import { describe, expect, it } from 'vitest';
import { markDescription } from '../../src/kinds/ownership.js';
import { emptyVoiceState, GATEWAY_DEFAULTS } from '../../src/model/tenant-state.js';
import { diffTenant } from '../../src/plan/diff-tenant.js';
import { unlistedNumberHolders } from '../../src/plan/drift.js';

const route = (name: string, usages: string[], description = markDescription(undefined)) => ({
  name,
  numberPattern: '^\\+1',
  priority: 0,
  gateways: ['sbc1.contoso.com'],
  pstnUsages: usages,
  description,
});

describe('diffTenant', () => {
  it('treats a reordered policy usage list as an update, attribute by attribute', () => {
    const current = {
      ...emptyVoiceState(),
      voiceRoutingPolicies: [{ name: 'P', pstnUsages: ['A', 'B'], description: '[voiceform]' }],
    };
    const desired = {
      ...emptyVoiceState(),
      voiceRoutingPolicies: [{ name: 'P', pstnUsages: ['B', 'A'], description: '[voiceform]' }],
    };
    const { changes } = diffTenant(desired, current, { prune: false });
    expect(changes).toHaveLength(1);
    expect(String(changes[0]!.address)).toBe('voiceRoutingPolicy["P"]');
    expect(changes[0]).toMatchObject({
      action: 'update',
      diff: [{ attribute: 'pstnUsages', before: ['A', 'B'], after: ['B', 'A'] }],
    });
  });

  it('orders creates from referenced to referencing and deletes in reverse', () => {
    const current = { ...emptyVoiceState(), pstnUsages: [{ name: 'Old' }], voiceRoutes: [route('OldRoute', ['Old'])] };
    const desired = {
      ...emptyVoiceState(),
      gateways: [{ ...GATEWAY_DEFAULTS, fqdn: 'sbc1.contoso.com', sipSignalingPort: 5061, description: '[voiceform]' }],
      pstnUsages: [{ name: 'New' }],
      voiceRoutes: [route('NewRoute', ['New'])],
      userPolicies: [{ upn: 'a@contoso.com', voiceRoutingPolicy: 'P', dialPlan: null }],
      voiceRoutingPolicies: [{ name: 'P', pstnUsages: ['New'], description: '[voiceform]' }],
    };
    const order = diffTenant(desired, current, { prune: true }).changes.map((c) => `${c.action} ${c.address}`);
    expect(order).toEqual([
      'create gateway["sbc1.contoso.com"]',
      'create pstnUsage["New"]',
      'create voiceRoute["NewRoute"]',
      'create voiceRoutingPolicy["P"]',
      'create userPolicy["a@contoso.com"]',
      'delete voiceRoute["OldRoute"]',
      'delete pstnUsage["Old"]',
    ]);
  });

  it('a name that differs only in case is the same object (Teams compares identities without case): never a replace', () => {
    const current = {
      ...emptyVoiceState(),
      voiceRoutes: [route('gb-route', ['U'])],
      userPolicies: [{ upn: 'A@contoso.com', voiceRoutingPolicy: 'P', dialPlan: null }],
    };
    const desired = {
      ...emptyVoiceState(),
      voiceRoutes: [route('GB-Route', ['U'])],
      userPolicies: [{ upn: 'a@contoso.com', voiceRoutingPolicy: 'P', dialPlan: null }],
    };
    const { changes, unchanged } = diffTenant(desired, current, { prune: false });
    expect(changes).toEqual([]);
    expect(unchanged).toBe(2);
    const edited = { ...desired, voiceRoutes: [{ ...route('GB-Route', ['U']), numberPattern: '^\\+1\\d+$' }] };
    expect(diffTenant(edited, current, { prune: false }).changes.map((c) => c.action)).toEqual(['update']);
  });

  it('the org-wide Global is taken over with a note, and never deleted, even marked and with prune', () => {
    const marked = { name: 'Global', pstnUsages: ['U'], description: '[voiceform]' };
    const current = {
      ...emptyVoiceState(),
      voiceRoutingPolicies: [{ name: 'Global', pstnUsages: ['Legacy'], description: '' }],
    };
    const desired = { ...emptyVoiceState(), voiceRoutingPolicies: [{ ...marked, name: 'GLOBAL' }] };
    const [takeover] = diffTenant(desired, current, { prune: true }).changes;
    expect(takeover).toMatchObject({
      action: 'update',
      note: expect.stringMatching(/takes over the org-wide default/),
    });
    const owned = { ...emptyVoiceState(), voiceRoutingPolicies: [marked] };
    expect(diffTenant(emptyVoiceState(), owned, { prune: true }).changes).toEqual([]);
    expect(
      diffTenant(emptyVoiceState(), owned, { prune: false, scope: new Set(['voiceRoutingPolicy\u0000global']) })
        .changes,
    ).toEqual([]);
  });

  it('never deletes users or unmarked objects without a scope, even with prune', () => {
    const current = {
      ...emptyVoiceState(),
      voiceRoutes: [route('Legacy', ['U'], 'by hand')],
      userNumbers: [{ upn: 'x@contoso.com', phoneNumber: '+12065550100', phoneNumberType: 'DirectRouting' as const }],
    };
    const { changes, unmanaged } = diffTenant(emptyVoiceState(), current, { prune: true });
    expect(changes).toEqual([]);
    expect(unmanaged).toEqual(['voiceRoute["Legacy"]']);
  });

  it("treats a usage as Voiceform's only when marked objects alone reference it", () => {
    const current = {
      ...emptyVoiceState(),
      pstnUsages: [{ name: 'Mine' }, { name: 'Shared' }, { name: 'Orphan' }],
      voiceRoutes: [route('R1', ['Mine', 'Shared']), route('Legacy', ['Shared'], 'by hand')],
    };
    const desired = {
      ...current,
      voiceRoutes: [current.voiceRoutes[1]!],
      pstnUsages: [{ name: 'Shared' }, { name: 'Orphan' }],
    };
    const d = diffTenant({ ...desired, pstnUsages: [] }, current, { prune: true });
    expect(d.changes.map((c) => `${c.action} ${c.address}`)).toEqual([
      'delete voiceRoute["R1"]',
      'delete pstnUsage["Mine"]',
    ]);
  });
});

describe('voice-route priorities (Teams renumbers them tenant-wide)', () => {
  const r = (name: string, priority: number, usages: string[]) => ({
    name,
    numberPattern: '^\\+1',
    priority,
    gateways: ['sbc.contoso.com'],
    pstnUsages: usages,
    description: markDescription(undefined),
  });
  const state = (...routes: ReturnType<typeof r>[]) => ({ ...emptyVoiceState(), voiceRoutes: routes });

  it('ignores renumbering that keeps the order of routes sharing a usage', () => {
    const desired = state(r('A', 0, ['U']), r('B', 1, ['U']), r('C', 0, ['V']));
    const current = state(r('A', 7, ['U']), r('B', 12, ['U']), r('C', 3, ['V']));
    expect(diffTenant(desired, current, { prune: false }).changes).toEqual([]);
  });

  it('plans a priority change when the order among routes of one usage differs', () => {
    const desired = state(r('A', 0, ['U']), r('B', 1, ['U']));
    const current = state(r('A', 5, ['U']), r('B', 2, ['U']));
    const { changes } = diffTenant(desired, current, { prune: false });
    expect(changes.map((c) => [String(c.address), c.diff.map((d) => d.attribute)])).toEqual([
      ['voiceRoute["A"]', ['priority']],
      ['voiceRoute["B"]', ['priority']],
    ]);
  });
});

describe('people the spec does not list (#22 item 16)', () => {
  const ranges = [
    { site: 'London', from: 442071234000n, to: 442071234099n, digits: 13, path: '/sites/0/numberRanges/0' },
  ];
  it('names a user holding a number in a site range, never a listed user, a resource account or a number elsewhere', () => {
    const drift = unlistedNumberHolders(
      ranges,
      [
        { phoneNumber: '+442071234010', upn: 'Leaver@contoso.com' },
        { phoneNumber: '+442071234011', upn: 'kept@contoso.com' },
        { phoneNumber: '+442071234000', upn: 'aa-main@contoso.com', holder: 'application' },
        { phoneNumber: '+442079999999', upn: 'elsewhere@contoso.com' },
        { phoneNumber: '+442071234012;ext=5', upn: 'ext@contoso.com' },
      ],
      new Set(['kept@contoso.com', 'other@contoso.com']),
    );
    expect(drift.map((d) => d.address)).toEqual(['userNumber["ext@contoso.com"]', 'userNumber["Leaver@contoso.com"]']);
    expect(drift[1]!.reason).toMatch(/holds \+442071234010, in site London's range .*"absent": true/);
    // The listed check is case-insensitive, as Teams is.
    expect(
      unlistedNumberHolders(
        ranges,
        [{ phoneNumber: '+442071234010', upn: 'LEAVER@contoso.com' }],
        new Set(['leaver@contoso.com']),
      ),
    ).toEqual([]);
  });
});
