import { GENERATOR_META } from '../io/output-target.js';
import { esc } from '../plan/format-html.js';
import { escapeHidden } from '../plan/display.js';
import type { ComplianceCheck, ComplianceReport } from './compliance-types.js';

const MARK: Record<ComplianceCheck['status'], string> = {
  pass: 'PASS',
  fail: 'FAIL',
  warning: 'WARN',
  'not-applicable': 'n/a ',
};

/** One line per check, the fix and source under each one that did not pass. Pure. */
export function formatComplianceText(r: ComplianceReport): string {
  const lines: string[] = [
    `Emergency calling compliance (${r.evaluated === 'tenant' ? "the tenant's configuration" : "the spec's desired state"}${r.country ? `, ${r.country}` : ''})`,
  ];
  const block = (title: string, checks: ComplianceCheck[]) => {
    lines.push('', title);
    for (const c of checks) {
      lines.push(`  ${MARK[c.status]} ${c.id.padEnd(17)} ${escapeHidden(c.message)}`);
      if (c.status === 'fail' || c.status === 'warning') {
        if (c.fix) lines.push(`       fix: ${escapeHidden(c.fix)}`);
        lines.push(`       source: ${c.source}`);
      }
    }
  };
  for (const s of r.sites) block(`Site ${escapeHidden(s.name)} (${s.country})`, s.checks);
  for (const u of r.users)
    block(`User ${escapeHidden(u.upn)}${u.site ? ` (site ${escapeHidden(u.site)})` : ''}`, u.checks);
  const { pass, fail, warning, notApplicable } = r.summary;
  lines.push('', `Summary: ${pass} pass, ${fail} fail, ${warning} warning, ${notApplicable} not applicable.`);
  lines.push(
    'Not proven here: what the emergency routing service provider holds for these addresses, and a real test call (README "Emergency calling").',
  );
  return lines.join('\n');
}

/** The report as one self-contained HTML page (no scripts, no external assets). Pure. */
export function formatComplianceHtml(r: ComplianceReport): string {
  const rows = (checks: ComplianceCheck[]) =>
    checks
      .map(
        (c) =>
          `<tr class="${c.status}"><td>${c.status}</td><td><code>${c.id}</code></td><td>${esc(c.message)}${c.fix ? `<br><b>Fix:</b> ${esc(c.fix)}` : ''}</td><td>${esc(c.source)}</td></tr>`,
      )
      .join('\n');
  const table = (title: string, checks: ComplianceCheck[]) =>
    `<h2>${title}</h2>\n<table><tr><th>Status</th><th>Check</th><th>Finding</th><th>Source</th></tr>\n${rows(checks)}\n</table>`;
  const { pass, fail, warning, notApplicable } = r.summary;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">${GENERATOR_META}<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Voiceform emergency calling compliance</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:80em}code{font:12px ui-monospace,monospace}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px;text-align:left;vertical-align:top}
tr.fail td:first-child{color:#cf222e;font-weight:bold}tr.pass td:first-child{color:#1a7f37}tr.warning td:first-child{color:#9a6700}</style></head>
<body><h1>Emergency calling compliance</h1>
<p id="summary">${pass} pass, ${fail} fail, ${warning} warning, ${notApplicable} not applicable: ${r.evaluated === 'tenant' ? "the tenant's configuration" : "the spec's desired state"}${r.country ? `, ${esc(r.country)}` : ''}.</p>
${r.sites.map((s) => table(`Site ${esc(s.name)} (${esc(s.country)})`, s.checks)).join('\n')}
${r.users.map((u) => table(`User ${esc(u.upn)}`, u.checks)).join('\n')}
<p>Not proven here: what the emergency routing service provider holds for these addresses, and a real test call.</p>
</body></html>
`;
}
