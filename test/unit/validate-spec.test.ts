import { describe, expect, it } from 'vitest';
import { validateSpec } from '../../src/validate/validate-spec.js';
import type { Spec } from '../../src/kinds/spec-document.js';
import { builtinLibrary, validSpec } from '../support/builders.js';

async function problemsOf(mutate: (s: Spec) => void): Promise<{ path: string; rule: string; message: string }[]> {
  const spec = validSpec();
  mutate(spec);
  return validateSpec(JSON.parse(JSON.stringify(spec)), await builtinLibrary()).problems;
}

describe('validateSpec', () => {
  it('accepts the builder spec and renders the site template', async () => {
    const verdict = validateSpec(validSpec(), await builtinLibrary());
    expect(verdict.problems).toEqual([]);
    expect(verdict.ok).toBe(true);
    const names = verdict.rendered!.spec.voiceRoutes!.map((r) => r.name);
    expect(names).toContain('GB-London-National');
    expect(names).toContain('Contoso-Special');
    expect(verdict.rendered!.spec.users![0]!.voiceRoutingPolicy).toBe('GB-London-National');
  });

  const broken: [string, (s: Spec) => void, string, string][] = [
    [
      'unknown property with a hint',
      (s) => ((s.gateways![0] as unknown as Record<string, unknown>).sipSignallingPort = 1),
      '/gateways/0/sipSignallingPort',
      'schema.unknown-property',
    ],
    [
      'route to a missing gateway',
      (s) => (s.voiceRoutes![0]!.gateways = ['sbc1.contoso.com', 'sbc9.contoso.com']),
      '/voiceRoutes/0/gateways/1',
      'reference',
    ],
    [
      'route to a missing usage',
      (s) => (s.voiceRoutes![0]!.pstnUsages = ['Nope']),
      '/voiceRoutes/0/pstnUsages/0',
      'reference',
    ],
    [
      'policy to a missing usage',
      (s) => s.voiceRoutingPolicies![0]!.pstnUsages.push('Missing'),
      '/voiceRoutingPolicies/0/pstnUsages/2',
      'reference',
    ],
    ['user to a missing site', (s) => (s.users![0]!.site = 'Paris'), '/users/0/site', 'reference'],
    ['user to a missing dial plan', (s) => (s.users![0]!.dialPlan = 'FR-Paris'), '/users/0/dialPlan', 'reference'],
    [
      'duplicate route name, differing in case',
      (s) => s.voiceRoutes!.push({ ...s.voiceRoutes![0]!, name: 'contoso-SPECIAL' }),
      '/voiceRoutes/1',
      'unique-name',
    ],
    [
      'explicit route colliding with a template one',
      (s) => s.voiceRoutes!.push({ ...s.voiceRoutes![0]!, name: 'GB-London-Mobile' }),
      '/sites/0/template',
      'unique-name',
    ],
    [
      'atomic group',
      (s) => (s.voiceRoutes![0]!.numberPattern = '^(?>\\+44)\\d+$'),
      '/voiceRoutes/0/numberPattern',
      'regex',
    ],
    [
      'possessive quantifier',
      (s) => (s.voiceRoutes![0]!.numberPattern = '^\\+44\\d++$'),
      '/voiceRoutes/0/numberPattern',
      'regex',
    ],
    [
      'inline option group',
      (s) => (s.voiceRoutes![0]!.numberPattern = '(?i)^\\+44'),
      '/voiceRoutes/0/numberPattern',
      'regex',
    ],
    [
      'regex that does not compile',
      (s) => (s.voiceRoutes![0]!.numberPattern = '^(\\+44'),
      '/voiceRoutes/0/numberPattern',
      'regex',
    ],
    [
      'translation using a missing group',
      (s) => s.translationRules!.push({ name: 'T', pattern: '^\\+(\\d+)$', translation: '$2' }),
      '/translationRules/0/translation',
      'regex.group-reference',
    ],
    ['invalid E.164 number', (s) => (s.users![0]!.phoneNumber = '+4400000'), '/users/0/phoneNumber', 'phone-number'],
    [
      'number outside the site ranges',
      (s) => (s.users![0]!.phoneNumber = '+442079460000'),
      '/users/0/phoneNumber',
      'phone-number.range',
    ],
    [
      'number given twice',
      (s) => s.users!.push({ upn: 'carol@contoso.com', phoneNumber: '+442071234001', site: 'London' }),
      '/users/2/phoneNumber',
      'phone-number.duplicate',
    ],
    [
      'range with from > to',
      (s) => (s.sites![0]!.numberRanges = [{ from: '+442071234099', to: '+442071234000' }]),
      '/sites/0/numberRanges/0',
      'number-range',
    ],
    [
      'overlapping ranges',
      (s) => s.sites![0]!.numberRanges!.push({ from: '+442071234050', to: '+442071234150' }),
      '/sites/0/numberRanges/1',
      'number-range.overlap',
    ],
    [
      'too many auto users for the range',
      (s) => (
        (s.sites![0]!.numberRanges = [{ from: '+442071234000', to: '+442071234001' }]),
        s.users!.push({ upn: 'c@contoso.com', phoneNumber: 'auto', site: 'London' })
      ),
      '/users/1/phoneNumber',
      'phone-number.auto',
    ],
    [
      'SBC outside the customer domain',
      (s) => (s.gateways![0]!.fqdn = 'sbc1.fabrikam.com'),
      '/gateways/0/fqdn',
      'gateway.domain',
    ],
    [
      'SBC in onmicrosoft.com',
      (s) => ((s.customer.domain = 'contoso.onmicrosoft.com'), (s.gateways![0]!.fqdn = 'sbc.contoso.onmicrosoft.com')),
      '/gateways/0/fqdn',
      'gateway.domain',
    ],
    [
      'port out of range',
      (s) => (s.gateways![0]!.sipSignalingPort = 70000),
      '/gateways/0/sipSignalingPort',
      'schema.maximum',
    ],
    [
      'max sessions out of range',
      (s) => (s.gateways![0]!.maxConcurrentSessions = 0),
      '/gateways/0/maxConcurrentSessions',
      'schema.minimum',
    ],
    [
      'dial plan name too long',
      (s) => s.dialPlans!.push({ name: 'x'.repeat(50), normalizationRules: [] }),
      '/dialPlans/0/name',
      'schema.maxLength',
    ],
    [
      'too many normalization rules',
      (s) =>
        s.dialPlans!.push({
          name: 'Big',
          normalizationRules: Array.from({ length: 51 }, (_, i) => ({
            name: `r${i}`,
            pattern: '^1$',
            translation: '1',
          })),
        }),
      '/dialPlans/0/normalizationRules',
      'limit.normalization-rules',
    ],
    ['unknown template', (s) => (s.sites![0]!.template = 'nope'), '/sites/0/template', 'template.unknown'],
    ['country without data', (s) => (s.sites![0]!.country = 'ZZ'), '/sites/0/country', 'template.country'],
    [
      'bad template param',
      (s) => (s.sites![0]!.params = { areaCode: '"$(calc)' }),
      '/sites/0/params/areaCode',
      'template.param',
    ],
    [
      'area code written with the trunk prefix (NL "020")',
      (s) => (s.sites![0]!.params = { areaCode: '020' }),
      '/sites/0/params/areaCode',
      'template.area-code',
    ],
    [
      'a UK number range on a French site',
      (s) => (s.sites![0]!.country = 'FR'),
      '/sites/0/numberRanges/0/from',
      'number-range.country',
    ],
    [
      'a number pattern that backtracks catastrophically',
      (s) => (s.voiceRoutes![0]!.numberPattern = '^(\\d+)+$'),
      '/voiceRoutes/0/numberPattern',
      'regex',
    ],
    [
      'name with a bidi override',
      (s) => (s.voiceRoutes![0]!.name = 'Contoso\u202eSpecial'),
      '/voiceRoutes/0/name',
      'schema.pattern',
    ],
    [
      'name with a line break',
      (s) => (s.voiceRoutes![0]!.name = 'Contoso\nSpecial'),
      '/voiceRoutes/0/name',
      'schema.pattern',
    ],
    [
      'name with a trailing space',
      (s) => (s.voiceRoutes![0]!.name = 'Contoso '),
      '/voiceRoutes/0/name',
      'schema.pattern',
    ],
    ['auto without a site', (s) => delete s.users![1]!.site, '/users/1/phoneNumber', 'phone-number.auto'],
  ];

  it.each(broken)('%s → %s', async (_what, mutate, path, rule) => {
    const problems = await problemsOf(mutate);
    expect(problems).toContainEqual(expect.objectContaining({ path, rule }));
  });

  it('hints the closest property name', async () => {
    const problems = await problemsOf((s) => ((s.gateways![0] as unknown as Record<string, unknown>).fqnd = 'x'));
    expect(problems.find((p) => p.rule === 'schema.unknown-property')?.message).toContain('did you mean "fqdn"');
  });

  it('collects every problem in one run', async () => {
    const problems = await problemsOf((s) => {
      s.voiceRoutes![0]!.gateways = ['sbc9.contoso.com'];
      s.users![0]!.site = 'Paris';
      s.voiceRoutes![0]!.numberPattern = '(?>x)';
    });
    expect(problems.map((p) => p.rule).sort()).toEqual(['reference', 'reference', 'regex']);
  });

  it('treats __proto__ and constructor keys as plain, rejected properties', async () => {
    const doc = JSON.parse(
      `{"apiVersion":"voiceform/v1","customer":{"name":"x","tenantId":"${validSpec().customer.tenantId}","domain":"x.com"},"__proto__":{"polluted":true},"sites":[{"name":"A","country":"GB","params":{"constructor":"x"}}]}`,
    );
    const problems = validateSpec(doc, await builtinLibrary()).problems;
    expect(problems).toContainEqual(expect.objectContaining({ path: '/__proto__', rule: 'schema.unknown-property' }));
    expect(problems).toContainEqual(expect.objectContaining({ path: '/sites/0/params', rule: 'schema.property-name' }));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
