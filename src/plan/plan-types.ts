import type { ObjectKind } from '../addr/address.js';

export type ChangeAction = 'create' | 'update' | 'delete' | 'replace' | 'no-op';

/** One attribute that differs; values are JSON. */
export interface AttributeDiff {
  attribute: string;
  before: unknown;
  after: unknown;
}

/** A planned change to one object. `before` is null for a create, `after` null for a delete. */
export interface Change {
  address: string;
  kind: ObjectKind;
  name: string;
  action: ChangeAction;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  diff: AttributeDiff[];
}

export interface PlanSummary {
  add: number;
  change: number;
  destroy: number;
  replace: number;
  unchanged: number;
  unmanaged: number;
}

/** Current JSON plan format; bumped on any incompatible change (apply refuses other versions). */
export const PLAN_FORMAT_VERSION = 1;

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
}
