import type { Address } from '../addr/address.js';
import type { ModelOf, ObjectKind } from '../kinds/registry.js';
import type { RenderedSpec } from '../kinds/spec-document.js';

export type ChangeAction = 'create' | 'update' | 'delete' | 'replace' | 'no-op';

/** One attribute that differs; values are JSON. */
export interface AttributeDiff {
  attribute: string;
  before: unknown;
  after: unknown;
}

/** A planned change to one object of kind K. `before` is null for a create, `after` null for a delete. */
export interface ChangeOf<K extends ObjectKind> {
  address: Address;
  kind: K;
  name: string;
  action: ChangeAction;
  before: ModelOf<K> | null;
  after: ModelOf<K> | null;
  diff: AttributeDiff[];
  /** What the reviewer must know about this change (e.g. it takes over an org-wide default). */
  note?: string;
}

/** A planned change, discriminated by `kind`: narrowing on the kind types `before` and `after`. */
export type Change = { [K in ObjectKind]: ChangeOf<K> }[ObjectKind];

export interface PlanSummary {
  add: number;
  change: number;
  destroy: number;
  replace: number;
  unchanged: number;
  unmanaged: number;
}

/**
 * Current JSON plan format; bumped on any incompatible change (apply refuses other versions).
 * 2: plans carry the rendered spec they were computed from.
 */
export const PLAN_FORMAT_VERSION = 2;

/**
 * The plan document: the versioned public contract (`plan --format json`, `plan --out`). The
 * text and markdown views are rendered from it.
 */
export interface Plan {
  formatVersion: number;
  toolVersion: string;
  tenant: { id: string; backend: string };
  specHash: string;
  /** Fingerprint of the state the plan was computed from; apply refuses a plan whose tenant moved on. */
  stateFingerprint: string;
  /** The users whose state the fingerprint covers (the spec's users). */
  users: string[];
  /** The spec file the plan was made from, when there was one (apply re-hashes it if it is there). */
  specFile?: string;
  createdAt: string;
  prune: boolean;
  summary: PlanSummary;
  /** Addresses of objects in the tenant that Voiceform does not manage and left alone. */
  unmanaged: string[];
  /** Changes in the order they will be applied (no-ops left out). */
  changes: Change[];
  /**
   * The rendered (template-free) spec the plan was computed from: `apply PLANFILE` computes the
   * changes again from it against the tenant and refuses a plan file whose changes differ (edited
   * by hand). Absent from the plans rollback and resume make for themselves.
   */
  rendered?: RenderedSpec['spec'];
  /**
   * What the plan will not change but alters what the spec means: Voiceform's objects the spec
   * dropped while prune is off, unmanaged routes in the spec's PSTN usages (absent when none).
   * `plan --detailed-exitcode` exits 2 for it as for changes.
   */
  drift?: { address: string; reason: string }[];
  /** What the reviewer should know that does not stop the plan (absent when there is nothing). */
  warnings?: { path: string; rule: string; message: string }[];
}
