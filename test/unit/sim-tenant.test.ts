import { describe, expect, it } from 'vitest';
import { SimTenant } from '../../src/backends/sim/sim-tenant.js';
import { BackendError } from '../../src/errors.js';
import { GATEWAY_DEFAULTS, type PstnGateway, type VoiceRoute } from '../../src/model/tenant-state.js';
import { bareSimState } from '../support/sim-builders.js';

const gw = (fqdn = 'sbc1.contoso.com', over: Partial<PstnGateway> = {}): PstnGateway => ({
  ...GATEWAY_DEFAULTS,
  fqdn,
  sipSignalingPort: 5061,
  ...over,
});
const route = (over: Partial<VoiceRoute> = {}): VoiceRoute => ({
  name: 'R1',
  numberPattern: '^\\+44',
  priority: 0,
  gateways: ['sbc1.contoso.com'],
  pstnUsages: ['U1'],
  description: '',
  ...over,
});

function tenantWithRoute(): SimTenant {
  const t = new SimTenant(bareSimState());
  t.create('gateway', gw());
  t.addPstnUsage('U1');
  t.create('voiceRoute', route());
  return t;
}

function refused(fn: () => void, kind: BackendError['kind'], text: RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).kind).toBe(kind);
    expect((err as BackendError).message).toMatch(text);
    return;
  }
  throw new Error('expected the simulated tenant to refuse');
}

