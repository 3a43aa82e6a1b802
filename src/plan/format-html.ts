import { GENERATOR_META } from '../io/output-target.js';
import type { Change, Plan } from './plan-types.js';
import { escapeHidden, perKind } from './display.js';
import { showValue } from './format-text.js';

const ACTION: Record<Change['action'], string> = {
  create: 'create',
  update: 'update',
  delete: 'delete',
  replace: 'replace',
  'no-op': 'no-op',
};

/** Text for HTML: every value in a plan may be hostile (descriptions are free text). */
export function esc(text: string): string {
  return escapeHidden(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** The plan as one self-contained HTML page for a change review (no scripts, no external assets). Pure. */
export function formatPlanHtml(plan: Plan): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">${GENERATOR_META}<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Voiceform plan for ${esc(plan.tenant.id)}</title>
<style>${PLAN_CSS}</style></head>
<body><h1>Voiceform plan for tenant <code>${esc(plan.tenant.id)}</code></h1>
${planBodyHtml(plan)}
</body></html>
`;
}

/** The styles a plan's HTML needs (also embedded in the fleet report). */
export const PLAN_CSS = `body{font:14px system-ui,sans-serif;margin:2em;max-width:80em}code{font:12px ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px;text-align:left;vertical-align:top}
.create h2{color:#1a7f37}.update h2{color:#9a6700}.delete h2{color:#cf222e}.replace h2{color:#8250df}`;

/**
 * A plan's summary, facts, contents, changes, drift and left-alone objects as HTML (a fragment).
 * `idPrefix` keeps the contents' anchors apart when several plans share a page (the fleet report). Pure.
 */
export function planBodyHtml(plan: Plan, idPrefix = ''): string {
  const s = plan.summary;
  const id = (name: string) => `${idPrefix}${name}`;
  const rows = plan.changes
    .map((c, i) => {
      const attrs = c.diff
        .map(
          (d) =>
            `<tr><td>${esc(d.attribute)}</td><td>${c.action === 'create' ? '' : `<code>${esc(showValue(d.before))}</code>`}</td><td>${c.action === 'delete' ? '' : `<code>${esc(showValue(d.after))}</code>`}</td></tr>`,
        )
        .join('');
      return `<section class="${ACTION[c.action]}" id="${id(`change-${i + 1}`)}"><h2>${i + 1}. ${ACTION[c.action]} <code>${esc(String(c.address))}</code></h2>${c.note ? `<p><strong>${esc(c.note)}</strong></p>` : ''}<table><thead><tr><th>Attribute</th><th>Before</th><th>After</th></tr></thead><tbody>${attrs}</tbody></table></section>`;
    })
    .join('\n');
  const drift = plan.drift?.length
    ? `<h2 id="${id('drift')}">Drift this plan does not change</h2><ul>${plan.drift.map((d) => `<li><code>${esc(d.address)}</code>: ${esc(d.reason)}</li>`).join('')}</ul>`
    : '';
  const unmanaged = plan.unmanaged.length
    ? `<h2 id="${id('left-alone')}">Left alone (not managed by Voiceform)</h2><ul>${plan.unmanaged.map((a) => `<li><code>${esc(a)}</code></li>`).join('')}</ul>`
    : '';
  // Contents: every change (action and address) and the sections after them, each a link.
  const entries = [
    ...plan.changes.map(
      (c, i) =>
        `<li><a href="#${id(`change-${i + 1}`)}">${ACTION[c.action]} <code>${esc(String(c.address))}</code></a></li>`,
    ),
    ...(drift
      ? [`<li><a href="#${id('drift')}">Drift this plan does not change (${plan.drift!.length})</a></li>`]
      : []),
    ...(unmanaged ? [`<li><a href="#${id('left-alone')}">Left alone (${plan.unmanaged.length})</a></li>`] : []),
  ];
  const contents = entries.length > 0 ? `<nav><h2>Contents</h2><ol>${entries.join('')}</ol></nav>` : '';
  const byKind = plan.changes.length > 0 ? `<p>By kind: ${esc(perKind(plan))}.</p>` : '';
  return `<p><strong>${s.add} to add, ${s.change} to change, ${s.destroy} to destroy.</strong> ${s.unchanged} unchanged; ${s.unmanaged} unmanaged object(s) left alone.</p>
${byKind}
<table><tbody><tr><th>Backend</th><td><code>${esc(plan.tenant.backend)}</code></td></tr><tr><th>Spec hash</th><td><code>${esc(plan.specHash)}</code></td></tr>
<tr><th>State fingerprint</th><td><code>${esc(plan.stateFingerprint)}</code></td></tr><tr><th>Created</th><td>${esc(plan.createdAt)}</td></tr><tr><th>Prune</th><td>${plan.prune ? 'yes' : 'no'}</td></tr></tbody></table>
${contents}
${plan.changes.length === 0 ? '<p>No changes: the tenant matches the spec.</p>' : rows}
${drift}
${unmanaged}`;
}
