import { describe, expect, it } from 'vitest';
import { checkPortableRegex, highestGroupReference } from '../../src/validate/portable-regex.js';
import { SpecInvalid } from '../../src/errors.js';
import { boundedMatch } from '../../src/simulate/bounded-match.js';

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
    '^\\d*\\d*x$',
    '^\\d+x\\d+y\\d+$',
    '^\\d*[a-z]*\\d*$',
    '^\\+1(\\d{10})\\d*$',
  ])('accepts %s', (pattern) => {
    expect(checkPortableRegex(pattern).ok).toBe(true);
  });

  // #22 item 17: what validate let through and simulate then blamed on "nested quantifiers".
  it.each([
    ['^\\d*\\d*\\d*\\d*\\d*\\d*\\d*\\d*x$', '\\d*\\d*\\d*\\d*\\d*\\d*\\d*\\d* puts 8 repetitions'],
    ['^[0-9]+\\d*.*$', '[0-9]+\\d*.* puts 3 repetitions'],
    ['^\\+?\\d*\\d{2,}\\d+$', '\\d*\\d{2,}\\d+ puts 3 repetitions'],
  ])('refuses %s: adjacent repetitions that take the same characters, named as they are', (pattern, named) => {
    const verdict = checkPortableRegex(pattern);
    expect(verdict.ok).toBe(false);
    expect(verdict.reason).toContain(named);
    expect(verdict.reason).toMatch(/polynomial backtracking/);
  });

  it("simulate's timeout names what in the pattern backtracks", () => {
    const match = boundedMatch(50);
    let error: SpecInvalid | undefined;
    try {
      match(/^\d*\d*\d*\d*\d*\d*\d*\d*x$/, '1'.repeat(40));
    } catch (err) {
      error = err as SpecInvalid;
    }
    expect(error).toBeInstanceOf(SpecInvalid);
    expect(error!.message).toContain('\\d*\\d*\\d*\\d*\\d*\\d*\\d*\\d* puts 8 repetitions');
    expect(error!.message).not.toMatch(/nested quantifiers/);
  });
});
