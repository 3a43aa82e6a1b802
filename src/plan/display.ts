import type { Plan } from './plan-types.js';
/**
 * Values as a reviewer should see them, in every plan format: characters that hide or reorder
 * text (bidi controls, zero-width characters, the BOM, control characters) shown as `<U+202E>`,
 * so "gnp.exe" written right-to-left cannot pass for "exe.png"; strings as Teams stores them (a
 * regex `^\+44(\d{10})$`, not its JSON escaping). Pure.
 */
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

export function escapeHidden(text: string): string {
  return text.replace(HIDDEN, (ch) => `<U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`);
}

/** One value on one line: strings quoted but not escaped, lists `[a, b]`, objects `{k = v}`. */
export function displayValue(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return `"${escapeHidden(v)}"`;
  if (Array.isArray(v)) return `[${v.map(displayValue).join(', ')}]`;
  if (typeof v === 'object')
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${escapeHidden(k)} = ${displayValue(x)}`)
      .join(', ')}}`;
  return String(v);
}

/** A value as lines: a list of objects (normalization rules, emergency numbers) one per line. */
export function displayLines(v: unknown): string[] {
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x)))
    return ['[', ...v.map((x) => `  ${displayValue(x)},`), ']'];
  return [displayValue(v)];
}

/** `gateway +1, voiceRoute +3 ~1 -2`: how many of each kind are added, changed, destroyed (every plan format). Pure. */
export function perKind(plan: Pick<Plan, 'changes'>): string {
  const counts = new Map<string, { add: number; change: number; destroy: number }>();
  for (const ch of plan.changes) {
    const n = counts.get(ch.kind) ?? { add: 0, change: 0, destroy: 0 };
    if (ch.action === 'create') n.add++;
    else if (ch.action === 'delete') n.destroy++;
    else n.change++;
    counts.set(ch.kind, n);
  }
  return [...counts]
    .map(([kind, n]) =>
      [kind, n.add && `+${n.add}`, n.change && `~${n.change}`, n.destroy && `-${n.destroy}`].filter(Boolean).join(' '),
    )
    .join(', ');
}
