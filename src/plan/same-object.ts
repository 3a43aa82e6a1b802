import { identityAttribute, isUserKind } from '../addr/address.js';
import type { VoiceObject } from '../kinds/registry.js';
import { kindDef, type ObjectKind } from '../kinds/registry.js';
import { canonicalJson } from './canonical-json.js';

/**
 * An object in the form the executor, the sim's conditional write and recovery compare: identity
 * attributes fold case, like Teams. Pure.
 */
export function comparable(kind: ObjectKind, o: VoiceObject | null | undefined): string {
  if (!o || isEmptyUserObject(kind, o)) return 'null';
  const folded: Record<string, unknown> = { ...o };
  // Teams renumbers route priorities as routes come and go: the raw value is no result to check.
  const order = kindDef(kind).orderedBy;
  if (order) delete folded[order.attribute];
  // Identities fold case, as Teams compares them (a case-only difference is no difference).
  const k = identityAttribute(kind);
  if (typeof folded[k] === 'string') folded[k] = (folded[k] as string).toLowerCase();
  for (const a of kindDef(kind).caseless ?? []) if (a in folded) folded[a] = foldNames(folded[a]);
  return canonicalJson(folded);
}

/**
 * A per-user object with nothing in it (a user with no grants of their own): Teams has no such
 * object to show, so it reads as none, and is none for every comparison.
 */
export function isEmptyUserObject(kind: ObjectKind, o: object): boolean {
  if (!isUserKind(kind)) return false;
  const id = identityAttribute(kind);
  return Object.entries(o).every(([k, v]) => k === id || v === null || v === undefined);
}

/** Two states of one object are the same for every purpose Voiceform checks. */
export function sameObject(
  kind: ObjectKind,
  a: VoiceObject | null | undefined,
  b: VoiceObject | null | undefined,
): boolean {
  return comparable(kind, a) === comparable(kind, b);
}

/**
 * `o` is as a step from `before` to `after` may have left it: one of the two, or (a step cut short,
 * e.g. some of a user's grants written) each attribute as in one of them. Anything else is
 * someone else's change. Pure.
 */
export function withinStep(
  kind: ObjectKind,
  o: VoiceObject | null | undefined,
  before: VoiceObject | null,
  after: VoiceObject | null,
): boolean {
  if (sameObject(kind, o, before) || sameObject(kind, o, after)) return true;
  // Released, not yet given: the first half of the step (see KindDef.releasedFirst).
  if (kindDef(kind).releasedFirst && sameObject(kind, o, null)) return true;
  // A user without grants (or number) reads as no object: attribute by attribute, that is all null.
  // A tenant-wide object is created or deleted whole, never half.
  const none = isUserKind(kind) ? ({} as VoiceObject) : null;
  const [now, b, a] = [o ?? none, before ?? none, after ?? none];
  if (!now || !b || !a) return false;
  return attributesWithin(kind, now, b, a);
}

function attributesWithin(kind: ObjectKind, o: VoiceObject, before: VoiceObject, after: VoiceObject): boolean {
  // An empty per-user object compares as none: attribute by attribute, all null.
  const [now, b, a] = [o, before, after].map((x) => (JSON.parse(comparable(kind, x)) ?? {}) as Record<string, unknown>);
  const keys = new Set([...Object.keys(now!), ...Object.keys(b!), ...Object.keys(a!)]);
  const value = (x: Record<string, unknown>, k: string) => canonicalJson(x[k] ?? null);
  return [...keys].every((k) => value(now!, k) === value(b!, k) || value(now!, k) === value(a!, k));
}

/** Names (a string or a list of them) in one case, as Teams compares them. */
export function foldNames(v: unknown): unknown {
  if (typeof v === 'string') return v.toLowerCase();
  if (Array.isArray(v)) return v.map(foldNames);
  return v ?? null;
}
