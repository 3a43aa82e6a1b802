/**
 * Recovery leaves alone what someone else changed: `withinStep` decides whether an object is still
 * as Voiceform's own step may have left it. Each case here guards one way that can go wrong.
 */
import { describe, expect, it } from 'vitest';
import { sameObject, withinStep } from '../../src/plan/same-object.js';

const grants = (v: string | null, d: string | null) => ({
  upn: 'a@x',
  voiceRoutingPolicy: v,
  dialPlan: d,
  emergencyCallRoutingPolicy: null,
  callingLineIdentity: null,
});
const number = (n: string | null) =>
  n ? { upn: 'a@x', phoneNumber: n, phoneNumberType: 'DirectRouting' as const } : null;

describe('withinStep', () => {
  it('accepts the states before and after the step', () => {
    expect(withinStep('userPolicy', grants('P', 'D'), grants('P', 'D'), grants('Q', 'E'))).toBe(true);
    expect(withinStep('userPolicy', grants('Q', 'E'), grants('P', 'D'), grants('Q', 'E'))).toBe(true);
  });

  it('accepts a step cut short attribute by attribute (some grants written), even from no grants at all', () => {
    expect(withinStep('userPolicy', grants('Q', 'D'), grants('P', 'D'), grants('Q', 'E'))).toBe(true);
    expect(withinStep('userPolicy', grants(null, 'E'), null, grants('Q', 'E'))).toBe(true);
  });

  it("refuses a value neither side of the step has (someone else's change)", () => {
    expect(withinStep('userPolicy', grants('Other', 'D'), grants('P', 'D'), grants('Q', 'E'))).toBe(false);
    expect(withinStep('userNumber', number('+442071234999'), number('+442071234001'), number('+442071234002'))).toBe(
      false,
    );
    const route = (p: string) => ({
      name: 'R',
      numberPattern: p,
      priority: 0,
      gateways: ['g'],
      pstnUsages: ['U'],
      description: '[voiceform]',
    });
    expect(withinStep('voiceRoute', route('^3$'), null, route('^1$'))).toBe(false);
  });

  it('accepts a released number (released before any number of the batch is given), only for numbers', () => {
    expect(withinStep('userNumber', null, number('+442071234001'), number('+442071234002'))).toBe(true);
    expect(
      withinStep(
        'voiceRoute',
        null,
        { name: 'R', numberPattern: '^1$', priority: 0, gateways: [], pstnUsages: [], description: '' },
        { name: 'R', numberPattern: '^2$', priority: 0, gateways: [], pstnUsages: [], description: '' },
      ),
    ).toBe(false);
  });

  it('compares names without case and a user without grants as no object', () => {
    expect(sameObject('userPolicy', grants('p-std', null), grants('P-Std', null))).toBe(true);
    expect(sameObject('userPolicy', grants(null, null), null)).toBe(true);
  });
});
