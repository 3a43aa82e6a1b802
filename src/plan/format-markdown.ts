import type { Change, Plan } from './plan-types.js';
import { escapeHidden, perKind } from './display.js';
import { showValue } from './format-text.js';

const ACTION: Record<Change['action'], string> = {
  create: '➕ create',
  update: '✏️ update',
  delete: '🗑️ delete',
  replace: '♻️ replace',
  'no-op': 'no-op',
};

/**
 * Inline code that shows any text as it is: a fence one backtick longer than the longest run of
 * backticks inside (CommonMark), pipes escaped so a value stays in its table cell.
 */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${escapeHidden(text).replace(/\|/g, '\\|')}${pad}${fence}`;
}

/** Markdown table cell: one value (display.ts escapes line breaks and hidden characters). */
function cell(v: unknown): string {
  return code(showValue(v));
}

/** The plan as Markdown for a change review (same document as the JSON). Pure. */
export function formatPlanMarkdown(plan: Plan): string {
  const s = plan.summary;
  const out: string[] = [
    `# Voiceform plan for tenant ${code(plan.tenant.id)}`,
    '',
    `**${s.add} to add, ${s.change} to change, ${s.destroy} to destroy.** ${s.unchanged} unchanged; ${s.unmanaged} unmanaged object(s) left alone.`,
    '',
    ...(plan.changes.length > 0 ? [`By kind: ${perKind(plan)}.`, ''] : []),
    `| | |`,
    `|---|---|`,
    `| Backend | ${code(plan.tenant.backend)} |`,
    `| Spec hash | \`${plan.specHash}\` |`,
    `| State fingerprint | \`${plan.stateFingerprint}\` |`,
    `| Created | ${plan.createdAt} |`,
    `| Prune | ${plan.prune ? 'yes' : 'no'} |`,
    '',
  ];
  if (plan.changes.length === 0) out.push('No changes: the tenant matches the spec.', '');
  plan.changes.forEach((c, i) => {
    out.push(
      `## ${i + 1}. ${ACTION[c.action]} ${code(String(c.address))}`,
      '',
      ...(c.note ? [`> **${c.note}**`, ''] : []),
      '| Attribute | Before | After |',
      '|---|---|---|',
    );
    for (const d of c.diff)
      out.push(
        `| ${d.attribute} | ${c.action === 'create' ? '' : cell(d.before)} | ${c.action === 'delete' ? '' : cell(d.after)} |`,
      );
    out.push('');
  });
  if (plan.drift?.length) {
    out.push(
      '## Drift this plan does not change',
      '',
      ...plan.drift.map((d) => `- ${code(d.address)}: ${escapeHidden(d.reason).replace(/[\\`*_[\]<>|]/g, '\\$&')}`),
      '',
    );
  }
  if (plan.unmanaged.length > 0) {
    out.push('## Left alone (not managed by Voiceform)', '', ...plan.unmanaged.map((a) => `- ${code(a)}`), '');
  }
  return out.join('\n');
}
