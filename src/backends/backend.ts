import type { Address } from '../addr/address.js';
import type { VoiceObject } from '../kinds/registry.js';
import type { CurrentState, UserPolicy } from '../model/tenant-state.js';
import type { Change } from '../plan/plan-types.js';

/** Which users to read besides the tenant-wide voice objects (a real tenant has many). */
export interface ReadScope {
  users: readonly string[] | 'all';
}

/** Reads a tenant. `plan`, `export` and `validate` get only this. */
export interface TenantReader {
  /** e.g. `sim:/path/tenant.json`, recorded in plans and journals. */
  readonly description: string;
  read(scope: ReadScope): Promise<CurrentState>;
  /** Objects by address, in the model's shape (null when absent), in one round trip where possible. */
  readObjects(addresses: readonly Address[]): Promise<(VoiceObject | null)[]>;
  /** Round trips to the tenant's tooling so far (pwsh invocations), when counted. */
  readonly roundTrips?: number;
  /**
   * Every user who holds a voice policy of their own (any grant other than Global), with their
   * grants: how a plan finds people the spec does not list who still hold its policies.
   */
  readGrantHolders?(): Promise<UserPolicy[]>;
  close(): Promise<void>;
}

/** What became of one change of a batch: done, failed (with why), or never attempted. */
export type BatchOutcome = { status: 'done' } | { status: 'failed'; error: Error } | { status: 'skipped' };

/**
 * Writes planned changes. Only apply / rollback / resume get one, and always with a reader: every
 * write is checked against a fresh read before and after.
 */
export interface TenantWriter {
  /** The tenant is this file, which several Voiceform homes may open (the sim): lock beside it. */
  readonly sharedFile?: string;
  /**
   * Changes of one kind at once (one pwsh invocation, numbers through Graph, grants as batch
   * policy assignments). Outcomes come back in order; after a failure the rest may be skipped.
   */
  writeMany(changes: Change[]): Promise<BatchOutcome[]>;
}

/** A tenant opened for apply, rollback or resume. */
export type TenantReaderWriter = TenantReader & TenantWriter;
