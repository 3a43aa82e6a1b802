import { GENERATOR_META } from '../io/output-target.js';
import { esc } from '../plan/format-html.js';
import { escapeHidden } from '../plan/display.js';
import type { TrunkHealth } from './call-stats.js';
import { byWorst, type TenantHealth } from './health-report.js';
import { timeline, type TimelineRow } from './readiness.js';

export type HealthFormat = 'text' | 'json' | 'html';

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)} %`);
const LABEL: Record<string, string> = {
  critical: 'CRITICAL',
  warning: 'WARNING',
  unknown: 'UNKNOWN',
  'insufficient-data': 'TOO FEW',
  ok: 'ok',
  info: 'info',
};

/** Every tenant in the chosen format. Pure. */
export function formatHealth(reports: TenantHealth[], format: HealthFormat, fleet: boolean): string {
  if (format === 'json') return JSON.stringify(fleet ? { tenants: reports } : reports[0], null, 2);
  if (format === 'html') return healthHtml(reports);
  const text = reports.map(healthText).join('\n\n');
  if (!fleet) return text;
  const radar = reports.some((r) => r.readiness) ? `\n\n${fleetTimeline(reports)}` : '';
  return `${text}\n\n${fleetSummary(reports)}${radar}`;
}

const READINESS_LABEL: Record<string, string> = { ...LABEL, ok: 'ok' };

/** One readiness row: severity, SBC, check, its status and date, why, and the fix. */
function readinessLine(r: TimelineRow, withTenant: boolean): string[] {
  const c = r.check;
  const who = withTenant ? `${r.tenant} ${r.fqdn}` : r.fqdn;
  return [
    `  ${(READINESS_LABEL[c.severity] ?? c.severity).padEnd(9)} ${escapeHidden(who)}  ${c.id}: ${c.status}${c.breaksOn ? ` · breaks on ${c.breaksOn}` : ''} · ${escapeHidden(c.evidence)}`,
    ...(c.fix ? [`            fix: ${escapeHidden(c.fix)}`] : []),
  ];
}

/** A fleet's readiness: every SBC × check that is not ready, soonest break first. Pure. */
export function fleetTimeline(reports: TenantHealth[]): string {
  const rows = timeline(reports.flatMap((r) => r.readiness ?? [])).filter((r) => r.check.severity !== 'ok');
  const sbcs = reports.reduce((n, r) => n + (r.readiness?.length ?? 0), 0);
  return [
    `Readiness timeline (${sbcs} SBC(s) in ${reports.length} tenant(s), soonest first):`,
    ...(rows.length === 0
      ? ['  every SBC is ready for every known change']
      : rows.flatMap((r) => readinessLine(r, true))),
  ].join('\n');
}

/** A fleet's last line: how many tenants at each level, worst first (as `batch` ends). Pure. */
export function fleetSummary(reports: TenantHealth[]): string {
  const unchecked = reports.filter((r) => r.error).length;
  const levels = (['critical', 'warning', 'unknown', 'insufficient-data', 'ok'] as const)
    .map((s) => [s, reports.filter((r) => !r.error && r.status === s).length] as const)
    .filter(([s, n]) => n > 0 || s === 'critical' || s === 'ok')
    .map(([s, n]) => `${n} ${s === 'insufficient-data' ? 'with too few calls' : s}`);
  return `${reports.length} tenant(s): ${levels.join(', ')}${unchecked ? `, ${unchecked} could not be checked` : ''}.`;
}

/** One line per trunk (worst first), then certificates, lint, notices and the alerts sent. Pure. */
export function healthText(h: TenantHealth): string {
  const out = [
    `${h.tenant.name} (${h.tenant.id}): ${LABEL[h.status]} · calls ${h.window.from.slice(0, 16)}Z → ${h.window.to.slice(0, 16)}Z`,
  ];
  if (h.error) out.push(`  could not be checked: ${escapeHidden(h.error)}`);
  const line = (status: string, subject: string, text: string) =>
    `  ${(LABEL[status] ?? status).padEnd(9)} ${escapeHidden(subject)}  ${escapeHidden(text)}`;
  out.push('Trunks (Direct Routing call records):');
  if (h.trunks.length === 0) out.push('  no Direct Routing calls in the window');
  for (const t of [...h.trunks].sort(byWorst)) {
    const codes = t.codes
      .slice(0, 3)
      .map((c) => `${c.sipCode}/${c.subCode} ×${c.count}`)
      .join(', ');
    out.push(
      line(
        t.status,
        t.fqdn,
        `${t.calls} calls · NER ${pct(t.ner)} · success ${pct(t.successRate)} · SBC-caused ${t.sbcCausedFailures}${t.sbcInboundFailures ? ` (+${t.sbcInboundFailures} inbound 540xxx)` : ''} · avg ${t.avgDurationS ?? 'n/a'} s${t.baselineAvgDurationS !== null ? ` (28-day ${t.baselineAvgDurationS} s)` : ''}${codes ? ` · ${codes}` : ''}`,
      ),
    );
    for (const m of t.messages) out.push(`            ${escapeHidden(m)}`);
  }
  out.push('Certificates (TLS to each gateway):');
  for (const c of [...h.certificates].sort(byWorst)) {
    out.push(
      line(
        c.status,
        c.fqdn,
        c.daysLeft === null
          ? `at ${c.probed}`
          : `${c.daysLeft} days left (fails ${c.notAfter!.slice(0, 16).replace('T', ' ')} UTC) · ${c.tlsVersion} · EKU ${c.eku.join(', ') || 'none'} · issuer ${c.issuer}`,
      ),
    );
    for (const m of c.messages) out.push(`            ${escapeHidden(m)}`);
  }
  if (h.lint.length > 0)
    out.push('Configuration:', ...h.lint.map((l) => line(l.severity, l.subject, `${l.rule}: ${l.message}`)));
  if (h.operators.length > 0)
    out.push(
      'Calling Plan / Operator Connect:',
      ...h.operators.map((o) => `  ${escapeHidden(o.operator)}: ${o.calls} calls, ${Math.round(o.seconds / 60)} min`),
    );
  if (h.notices.length > 0)
    out.push(
      'Message Center:',
      ...h.notices.map(
        (n) =>
          `  ${n.id} ${escapeHidden(n.title)}${n.actionRequiredBy ? ` (act by ${n.actionRequiredBy.slice(0, 10)})` : ''}`,
      ),
    );
  if (h.readiness) {
    out.push("Readiness (each SBC against Microsoft's known changes, soonest break first):");
    for (const r of h.readiness)
      out.push(
        line(
          r.status,
          r.fqdn,
          r.sbc
            ? `${r.sbc.vendor} ${r.sbc.product} ${r.sbc.version}${r.sbc.source === 'declared' ? ' (declared)' : ''}`
            : 'product unknown',
        ),
      );
    for (const row of timeline(h.readiness)) out.push(...readinessLine(row, false));
    for (const e of h.exposures ?? []) out.push(`  ${escapeHidden(e.summary)}`);
  }
  if (h.alerts.length > 0)
    out.push(
      `Alerts (changes since the last run): ${h.alerts.map((a) => `${escapeHidden(a.subject)} ${a.was} → ${a.level}`).join('; ')}`,
    );
  for (const d of h.deliveries)
    out.push(
      `  webhook ${d.url}: ${d.ok ? `delivered (${d.attempts} attempt(s))` : `NOT delivered after ${d.attempts} attempt(s): ${d.error}`}`,
    );
  return out.join('\n');
}

/** The hourly NER of a trunk as a small inline SVG line (0-100 %). Pure. */
export function nerChart(t: TrunkHealth, width = 240, height = 48): string {
  if (t.hourly.length === 0) return '';
  const xs = t.hourly.map((_, i) => (t.hourly.length === 1 ? width / 2 : (i * width) / (t.hourly.length - 1)));
  const pts = t.hourly.map((h, i) => `${xs[i]!.toFixed(1)},${(height - h.ner * height).toFixed(1)}`).join(' ');
  const title = `${t.fqdn}: hourly share of calls delivered, ${t.hourly[0]!.hour.slice(0, 13)}h to ${t.hourly.at(-1)!.hour.slice(0, 13)}h UTC`;
  return `<svg class="chart" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title>${esc(title)}</title><rect width="${width}" height="${height}" fill="#f6f8fa"/><polyline fill="none" stroke="#0969da" stroke-width="2" points="${pts}"/></svg>`;
}

/** The readiness table of a tenant, worst first, and the notices matched to its SBCs. Pure. */
function readinessHtml(h: TenantHealth): string {
  if (!h.readiness) return '';
  const cls = (s: string) => `st-${s.replace(/[^a-z-]/g, '')}`;
  const rows = timeline(h.readiness, 'worst')
    .map(
      ({ fqdn, check: c }) =>
        `<tr class="${cls(c.severity)}"><td>${esc(LABEL[c.severity]!)}</td><td><code>${esc(fqdn)}</code></td><td>${esc(c.id)}</td><td>${esc(c.status)}</td><td>${esc(c.breaksOn ?? '')}</td><td>${esc(c.evidence)}</td><td>${esc(c.fix)}</td></tr>`,
    )
    .join('\n');
  const exposed = (h.exposures ?? []).map((e) => `<li>${esc(e.summary)}</li>`).join('\n');
  return `<h3>Readiness</h3><table class="readiness"><tr><th>status</th><th>SBC</th><th>change</th><th>finding</th><th>breaks on</th><th>evidence</th><th>fix</th></tr>
