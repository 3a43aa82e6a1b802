/**
 * PSListModifier semantics (teams-cmdlets.md §0.2): a plain array replaces the list; a hashtable
 * with Add / Remove / Replace (any case) edits it. Names compare case-insensitively.
 */
export function applyListModifier(current: string[], value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'object') return [String(value)];
  const entries = Object.entries(value as Record<string, unknown>).map(
    ([k, v]) =>
      [k.toLowerCase(), v === null || v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]] as const,
  );
  const op = new Map(entries);
  let out = op.has('replace') ? [...op.get('replace')!] : [...current];
  for (const r of op.get('remove') ?? []) out = out.filter((x) => x.toLowerCase() !== r.toLowerCase());
  for (const a of op.get('add') ?? []) if (!out.some((x) => x.toLowerCase() === a.toLowerCase())) out.push(a);
  return out;
}
