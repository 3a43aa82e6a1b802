import { isObjectKind, kindDef, OBJECT_KINDS, type ObjectKind } from '../kinds/registry.js';
import type { IdentityAttribute } from '../kinds/kind-def.js';

/**
 * Addresses name one object of a tenant, Terraform-style: `voiceRoute["GB-London-National"]`.
 * The key is compared case-insensitively (Teams identities are), the display keeps the case.
 */
export { OBJECT_KINDS, type ObjectKind } from '../kinds/registry.js';

export interface Address {
  kind: ObjectKind;
  name: string;
}

export function formatAddress(a: Address): string {
  return `${a.kind}[${JSON.stringify(a.name)}]`;
}

const ADDRESS_RE = /^([A-Za-z]+)\[("(?:[^"\\]|\\.)*")\]$/s;

/** Parses `kind["name"]`; returns undefined for anything else. */
export function parseAddress(text: string): Address | undefined {
  const m = ADDRESS_RE.exec(text);
  if (!m) return undefined;
  const kind = m[1]!;
  if (!isObjectKind(kind)) return undefined;
  try {
    const name: unknown = JSON.parse(m[2]!);
    return typeof name === 'string' ? { kind, name } : undefined;
  } catch {
    return undefined;
  }
}

/** Key for maps: kinds differ, names fold case the way Teams compares identities. */
export function uniqueKey(a: Address): string {
  return `${a.kind}\u0000${a.name.toLowerCase()}`;
}

/** Per-user kinds: never pruned; their identity is the UPN. */
export function isUserKind(kind: ObjectKind): boolean {
  return kindDef(kind).ownership === 'per-user';
}

/** The attribute that names an object of a kind (Teams compares it case-insensitively). */
export function identityAttribute(kind: ObjectKind): IdentityAttribute {
  return kindDef(kind).identity;
}

/** A kind's place in dependency order (creates ascending, deletes descending). */
export function kindRank(kind: ObjectKind): number {
  return OBJECT_KINDS.indexOf(kind);
}
