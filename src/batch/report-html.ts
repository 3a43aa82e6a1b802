import { GENERATOR_META } from '../io/output-target.js';
import { esc, PLAN_CSS, planBodyHtml } from '../plan/format-html.js';
import type { Plan } from '../plan/plan-types.js';
import { FAILED_STATUSES, STATUS_ORDER, type BatchReport, type TenantStatus } from './report.js';

/**
 * The fleet report as one self-contained page: no scripts and no external assets (a strict CSP
 * says so), so it can be mailed or archived. Filters by status are radio buttons and CSS; each
 * tenant's plan opens in place. Every value is escaped: names, messages and plans may be hostile.
 * Pure.
 */
export function formatReportHtml(report: BatchReport, plans: ReadonlyMap<string, Plan>): string {
  const count = (s: TenantStatus) => report.tenants.filter((t) => t.status === s).length;
  const present = STATUS_ORDER.filter((s) => count(s) > 0);
  const failed = report.tenants.filter((t) => t.status !== 'interrupted' && FAILED_STATUSES.includes(t.status)).length;
  const filters = [
    `<input type="radio" name="f" id="f-all" checked><label for="f-all">all (${report.tenants.length})</label>`,
    ...present.map((s) => `<input type="radio" name="f" id="f-${s}"><label for="f-${s}">${s} (${count(s)})</label>`),
  ].join(' ');
  const hide = present.map((s) => `#f-${s}:checked~.tenants .tenant:not(.st-${s})`).join(',');
  const rank = (s: TenantStatus) => STATUS_ORDER.indexOf(s);
  const tenants = [...report.tenants]
    .sort((a, b) => rank(a.status) - rank(b.status) || a.name.localeCompare(b.name))
    .map((t, index) => {
      const plan = plans.get(t.name);
      const summary = t.summary ? `+${t.summary.add} ~${t.summary.change} -${t.summary.destroy}` : '';
      const messages = t.messages.length
        ? `<pre>${t.messages
            .flatMap((m) => m.split('\n'))
            .map(esc)
            .join('\n')}</pre>`
        : '';
      const details = plan
        ? `<details><summary>Plan</summary>${planBodyHtml(plan, `tenant-${index + 1}-`)}</details>`
        : '';
      return `<section class="tenant st-${t.status}"><h2>${esc(t.name)} <span class="status">${t.status}</span></h2>
<p>Tenant <code>${esc(t.tenantId ?? 'unknown')}</code> · exit ${t.exitCode} · ${summary ? `${summary} · ` : ''}${(t.durationMs / 1000).toFixed(1)} s${t.journal ? ` · journal <code>${esc(t.journal)}</code>` : ''}</p>
${messages}${details}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">${GENERATOR_META}<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Voiceform batch ${report.command}: ${report.tenants.length} tenant(s)</title>
<style>${PLAN_CSS}
${hide ? `${hide}{display:none}` : ''}
input[type=radio]{margin-left:1em}.tenant{border-top:2px solid #ddd;margin-top:1em}.status{font-size:70%;padding:2px 6px;border-radius:4px;background:#eee}
.st-ok .status{background:#dafbe1}.st-changes .status{background:#fff8c5}${FAILED_STATUSES.map((s) => `.st-${s} .status`).join(',')}{background:#ffebe9}pre{white-space:pre-wrap}</style></head>
<body><h1>Voiceform batch ${report.command}</h1>
<p><strong>${report.tenants.length} tenant(s): ${count('ok')} ok, ${count('changes')} with changes, ${failed} failed${count('interrupted') > 0 ? `, ${count('interrupted')} interrupted` : ''}.</strong>${report.interrupted ? ' Interrupted (Ctrl-C): some tenants did not finish.' : ''}</p>
<p>Manifest <code>${esc(report.manifest)}</code> · started ${esc(report.startedAt)} · finished ${esc(report.finishedAt)}</p>
${filters}
<div class="tenants">
${tenants}
</div>
</body></html>
`;
}
