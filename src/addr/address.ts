import { isObjectKind, kindDef, OBJECT_KINDS, type ObjectKind } from '../kinds/registry.js';
import type { IdentityAttribute } from '../kinds/kind-def.js';
import { identityKey } from '../kinds/identity.js';

export { OBJECT_KINDS, type ObjectKind } from '../kinds/registry.js';

export { identityKey, sameName } from '../kinds/identity.js';

const ADDRESS_RE = /^([A-Za-z]+)\[("(?:[^"\\]|\\.)*")\]$/s;

/**
 * One object of a tenant, Terraform-style: `voiceRoute["GB-London-National"]`. Typed from the
 * diff to the journal; its text form is only for people and for JSON (plans, journals), and is
 * read back once, where such a file is loaded.
 */
export class Address {
  private constructor(
    readonly kind: ObjectKind,
    readonly name: string,
  ) {}

  static of(kind: ObjectKind, name: string): Address {
    return new Address(kind, name);
  }

  /** The address of an object of a kind (its identity attribute names it). */
  static ofObject(kind: ObjectKind, o: object): Address {
    return new Address(kind, nameOf(kind, o));
  }

  /** Parses `kind["name"]`; undefined for anything else (an unknown kind included). */
  static parse(text: string): Address | undefined {
    const m = ADDRESS_RE.exec(text);
    if (!m || !isObjectKind(m[1]!)) return undefined;
    try {
      const name: unknown = JSON.parse(m[2]!);
      return typeof name === 'string' ? new Address(m[1]!, name) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Key for maps and sets: kinds differ, names fold case the way Teams compares identities. */
  get key(): string {
    return `${this.kind}\u0000${identityKey(this.name)}`;
  }

  equals(other: Address): boolean {
    return this.key === other.key;
  }

  /** Dependency order of the kinds, then the name's key. */
  compare(other: Address): number {
    return kindRank(this.kind) - kindRank(other.kind) || (this.key < other.key ? -1 : this.key > other.key ? 1 : 0);
  }

  toString(): string {
    return `${this.kind}[${JSON.stringify(this.name)}]`;
  }

  /** Plans and journals store the text form. */
  toJSON(): string {
    return this.toString();
  }
}

/** The name of an object of a kind: its identity attribute. */
export function nameOf(kind: ObjectKind, o: object): string {
  return (o as Record<string, string>)[identityAttribute(kind)]!;
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
