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
}

/** Writes one planned change. Only apply / rollback / resume get one. */
export interface TenantWriter {
  write(change: Change): Promise<void>;
}

export interface TenantBackend extends TenantReader, TenantWriter {
  close(): Promise<void>;
}
