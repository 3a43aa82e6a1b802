import { describe, expect, it } from 'vitest';
import { checkPortableRegex, highestGroupReference } from '../../src/validate/portable-regex.js';

describe('checkPortableRegex', () => {
  it.each([
    '^\\+44(20\\d{8})$',
    '^(?:\\+|00)(44)(\\d{10})$',
    '^\\+(?!44)\\d{7,15}$',
    '^(?<cc>1)\\d{10}$',
    '^\\d+?$',
    '^[0-9\\-]{3}$',
    '^(?<=1)2$',
  ])('accepts %s', (p) => expect(checkPortableRegex(p).ok).toBe(true));

  it.each([
    ['(?>abc)', /atomic/],
    ['\\d++', /possessive/],
    ['\\d*+', /possessive/],
    ['\\d{2}+', /possessive/],
    ['(?(1)a|b)', /conditional/],
    ['(?i)abc', /inline options/],
    ['(?im:abc)', /inline options/],
    ["(?'n'a)", /\.NET-only/],
    ['\\Aabc', /\.NET-only/],
    ['abc\\z', /\.NET-only/],
    ['[a-z-[aeiou]]', /subtraction/],
    ['\\p{L}', /Unicode/],
    ['(abc', /compile/],
  ])('rejects %s', (p, why) => {
    const v = checkPortableRegex(p);
    expect(v.ok).toBe(false);
    expect(v.reason).toMatch(why);
  });

  it('counts capturing groups', () => {
    expect(checkPortableRegex('^(1)(?:2)(3)$').groups).toBe(2);
    expect(highestGroupReference('+44$2${3}')).toBe(3);
  });
});

describe('catastrophic backtracking', () => {
  it.each(['^(\\d+)+$', '^(\\d*)*$', '^(a|a)*$', '^(?:\\d+){2,}$', '^((\\d+)-)*$', '^(?:1|1)+\\d$'])(
    'refuses %s, naming the repeated group',
    (pattern) => {
      const verdict = checkPortableRegex(pattern);
      expect(verdict.ok).toBe(false);
      expect(verdict.reason).toMatch(/catastrophic backtracking/);
    },
  );

  it.each([
    '^\\+44(\\d{10})$',
    '^(\\d{3})+$',
    '^\\+44(?:1\\d{8,9}|2\\d{9})$',
    '^0(7(?:[1-57-9]\\d{8}|624\\d{6}))$',
    '^(\\+?\\d+)$',
    '^[+]?(\\d+)(;ext=\\d+)?$',
  ])('accepts %s', (pattern) => {
    expect(checkPortableRegex(pattern).ok).toBe(true);
  });
});
