import pc from 'picocolors';
import type { Change, Plan } from './plan-types.js';

const SYMBOL: Record<Change['action'], string> = { create: '+', update: '~', delete: '-', replace: '-/+', 'no-op': ' ' };
const VERB: Record<Change['action'], string> = {
  create: 'will be created',
  update: 'will be updated in place',
  delete: 'will be destroyed',
  replace: 'must be replaced',
  'no-op': 'is unchanged',
};

/** A value as the plan shows it: JSON, kept on one line. */
export function showValue(v: unknown): string {
  return v === undefined ? 'null' : JSON.stringify(v);
}

/** The plan as Terraform shows one: `+`, `~`, `-`, `-/+`, `old → new` per attribute. Pure. */
export function formatPlanText(plan: Plan, options: { color?: boolean } = {}): string {
  const c = options.color ? pc : pc.createColors(false);
  const paint: Record<Change['action'], (s: string) => string> = { create: c.green, update: c.yellow, delete: c.red, replace: c.magenta, 'no-op': (s) => s };
  const lines: string[] = [];
  lines.push(`Tenant ${plan.tenant.id} (${plan.tenant.backend})`);
  if (plan.changes.length === 0) {
    lines.push('', c.green('No changes.') + ' The tenant matches the spec.');
  } else {
    lines.push('', 'Voiceform will perform the following actions, in this order:', '');
    for (const ch of plan.changes) {
      lines.push(c.bold(`  # ${ch.address} ${VERB[ch.action]}`));
      lines.push(paint[ch.action](`  ${SYMBOL[ch.action]} ${ch.kind} ${JSON.stringify(ch.name)} {`));
      const width = Math.max(0, ...ch.diff.map((d) => d.attribute.length));
      for (const d of ch.diff) {
        const name = d.attribute.padEnd(width);
        if (ch.action === 'create') lines.push(c.green(`      + ${name} = ${showValue(d.after)}`));
        else if (ch.action === 'delete') lines.push(c.red(`      - ${name} = ${showValue(d.before)}`));
        else lines.push(c.yellow(`      ~ ${name} = ${showValue(d.before)} → ${showValue(d.after)}`));
      }
      lines.push(paint[ch.action]('    }'), '');
    }
  }
  const s = plan.summary;
  lines.push(c.bold(`Plan: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy.`));
  if (s.unmanaged > 0) lines.push(`Left alone: ${s.unmanaged} object(s) in the tenant that Voiceform does not manage${plan.prune ? '' : ' (prune is off)'}.`);
  for (const w of plan.warnings ?? []) lines.push(`Warning: ${w.path || '/'}: ${w.message} [${w.rule}]`);
  return lines.join('\n');
}
