import { describe, expect, it } from 'vitest';
import { formatPlanHtml } from '../../src/plan/format-html.js';
import { formatPlanMarkdown } from '../../src/plan/format-markdown.js';
import { formatPlanText } from '../../src/plan/format-text.js';
import type { Plan } from '../../src/plan/plan-types.js';

const hostile = '<script>alert(1)</script> | `x` "q" \'s\' & \n next';
const plan: Plan = {
  formatVersion: 1, toolVersion: 't', tenant: { id: 'tid', backend: 'sim:x' }, specHash: 'sha256:a', stateFingerprint: 'sha256:b',
  users: [], createdAt: '2026-01-01T00:00:00.000Z', prune: false,
  summary: { add: 1, change: 1, destroy: 0, replace: 0, unchanged: 2, unmanaged: 1 },
  unmanaged: ['voiceRoute["Legacy <b>"]'],
  changes: [
    { address: 'voiceRoute["R"]', kind: 'voiceRoute', name: 'R', action: 'create', before: null, after: { description: hostile }, diff: [{ attribute: 'description', before: null, after: hostile }] },
    { address: 'gateway["s.contoso.com"]', kind: 'gateway', name: 's.contoso.com', action: 'update', before: {}, after: {}, diff: [{ attribute: 'maxConcurrentSessions', before: 10, after: 20 }] },
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
    expect(html).toContain("Content-Security-Policy");
  });
});