${rows}</table>${exposed ? `<ul>${exposed}</ul>` : ''}`;
}

/** A self-contained page (no scripts, no external assets): each tenant's trunks with a chart, certificates, lint, notices. Pure. */
export function healthHtml(reports: TenantHealth[]): string {
  const cls = (s: string) => `st-${s.replace(/[^a-z-]/g, '')}`;
  const body = reports
    .map((h) => {
      const trunks = [...h.trunks]
        .sort(byWorst)
        .map(
          (t) =>
            `<tr class="${cls(t.status)}"><td>${esc(LABEL[t.status]!)}</td><td><code>${esc(t.fqdn)}</code></td><td>${t.calls}</td><td>${pct(t.ner)}</td><td>${pct(t.successRate)}</td><td>${t.sbcCausedFailures}</td><td>${t.avgDurationS ?? 'n/a'}</td><td>${nerChart(t)}</td><td>${esc(t.messages.join('; '))}</td></tr>`,
        )
        .join('\n');
      const certs = [...h.certificates]
        .sort(byWorst)
        .map(
          (c) =>
            `<tr class="${cls(c.status)}"><td>${esc(LABEL[c.status]!)}</td><td><code>${esc(c.fqdn)}</code></td><td>${c.daysLeft ?? 'n/a'}</td><td>${esc(c.eku.join(', '))}</td><td>${esc(c.issuer ?? '')}</td><td>${esc(c.messages.join('; '))}</td></tr>`,
        )
        .join('\n');
      const lint = h.lint
        .map(
          (l) =>
            `<li class="${cls(l.severity)}"><strong>${esc(LABEL[l.severity]!)}</strong> <code>${esc(l.subject)}</code> ${esc(l.rule)}: ${esc(l.message)}</li>`,
        )
        .join('\n');
      const notices = h.notices
        .map(
          (n) =>
            `<li><code>${esc(n.id)}</code> ${esc(n.title)}${n.actionRequiredBy ? ` (act by ${esc(n.actionRequiredBy.slice(0, 10))})` : ''}</li>`,
        )
        .join('\n');
      return `<section class="tenant ${cls(h.status)}"><h2>${esc(h.tenant.name)} <span class="status">${esc(LABEL[h.status]!)}</span></h2>
