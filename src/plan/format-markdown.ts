import type { Change, Plan } from './plan-types.js';
import { showValue } from './format-text.js';

const ACTION: Record<Change['action'], string> = { create: '➕ create', update: '✏️ update', delete: '🗑️ delete', replace: '♻️ replace', 'no-op': 'no-op' };

/** Markdown table cell: pipes and line breaks escaped so any value stays in its cell. */
function cell(v: unknown): string {
  return `\`${showValue(v).replace(/\|/g, '\\|').replace(/`/g, 'ˋ')}\``.replace(/\r?\n/g, ' ');
}

/** The plan as Markdown for a change review (same document as the JSON). Pure. */
export function formatPlanMarkdown(plan: Plan): string {
  const s = plan.summary;
  const out: string[] = [
    `# Voiceform plan for tenant \`${plan.tenant.id}\``,
    '',
    `**${s.add} to add, ${s.change} to change, ${s.destroy} to destroy.** ${s.unchanged} unchanged; ${s.unmanaged} unmanaged object(s) left alone.`,
    '',
    `| | |`,
    `|---|---|`,
    `| Backend | \`${plan.tenant.backend}\` |`,
    `| Spec hash | \`${plan.specHash}\` |`,
    `| State fingerprint | \`${plan.stateFingerprint}\` |`,
    `| Created | ${plan.createdAt} |`,
    `| Prune | ${plan.prune ? 'yes' : 'no'} |`,
    '',
  ];
  if (plan.changes.length === 0) out.push('No changes: the tenant matches the spec.', '');
  plan.changes.forEach((c, i) => {
    out.push(`## ${i + 1}. ${ACTION[c.action]} \`${c.address}\``, '', '| Attribute | Before | After |', '|---|---|---|');
    for (const d of c.diff) out.push(`| ${d.attribute} | ${c.action === 'create' ? '' : cell(d.before)} | ${c.action === 'delete' ? '' : cell(d.after)} |`);
    out.push('');
  });
  if (plan.unmanaged.length > 0) {
    out.push('## Left alone (not managed by Voiceform)', '', ...plan.unmanaged.map((a) => `- \`${a}\``), '');
  }
  return out.join('\n');
}
