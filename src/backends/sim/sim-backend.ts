import type { Address } from '../../addr/address.js';
import type { Change } from '../../plan/plan-types.js';
import type { CurrentState, UserPolicy } from '../../model/tenant-state.js';
import type { BatchOutcome, ReadScope, TenantReaderWriter } from '../backend.js';
import type { VoiceObject } from '../../kinds/registry.js';
import { changedSincePlan } from '../../errors.js';
import { sameObject } from '../../plan/same-object.js';
import { readSimObject, readSimState } from './sim-read.js';
import { SimFaults } from './sim-faults.js';
import { SIM_KINDS } from './sim-kinds.js';
import { SimStore } from './sim-store.js';
import { SimTenant } from './sim-tenant.js';
import { applyChangeToSim, releaseOf } from './sim-write.js';

/** The embedded default backend: a simulated tenant in one JSON file. */
export class SimBackend implements TenantReaderWriter {
  readonly description: string;
  readonly sharedFile: string;
  private readonly store: SimStore;
  private tenant: SimTenant | undefined;

  constructor(
    readonly file: string,
    private readonly faults: SimFaults = new SimFaults(),
  ) {
    this.store = new SimStore(file);
    this.description = `sim:${file}`;
    this.sharedFile = file;
  }

  private async current(): Promise<SimTenant> {
    const state = await this.store.load();
    if (this.tenant?.state !== state) this.tenant = new SimTenant(state);
    return this.tenant;
  }

  async read(scope: ReadScope): Promise<CurrentState> {
    return readSimState(await this.current(), scope);
  }

  async readGrantHolders(): Promise<UserPolicy[]> {
    const tenant = await this.current();
    // As Get-CsOnlineUser -Filter "<policy> -ne $null" would: people only, each with a grant of their own.
    return tenant.state.users
      .filter((u) => u.accountType === undefined)
      .map((u) => SIM_KINDS.userPolicy.read(tenant, u))
      .filter((p): p is UserPolicy => p !== null);
  }

  async readObjects(addresses: readonly Address[]): Promise<(VoiceObject | null)[]> {
    const tenant = await this.current();
    return addresses.map((a) => readSimObject(tenant, a));
  }

  /**
   * The changes in one update of the tenant file (one write, not one per change), in order,
   * stopping at the first failure: what was done before it is saved, the rest skipped. Each is
   * written only while its object is still as the plan saw it (compare-and-write under the file's
   * lock: an admin editing the file, as the Teams admin center would, or another Voiceform, may
   * have changed it since the executor's re-read, e.g. while this write was delayed). Numbers a
   * change gives up are released before any is assigned (a swap, a leaver's number handed on).
   * Fault injection still counts each change: a crash-at change is saved, then the process dies.
   */
  async writeMany(changes: Change[]): Promise<BatchOutcome[]> {
    await this.faults.hold();
    for (let i = 0; i < changes.length; i++) await this.faults.delay();
    const outcomes: BatchOutcome[] = changes.map(() => ({ status: 'skipped' }));
    await this.store.update((state) => {
      let tenant = new SimTenant(state);
      const stale = changes.findIndex((c) => !sameObject(c.kind, readSimObject(tenant, c.address), c.before));
      let upTo = stale < 0 ? changes.length : stale;
      if (stale >= 0) outcomes[stale] = { status: 'failed', error: changedSincePlan(String(changes[stale]!.address)) };
      for (let k = 0; k < upTo; k++) {
        try {
          releaseOf(changes[k]!)?.(tenant);
        } catch (err) {
          outcomes[k] = { status: 'failed', error: err as Error };
          upTo = k;
        }
      }
      for (let k = 0; k < upTo; k++) {
        const change = changes[k]!;
        try {
          this.faults.check();
          if (change.action === 'replace') {
            // A replace is two operations; run it on a copy so a refused create leaves nothing half-done.
            const copy = structuredClone(state);
            applyChangeToSim(new SimTenant(copy), change);
            Object.assign(state, copy);
            tenant = new SimTenant(state);
          } else applyChangeToSim(tenant, change);
          outcomes[k] = { status: 'done' };
        } catch (err) {
          outcomes[k] = { status: 'failed', error: err as Error };
          return;
        }
        if (this.faults.crashDue) return;
      }
    });
    this.faults.afterWrite();
    return outcomes;
  }

  async close(): Promise<void> {}
}
