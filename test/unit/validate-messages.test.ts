/** #22 item 18: one missing name is one problem, however many rendered objects use it; schema messages say what is allowed. */
import { describe, expect, it } from 'vitest';
import type { RenderedSpec } from '../../src/kinds/spec-document.js';
import { checkReferences } from '../../src/validate/check-references.js';
import { checkSpecSchema } from '../../src/validate/check-schema.js';

const route = (name: string, gateway: string) => ({
  name,
  numberPattern: '^\\+1\\d{10}$',
  gateways: [gateway],
  pstnUsages: ['U'],
});

function rendered(siteGateways: string[]): RenderedSpec {
  const spec = {
    apiVersion: 'voiceform/v1',
    customer: { name: 'C', tenantId: '00000000-0000-0000-0000-000000000001', domain: 'c.com' },
    pstnUsages: ['U'],
    sites: [{ name: 'A', country: 'US', gateways: siteGateways }],
    voiceRoutes: [
      route('R1', 'ghost.c.com'),
      route('R2', 'ghost.c.com'),
      route('R3', 'ghost.c.com'),
      route('R4', 'x.c.com'),
      route('R5', 'ghost.c.com'),
    ],
  };
  const origins = Object.fromEntries(
    ['gateways', 'pstnUsages', 'voiceRoutes', 'voiceRoutingPolicies', 'dialPlans', 'translationRules'].map((l) => [
      l,
      [],
    ]),
  ) as unknown as RenderedSpec['origins'];
  origins.voiceRoutes = [
    '/sites/0/template',
    '/sites/0/template',
    '/sites/0/template',
    '/sites/0/template',
    '/voiceRoutes/0',
  ];
  return { spec, origins } as unknown as RenderedSpec;
}

describe('references from rendered objects', () => {
  it('a name missing in a template is one problem at the template, listing what it was rendered into', () => {
    const problems = checkReferences(rendered([]));
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ['/voiceRoutes/0/gateways/0', 'gateway "ghost.c.com" is not defined in the spec'],
      [
        '/sites/0/template',
        'gateway "ghost.c.com" is not defined in the spec (rendered into voice route R1, voice route R2, voice route R3)',
      ],
      ['/sites/0/template', 'gateway "x.c.com" is not defined in the spec (rendered into voice route R4)'],
    ]);
  });

  it("a gateway the template took from the site's own list is reported there only", () => {
    const problems = checkReferences(rendered(['GHOST.c.com', 'x.c.com']));
    expect(problems.map((p) => p.path)).toEqual([
      '/voiceRoutes/0/gateways/0',
      '/sites/0/gateways/0',
      '/sites/0/gateways/1',
    ]);
  });
});

describe('schema messages (#22 item 18)', () => {
  it('an anyOf failure names the forms allowed, read from the schema', () => {
    const problems = checkSpecSchema({
      apiVersion: 'voiceform/v1',
      customer: { name: 'C', tenantId: '00000000-0000-0000-0000-000000000001', domain: 'c.com' },
      users: [{ upn: 'a@c.com', phoneNumber: 12345 }],
    });
    expect(problems).toContainEqual({
      path: '/users/0/phoneNumber',
      rule: 'schema.anyOf',
      message: '12345 is not "auto" or an E.164 number such as "+442071234001" (optionally with ";ext=123")',
    });
  });
});
