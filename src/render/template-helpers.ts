import type { HelperDelegate } from 'handlebars';

/** Escapes a literal so a regex matches exactly it (e.g. "+44" → "\\+44"). */
export function escapeRegex(literal: string): string {
  return literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/**
 * Helpers registered for every template. Templates produce JSON, so any value is written with
 * `json` (never spliced by hand) and any literal inside a regex goes through `re`.
 */
export const TEMPLATE_HELPERS: Record<string, HelperDelegate> = {
  /** `{{json value}}` — the value as a JSON literal (strings quoted and escaped). */
  json: (value: unknown) => JSON.stringify(value ?? null),
  /** `{{re "+44"}}` — a literal escaped for a regex (use inside `concat` before `json`). */
  re: (value: unknown) => escapeRegex(String(value)),
  /** `{{concat a b c}}` — strings joined. */
  concat: (...args: unknown[]) =>
    args
      .slice(0, -1)
      .map((a) => String(a ?? ''))
      .join(''),
  /** `{{#if (eq a b)}}`. */
  eq: (a: unknown, b: unknown) => a === b,
};