describe('SimTenant enforces Teams rules', () => {
  it('refuses a route whose gateway does not exist', () => {
    const t = new SimTenant(bareSimState());
    t.addPstnUsage('U1');
    refused(() => t.create('voiceRoute', route()), 'not-found', /PSTN gateway "sbc1.contoso.com"/);
  });
  it('refuses a route whose usage is not in the Global list', () => {
    const t = new SimTenant(bareSimState());
    t.create('gateway', gw());
    refused(() => t.create('voiceRoute', route()), 'not-found', /must be an existing usage/);
  });
  it('refuses a policy whose usage does not exist', () => {
    refused(
      () =>
        new SimTenant(bareSimState()).create('voiceRoutingPolicy', {
          name: 'P',
          pstnUsages: ['Nope'],
          description: '',
        }),
      'not-found',
      /existing usage/,
    );
  });
  it('refuses removing a usage a route uses', () => {
    refused(() => tenantWithRoute().removePstnUsage('u1'), 'in-use', /used by voice route "R1"/);
  });
  it('refuses removing a usage a policy uses', () => {
    const t = new SimTenant(bareSimState());
    t.addPstnUsage('U1');
    t.create('voiceRoutingPolicy', { name: 'P', pstnUsages: ['U1'], description: '' });
    refused(() => t.removePstnUsage('U1'), 'in-use', /voice routing policy "P"/);
  });
  it("refuses removing a gateway a route lists, with Teams' text", () => {
    refused(
      () => tenantWithRoute().remove('gateway', 'SBC1.contoso.com'),
      'in-use',
      /linked 'OnlineVoiceRoute' exists/,
    );
  });
  it('compares identities case-insensitively', () => {
    const t = tenantWithRoute();
    refused(() => t.create('voiceRoute', route({ name: 'r1' })), 'already-exists', /already exists/);
    refused(() => t.addPstnUsage('u1'), 'already-exists', /already exists/);
    refused(() => t.create('gateway', gw('SBC1.CONTOSO.COM')), 'already-exists', /already exists/);
  });
  it('refuses an SBC in an unverified domain or in onmicrosoft.com', () => {
    const t = new SimTenant(bareSimState());
    refused(() => t.create('gateway', gw('sbc.fabrikam.com')), 'invalid', /not configured for this tenant/);
    refused(() => t.create('gateway', gw('sbc.contoso.onmicrosoft.com')), 'invalid', /not configured/);
  });
  it('refuses an FQDN over 63 characters, a bad port and too many sessions', () => {
    const t = new SimTenant(bareSimState());
    refused(() => t.create('gateway', gw(`${'a'.repeat(60)}.contoso.com`)), 'invalid', /longer than 63/);
    refused(() => t.create('gateway', gw(undefined, { sipSignalingPort: 0 })), 'invalid', /SipSignalingPort/);
    refused(
      () => t.create('gateway', gw(undefined, { maxConcurrentSessions: 100_001 })),
      'invalid',
      /MaxConcurrentSessions/,
    );
  });
  it('refuses a gateway naming a missing translation rule, and removing a rule an SBC uses', () => {
    const t = new SimTenant(bareSimState());
    refused(
      () => t.create('gateway', gw(undefined, { outboundPstnNumberTranslationRules: ['T1'] })),
      'not-found',
      /Translation rule "T1"/,
    );
    t.create('translationRule', { name: 'T1', pattern: '^1$', translation: '1', description: '' });
    t.create('gateway', gw(undefined, { outboundPstnNumberTranslationRules: ['T1'] }));
    refused(() => t.remove('translationRule', 'T1'), 'in-use', /used by SBC sbc1.contoso.com/);
  });
  it('holds at most 400 translation rules', () => {
    const t = new SimTenant(bareSimState());
    for (let i = 0; i < 400; i++)
      t.create('translationRule', { name: `T${i}`, pattern: '^1$', translation: '1', description: '' });
    refused(
      () => t.create('translationRule', { name: 'T400', pattern: '^1$', translation: '1', description: '' }),
      'invalid',
      /at most 400/,
    );
  });
  it('holds at most 50 normalization rules per dial plan and checks the dial plan name', () => {
    const t = new SimTenant(bareSimState());
    const rules = Array.from({ length: 51 }, (_, i) => ({
      name: `N${i}`,
      pattern: '^1$',
      translation: '1',
      description: '',
      isInternalExtension: false,
    }));
    refused(
      () => t.create('dialPlan', { name: 'D', description: '', normalizationRules: rules }),
      'invalid',
      /at most 50/,
    );
    refused(() => t.create('dialPlan', { name: '.D', description: '', normalizationRules: [] }), 'invalid', /Identity/);
  });
  it('refuses removing a policy or dial plan still granted to a user, and the Global policy', () => {
    const t = new SimTenant(bareSimState());
    t.addPstnUsage('U1');
    t.create('voiceRoutingPolicy', { name: 'P', pstnUsages: ['U1'], description: '' });
    t.create('dialPlan', { name: 'D', description: '', normalizationRules: [] });
    t.grant('voiceRoutingPolicy', 'u1@contoso.com', 'P');
    t.grant('dialPlan', 'u1@contoso.com', 'D');
    refused(() => t.remove('voiceRoutingPolicy', 'P'), 'in-use', /assigned to u1@contoso.com/);
    refused(() => t.remove('dialPlan', 'D'), 'in-use', /assigned to u1@contoso.com/);
    refused(() => t.remove('voiceRoutingPolicy', 'Global'), 'invalid', /Global/);
    refused(() => t.grant('voiceRoutingPolicy', 'u1@contoso.com', 'Missing'), 'not-found', /not found/);
  });
  it('gives a number to one user only', () => {
    const t = new SimTenant(bareSimState());
    t.assignPhoneNumber('u1@contoso.com', '+442071234001', 'DirectRouting');
    refused(
      () => t.assignPhoneNumber('u2@contoso.com', '+442071234001', 'DirectRouting'),
      'in-use',
      /already assigned/,
    );
    expect(t.user('u1@contoso.com')!.enterpriseVoiceEnabled).toBe(true);
  });
  it('assigns numbers only to existing, enabled, located, Teams Phone-licensed users', () => {
    const t = new SimTenant(bareSimState());
    refused(() => t.assignPhoneNumber('ghost@contoso.com', '+442071234001', 'DirectRouting'), 'not-found', /not found/);
    refused(() => t.assignPhoneNumber('disabled@contoso.com', '+442071234001', 'DirectRouting'), 'invalid', /disabled/);
    refused(
      () => t.assignPhoneNumber('nowhere@contoso.com', '+442071234001', 'DirectRouting'),
      'invalid',
      /usage location/,
    );
    refused(
      () => t.assignPhoneNumber('nolicence@contoso.com', '+442071234001', 'DirectRouting'),
      'invalid',
      /Teams Phone/,
    );
  });
  it('assigns Operator Connect numbers only from the inventory', () => {
    const state = bareSimState();
    state.operatorConnectNumbers = ['+442071234555'];
    const t = new SimTenant(state);
    refused(() => t.assignPhoneNumber('u1@contoso.com', '+442071234556', 'OperatorConnect'), 'not-found', /inventory/);
    t.assignPhoneNumber('u1@contoso.com', '+442071234555', 'OperatorConnect');
    expect(t.user('u1@contoso.com')!.phoneNumberType).toBe('OperatorConnect');
  });
  it('unassigns only the number the user holds, and clears Enterprise Voice', () => {
    const t = new SimTenant(bareSimState());
    t.assignPhoneNumber('u1@contoso.com', '+442071234001', 'DirectRouting');
    refused(
      () => t.unassignPhoneNumber('u1@contoso.com', '+442071234002', 'DirectRouting'),
      'not-found',
      /not assigned/,
    );
    t.unassignPhoneNumber('u1@contoso.com', '+442071234001', 'DirectRouting');
    expect(t.user('u1@contoso.com')).toMatchObject({ phoneNumber: null, enterpriseVoiceEnabled: false });
  });
});
