import { BackendError } from '../errors.js';

/** What PowerShell bound for one cmdlet call (names as declared by the real cmdlets). */
export type Params = Record<string, unknown>;
/** One emulated cmdlet: the bound parameters in, the cmdlet's output objects out. */
export type CmdletHandler<T> = (t: T, p: Params) => unknown[];

export const str = (p: Params, k: string): string | undefined =>
  p[k] === undefined || p[k] === null ? undefined : String(p[k]);
/** A bound value as text ('' for none): how the module prints an unset string property. */
export const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
/** A bound value as text, or null when unset or empty (an optional link to another object). */
export const orNull = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));
/** A per-user policy's identity as Get- prints it: `Tag:Name`, except the org-wide `Global`. */
export const policyTag = (name: string): string => (name.toLowerCase() === 'global' ? 'Global' : `Tag:${name}`);
export const has = (p: Params, k: string): boolean => Object.prototype.hasOwnProperty.call(p, k);
/** `Tag:Name` and bare names both identify a per-user policy. */
export const policyName = (identity: string): string => identity.replace(/^tag:/i, '');
export const need = (p: Params, k: string): string => {
  const v = str(p, k);
  if (v === undefined)
    throw new BackendError(`Cannot bind argument to parameter '${k}' because it is null.`, 'invalid');
  return v;
};
/** The object's name from the first of these parameters that was bound (policy tags stripped). */
export const nameParam = (p: Params, ...keys: string[]): string =>
  policyName(keys.map((k) => str(p, k)).find((v) => v !== undefined) ?? need(p, keys[0]!));
export const notFound = (what: string, id: string): never => {
  throw new BackendError(`Cannot find ${what} "${id}".`, 'not-found');
};
/** A bound value, else the current one (Set-* changes only what it is given). */
export const pick = <T>(p: Params, k: string, current: T, map: (v: unknown) => T): T =>
  has(p, k) ? map(p[k]) : current;

/**
 * What Get-CsCallQueue and Get-CsAutoAttendant give without -Identity: the objects whose name
 * contains -NameFilter, 100 a call ("gets the first 100"), paged with -First and -Skip.
 */
export function namedPage<T extends { name: string }>(all: T[], p: Params): T[] {
  const filter = str(p, 'NameFilter')?.toLowerCase();
  const skip = Number(p.Skip ?? 0);
  return all.filter((o) => !filter || o.name.toLowerCase().includes(filter)).slice(skip, skip + Number(p.First ?? 100));
}
