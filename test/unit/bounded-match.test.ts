import { describe, expect, it } from 'vitest';
import { SpecInvalid } from '../../src/errors.js';
import { boundedMatch } from '../../src/simulate/bounded-match.js';
import { checkExpectations, judge } from '../../src/simulate/expectations.js';

describe('simulate bounds matching time', () => {
  it('gives up on a catastrophically backtracking pattern instead of hanging', () => {
    const match = boundedMatch(100);
    const started = Date.now();
    expect(() => match(/^(\d+)+$/, `${'1'.repeat(34)}x`)).toThrow(SpecInvalid);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(match(/^\+44\d{10}$/, '+442071234567')).toBe(true);
  });
});

describe('expectation rows', () => {
  it('names the path of every bad row or field', () => {
    const { problems } = checkExpectations([
      { site: 'London', dial: '999' },
      { dial: '1' },
      { site: 'A', user: 'b@c', dial: '' },
      { site: 'A', dial: '1', blocked: 'yes', colour: 1 },
      7,
    ]);
    expect(problems.map((p) => [p.path, p.rule])).toEqual([
      ['/1', 'expect.caller'],
      ['/2/dial', 'expect.dial'],
      ['/2', 'expect.caller'],
      ['/3/colour', 'expect.field'],
      ['/3/blocked', 'expect.type'],
      ['/4', 'expect.row'],
    ]);
    expect(checkExpectations({}).problems[0]!.rule).toBe('expect.array');
  });

  it('checks only the fields a row gives', () => {
    const sim = {
      dialed: '999',
      dialPlan: null,
      voiceRoutingPolicy: 'P',
      normalized: '999',
      rule: null,
      usage: 'U',
      route: { name: 'GB-Emergency', numberPattern: '^999$', priority: 0 },
      gateways: ['g'],
      blocked: null,
      usages: [],
    };
    expect(judge({ site: 'L', dial: '999' }, sim).ok).toBe(true);
    expect(judge({ site: 'L', dial: '999', route: 'gb-emergency', blocked: false }, sim).ok).toBe(true);
    expect(judge({ site: 'L', dial: '999', normalized: '+44999', blocked: true }, sim).mismatches).toEqual([
      'normalized to 999, expected +44999',
      'connects, expected blocked',
    ]);
  });
});
