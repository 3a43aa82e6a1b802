import pc from 'picocolors';
import { displayLines, displayValue, escapeHidden, perKind } from './display.js';
import type { Change, Plan } from './plan-types.js';

const SYMBOL: Record<Change['action'], string> = {
  create: '+',
  update: '~',
  delete: '-',
  replace: '-/+',
  'no-op': ' ',
};
const VERB: Record<Change['action'], string> = {
  create: 'will be created',
  update: 'will be updated in place',
  delete: 'will be destroyed',
  replace: 'must be replaced',
  'no-op': 'is unchanged',
};

/** A value as the plan shows it on one line (see display.ts). */
export const showValue = displayValue;

/** `+ name = value` (or `~ name = old → new`), a list of objects one element per line. */
function attributeLines(sign: string, name: string, before: unknown, after: unknown): string[] {
  const [b, a] = [displayLines(before), displayLines(after)];
  const indent = ' '.repeat(8 + name.length + 3);
  const join = (head: string, rest: string[]) => [head + rest[0]!, ...rest.slice(1).map((l) => indent + l)];
  if (sign === '+') return join(`      + ${name} = `, a);
  if (sign === '-') return join(`      - ${name} = `, b);
  if (b.length === 1 && a.length === 1) return [`      ~ ${name} = ${b[0]} → ${a[0]}`];
  return [...join(`      ~ ${name} = `, b), ...join(`${indent.slice(2)}→ `, a)];
}

/** The plan as Terraform shows one: `+`, `~`, `-`, `-/+`, `old → new` per attribute. Pure. */
export function formatPlanText(plan: Plan, options: { color?: boolean } = {}): string {
  const c = options.color ? pc : pc.createColors(false);
  const paint: Record<Change['action'], (s: string) => string> = {
    create: c.green,
    update: c.yellow,
    delete: c.red,
    replace: c.magenta,
    'no-op': (s) => s,
  };
  const lines: string[] = [];
  lines.push(`Tenant ${escapeHidden(plan.tenant.id)} (${escapeHidden(plan.tenant.backend)})`);
  if (plan.changes.length === 0) {
    lines.push('', c.green('No changes.') + ' The tenant matches the spec.');
  } else {
    lines.push('', 'Voiceform will perform the following actions, in this order:', '');
    for (const ch of plan.changes) {
      lines.push(c.bold(`  # ${escapeHidden(String(ch.address))} ${VERB[ch.action]}${ch.note ? ` (${ch.note})` : ''}`));
      lines.push(paint[ch.action](`  ${SYMBOL[ch.action]} ${ch.kind} ${displayValue(ch.name)} {`));
      const width = Math.max(0, ...ch.diff.map((d) => d.attribute.length));
      const sign = ch.action === 'create' ? '+' : ch.action === 'delete' ? '-' : '~';
      const color = sign === '+' ? c.green : sign === '-' ? c.red : c.yellow;
      for (const d of ch.diff)
        lines.push(...attributeLines(sign, d.attribute.padEnd(width), d.before, d.after).map((l) => color(l)));
      lines.push(paint[ch.action]('    }'), '');
    }
  }
  const s = plan.summary;
  lines.push(c.bold(`Plan: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy.`));
  if (plan.changes.length > 0) lines.push(`By kind: ${perKind(plan)}.`);
  if (plan.unmanaged.length > 0) {
    lines.push(
      `Left alone: ${plan.unmanaged.length} object(s) in the tenant that Voiceform does not manage${plan.prune ? '' : ' (prune is off)'}:`,
    );
    lines.push(...plan.unmanaged.map((a) => `  - ${escapeHidden(a)}`));
  }
  if (plan.drift?.length) {
    lines.push(c.yellow(`Drift this plan does not change: ${plan.drift.length} object(s):`));
    lines.push(...plan.drift.map((d) => `  - ${escapeHidden(d.address)}: ${escapeHidden(d.reason)}`));
  }
  for (const w of plan.warnings ?? [])
    lines.push(`Warning: ${escapeHidden(w.path || '/')}: ${escapeHidden(w.message)} [${w.rule}]`);
  return lines.join('\n');
}
