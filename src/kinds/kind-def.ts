import type { Problem } from '../errors.js';
import { isMarked, markDescription, unmarkDescription } from './ownership.js';
import type { Spec } from './spec-document.js';

/** The attribute that names an object; Teams compares it case-insensitively. */
export type IdentityAttribute = 'name' | 'fqdn' | 'upn';

/**
 * How Voiceform tells its own objects from an admin's: a marker in the Description, for PSTN usages
 * (no Description) "referenced only by marked routes and policies", and never for per-user kinds
 * (those are in the plan only when the spec names the user) or tenant settings (one per tenant,
 * always there: managed when the spec names it, never created or removed). Resource accounts carry
 * an owner tag (resource-account.ts); auto attendants, call queues and resource account numbers,
 * which have no Description, are Voiceform's when a resource account of theirs is; an emergency
 * address's places (no Description either) when the address is.
 */
export type Ownership =
  | 'description-marker'
  | 'usage-references'
  | 'per-user'
  | 'tenant-setting'
  | 'owner-tag'
  | 'resource-account'
  | 'emergency-address';

/** A name one spec object refers to, with the JSON Pointer (relative to the object) that holds it. */
export interface SpecReference {
  kind: string;
  name: string;
  path: string;
}

/**
 * Everything Voiceform knows about one kind of object, in one place (Terraform's provider schema,
 * cdk's DIFF_HANDLERS). `T` is the model (what plans compare), `S` the spec entry.
 */
export interface KindDef<K extends string, L extends string, T extends object, S = unknown> {
  readonly kind: K;
  /** The TenantVoiceState list holding the kind, and the spec array of the same name (if any). */
  readonly list: L;
  /** Words for messages: `voice route`. */
  readonly label: string;
  readonly identity: IdentityAttribute;
  /** The spec entry's field that names it, when not the identity (a trusted IP's `address`). */
  readonly specIdentity?: string;
  readonly ownership: Ownership;
  /**
   * The kinds whose objects this kind's objects need to exist (a route needs its gateways and
   * usages). Kinds neither of which needs the other are written at the same time: a route, a
   * voice routing policy and a dial plan need only usages, so an apply sends them at once.
   */
  readonly dependsOn: readonly string[];
  /**
   * Attributes that hold names of other Teams objects (a user's granted policies, a route's
   * usages): Teams compares those without case, so a case-only difference is no difference.
   */
  readonly caseless?: readonly string[];
  /**
   * A change of this kind gives up the old value before the new one is set (a user's number is
   * released before any number of the batch is assigned): mid-step, the object may be none.
   */
  readonly releasedFirst?: boolean;
  /** Teams limits that the spec is checked against and the simulated tenant enforces. */
  readonly limits?: Readonly<Record<string, number>>;
  /** The desired objects of a rendered (template-free) spec. Pure. */
  fromSpec(spec: Spec): T[];
  /** The spec entry an exported object becomes (objects of per-user kinds are exported with users). */
  toSpec?(o: T): S;
  /**
   * Attributes whose raw value does not matter (the diff and the executor compare this
   * projection): a route's priority, which Teams renumbers, counts only as an order among the
   * routes that share a usage (diff-tenant.ts compares that).
   */
  readonly orderedBy?: { attribute: string; within(o: T): string[] };
  /** Objects a model object refers to (PSTN usage ownership is decided by who refers to a usage). */
  uses?(o: T): { kind: string; name: string }[];
  /** Names a spec entry refers to, checked against the spec (`references` rule). */
  references?(o: S): SpecReference[];
  /**
   * Rules beyond the schema for one spec entry. `where` turns a path inside the entry into the
   * JSON Pointer to report (the template's, for rendered entries).
   */
  checkSpecEntry?(o: S, where: (suffix: string) => string): Problem[];
}

/** Each repeated value (by `key`) with the index of its first occurrence: [index, firstIndex]. */
export function repeats<T>(values: T[], key: (v: T) => string): [number, number][] {
  const first = new Map<string, number>();
  const out: [number, number][] = [];
  values.forEach((v, i) => {
    const prev = first.get(key(v));
    if (prev === undefined) first.set(key(v), i);
    else out.push([i, prev]);
  });
  return out;
}

/** The Description stored in the tenant: marked as Voiceform's unless the spec says `owned: false`. */
export function describe(o: { description?: string; owned?: boolean }): string {
  return o.owned === false ? (o.description ?? '') : markDescription(o.description);
}

/** Spec fields for a stored Description: its text, and `owned: false` when it is not Voiceform's. */
export function exportDescription(stored: string): { description?: string; owned?: false } {
  if (isMarked(stored)) {
    const text = unmarkDescription(stored);
    return text ? { description: text } : {};
  }
  return { owned: false, ...(stored ? { description: stored } : {}) };
}