<p>Tenant <code>${esc(h.tenant.id)}</code> · calls from ${esc(h.window.from)} to ${esc(h.window.to)}</p>${h.error ? `<p><strong>Could not be checked:</strong> ${esc(h.error)}</p>` : ''}
<h3>Trunks</h3><table><tr><th>status</th><th>trunk</th><th>calls</th><th>NER</th><th>success</th><th>SBC-caused</th><th>avg s</th><th>hourly NER</th><th>why</th></tr>
${trunks}</table>
<h3>Certificates</h3><table><tr><th>status</th><th>gateway</th><th>days left</th><th>EKU</th><th>issuer</th><th>why</th></tr>
${certs}</table>
${lint ? `<h3>Configuration</h3><ul>${lint}</ul>` : ''}${notices ? `<h3>Message Center</h3><ul>${notices}</ul>` : ''}${readinessHtml(h)}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">${GENERATOR_META}<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Voiceform health: ${reports.length} tenant(s)</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:middle}
.st-critical td:first-child,.st-critical>h2 .status{background:#ffebe9}.st-warning td:first-child,.st-warning>h2 .status{background:#fff8c5}.st-ok td:first-child,.st-ok>h2 .status{background:#dafbe1}.status{font-size:70%;padding:2px 6px;border-radius:4px;background:#eee}</style></head>
<body><h1>Voiceform health</h1>
${body}
</body></html>
`;
}
