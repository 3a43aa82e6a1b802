import { describe, expect, it } from 'vitest';
import { formatPlanHtml, planBodyHtml } from '../../src/plan/format-html.js';
import { formatPlanMarkdown } from '../../src/plan/format-markdown.js';
import { formatPlanText } from '../../src/plan/format-text.js';
import type { Plan } from '../../src/plan/plan-types.js';

const hostile = '<script>alert(1)</script> | `x` "q" \'s\' & \n next';
const plan: Plan = {
  formatVersion: 1,
  toolVersion: 't',
  tenant: { id: 'tid', backend: 'sim:x' },
  specHash: 'sha256:a',
  stateFingerprint: 'sha256:b',
  users: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  prune: false,
  summary: { add: 1, change: 1, destroy: 0, replace: 0, unchanged: 2, unmanaged: 1 },
  unmanaged: ['voiceRoute["Legacy <b>"]'],
  changes: [
    {
      address: 'voiceRoute["R"]',
      kind: 'voiceRoute',
      name: 'R',
      action: 'create',
      before: null,
      after: { description: hostile },
      diff: [{ attribute: 'description', before: null, after: hostile }],
    },
    {
      address: 'gateway["s.contoso.com"]',
      kind: 'gateway',
      name: 's.contoso.com',
      action: 'update',
      before: {},
      after: {},
      diff: [{ attribute: 'maxConcurrentSessions', before: 10, after: 20 }],
    },
  ],
};

describe('plan views of one document', () => {
  it('text: Terraform-like symbols, old → new, closing summary', () => {
    const text = formatPlanText(plan);
    expect(text).toContain('+ voiceRoute "R" {');
    expect(text).toContain('~ maxConcurrentSessions = 10 → 20');
    expect(text).toContain('Plan: 1 to add, 1 to change, 0 to destroy.');
  });
  it('markdown: hostile values stay inside their table cell', () => {
    const md = formatPlanMarkdown(plan);
    const row = md.split('\n').find((l) => l.startsWith('| description'))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(5); // | attr | before | after |
  });
  it('html: every value escaped, no script can run', () => {
    const html = formatPlanHtml(plan);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Legacy &lt;b&gt;');
    expect(html).toContain('Content-Security-Policy');
  });
  it('html and markdown: the "By kind" line as in text; html: a table of contents whose links all land (#22 item 18)', () => {
    const html = formatPlanHtml(plan);
    expect(formatPlanText(plan)).toContain('By kind: voiceRoute +1, gateway ~1.');
    expect(formatPlanMarkdown(plan)).toContain('By kind: voiceRoute +1, gateway ~1.');
    expect(html).toContain('<p>By kind: voiceRoute +1, gateway ~1.</p>');
    const nav = /<nav><h2>Contents<\/h2><ol>(.*?)<\/ol><\/nav>/.exec(html)![1]!;
    const links = [...nav.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    expect(links).toEqual(['change-1', 'change-2', 'left-alone']);
    for (const l of links) expect(html).toContain(`id="${l}"`);
    expect(nav).toContain('create <code>voiceRoute[&quot;R&quot;]</code>');
    // Two plans on one page (the fleet report) keep their anchors apart.
    expect(planBodyHtml(plan, 'tenant-2-')).toContain('href="#tenant-2-change-1"');
    expect(planBodyHtml(plan, 'tenant-2-')).toContain('id="tenant-2-change-1"');
  });
});

describe('what the reviewer sees is what will be written', () => {
  const spoof = 'Invoice\u202Egnp.exe';
  const regex = '^\\+44(\\d{10})$';
  const rules = [
    { name: 'N-Local', pattern: '^(\\d{8})$', translation: '+4420$1' },
    { name: 'N-National', pattern: '^0(\\d{10})$', translation: '+44$1' },
  ];
  const p: Plan = {
    ...plan,
    changes: [
      {
        address: `voiceRoute[${JSON.stringify(spoof)}]`,
        kind: 'voiceRoute',
        name: spoof,
        action: 'create',
        before: null,
        after: null,
        diff: [
          { attribute: 'description', before: null, after: `zero\u200Bwidth \uFEFF bom` },
          { attribute: 'numberPattern', before: null, after: regex },
        ],
      } as never,
      {
        address: 'dialPlan["DP"]',
        kind: 'dialPlan',
        name: 'DP',
        action: 'update',
        before: null,
        after: null,
        diff: [{ attribute: 'normalizationRules', before: [], after: rules }],
      } as never,
    ],
  };

  it('bidi and invisible characters are shown escaped, in text, markdown and html', () => {
    for (const out of [formatPlanText(p), formatPlanMarkdown(p), formatPlanHtml(p)]) {
      expect(out).toContain(
        'Invoice<U+202E>gnp.exe'
          .replace('<', out.startsWith('<!doctype') ? '&lt;' : '<')
          .replace('>', out.startsWith('<!doctype') ? '&gt;' : '>'),
      );
      expect(out).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200F\uFEFF]/);
    }
    expect(formatPlanText(p)).toContain('zero<U+200B>width <U+FEFF> bom');
  });

  it('regexes as Teams stores them, normalization rules one per line, a summary per kind, the left-alone addresses', () => {
    const text = formatPlanText(p);
    expect(text).toContain(`+ numberPattern = "${regex}"`);
    expect(text).toContain(`    {name = "N-Local", pattern = "^(\\d{8})$", translation = "+4420$1"},`);
    expect(text.split('\n').filter((l) => l.includes('name = "N-')).length).toBe(2);
    expect(text).toContain('By kind: voiceRoute +1, dialPlan ~1.');
    expect(text).toContain('  - voiceRoute["Legacy <b>"]');
  });

  it('markdown keeps backticks (a longer fence) instead of swapping characters', () => {
    const md = formatPlanMarkdown({
      ...plan,
      changes: [{ ...plan.changes[0]!, diff: [{ attribute: 'description', before: null, after: 'a `b` ``c``' }] }],
    });
    expect(md).toContain('```"a `b` ``c``"```');
    expect(md).not.toContain('ˋ');
  });
});
