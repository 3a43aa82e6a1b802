import { identityAttribute, isUserKind } from '../addr/address.js';
import type { VoiceObject } from '../backends/backend.js';
import { kindDef, type ObjectKind } from '../kinds/registry.js';
import { canonicalJson } from './canonical-json.js';

/**
 * An object in the form the executor, the sim's conditional write and recovery compare: identity
 * attributes fold case, like Teams. Pure.
 */
export function comparable(kind: ObjectKind, o: VoiceObject | null | undefined): string {
  if (!o) return 'null';
  const folded: Record<string, unknown> = { ...o };
  // Teams renumbers route priorities as routes come and go: the raw value is no result to check.
  const order = kindDef(kind).orderedBy;
  if (order) delete folded[order.attribute];
  // FQDNs and UPNs fold case; other names do not (a case-only rename is a planned replace).
  const k = identityAttribute(kind);
  if (k !== 'name' && typeof folded[k] === 'string') folded[k] = (folded[k] as string).toLowerCase();
  return canonicalJson(folded);
}

/** Two states of one object are the same for every purpose Voiceform checks. */
export function sameObject(kind: ObjectKind, a: VoiceObject | null | undefined, b: VoiceObject | null | undefined): boolean {
  return comparable(kind, a) === comparable(kind, b);
}

/**
 * `o` is as a step from `before` to `after` may have left it: one of the two, or (a step cut short,
 * e.g. some of a user's grants written) each attribute as in one of them. Anything else is
 * someone else's change. Pure.
 */
export function withinStep(kind: ObjectKind, o: VoiceObject | null | undefined, before: VoiceObject | null, after: VoiceObject | null): boolean {
  if (sameObject(kind, o, before) || sameObject(kind, o, after)) return true;
  // A user without grants (or number) reads as no object: attribute by attribute, that is all null.
  // A tenant-wide object is created or deleted whole, never half.
  const none = isUserKind(kind) ? ({} as VoiceObject) : null;
  const [now, b, a] = [o ?? none, before ?? none, after ?? none];
  if (!now || !b || !a) return false;
  return attributesWithin(kind, now, b, a);
}

function attributesWithin(kind: ObjectKind, o: VoiceObject, before: VoiceObject, after: VoiceObject): boolean {
  const [now, b, a] = [o, before, after].map((x) => JSON.parse(comparable(kind, x)) as Record<string, unknown>);
  const keys = new Set([...Object.keys(now!), ...Object.keys(b!), ...Object.keys(a!)]);
  const value = (x: Record<string, unknown>, k: string) => canonicalJson(x[k] ?? null);
  return [...keys].every((k) => value(now!, k) === value(b!, k) || value(now!, k) === value(a!, k));
}
