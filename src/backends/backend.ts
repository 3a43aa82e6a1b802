import type { CurrentState } from '../model/tenant-state.js';
import type { Change } from '../plan/plan-types.js';

/** Which users to read besides the tenant-wide voice objects (a real tenant has many). */
export interface ReadScope {
  users: readonly string[] | 'all';
}

/** Reads a tenant. `plan` and `export` get only this. */
export interface TenantReader {
  /** e.g. `sim:/path/tenant.json`, recorded in plans and journals. */
  readonly description: string;
  read(scope: ReadScope): Promise<CurrentState>;
  /** One object by address, in the model's shape, or null when absent. */
  readObject(address: string): Promise<Record<string, unknown> | null>;
  /** Many user objects (userNumber / userPolicy addresses) in one round trip, in order. */
  readObjects?(addresses: string[]): Promise<(Record<string, unknown> | null)[]>;
}

/** What became of one change of a batch: done, failed (with why), or never attempted. */
export type BatchOutcome = { status: 'done' } | { status: 'failed'; error: Error } | { status: 'skipped' };

/** Writes one planned change. Only apply / rollback / resume get one. */
export interface TenantWriter {
  write(change: Change): Promise<void>;
  /**
   * Many changes of one user kind at once (numbers in one session call, grants as batch policy
   * assignments). Outcomes come back in order; after a failure the rest may be skipped.
   */
  writeMany?(changes: Change[]): Promise<BatchOutcome[]>;
}

export interface TenantBackend extends TenantReader, TenantWriter {
  /** Round trips to the tenant's tooling so far (pwsh invocations, HTTP requests), when counted. */
  readonly roundTrips?: number;
  close(): Promise<void>;
}
