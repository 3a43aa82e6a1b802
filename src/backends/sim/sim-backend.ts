import type { Change } from '../../plan/plan-types.js';
import type { CurrentState } from '../../model/tenant-state.js';
import type { BatchOutcome, ReadScope, TenantReaderWriter, VoiceObject } from '../backend.js';
import { readSimObject, readSimState } from './sim-read.js';
import { SimFaults } from './sim-faults.js';
import { SimStore } from './sim-store.js';
import { SimTenant } from './sim-tenant.js';
import { applyChangeToSim } from './sim-write.js';

/** The embedded default backend: a simulated tenant in one JSON file. */
export class SimBackend implements TenantReaderWriter {
  readonly description: string;
  private readonly store: SimStore;
  private tenant: SimTenant | undefined;

  constructor(
    readonly file: string,
    private readonly faults: SimFaults = new SimFaults(),
  ) {
    this.store = new SimStore(file);
    this.description = `sim:${file}`;
  }

  private async current(): Promise<SimTenant> {
    const state = await this.store.load();
    if (this.tenant?.state !== state) this.tenant = new SimTenant(state);
    return this.tenant;
  }

  async read(scope: ReadScope): Promise<CurrentState> {
    return readSimState(await this.current(), scope);
  }

  async readObjects(addresses: string[]): Promise<(VoiceObject | null)[]> {
    const tenant = await this.current();
    return addresses.map((a) => readSimObject(tenant, a));
  }

  /** One write per change, stopping at the first failure (so fault injection counts each). */
  async writeMany(changes: Change[]): Promise<BatchOutcome[]> {
    const outcomes: BatchOutcome[] = [];
    for (const change of changes) {
      if (outcomes.some((o) => o.status === 'failed')) {
        outcomes.push({ status: 'skipped' });
        continue;
      }
      try {
        await this.writeOne(change);
        outcomes.push({ status: 'done' });
      } catch (err) {
        outcomes.push({ status: 'failed', error: err as Error });
      }
    }
    return outcomes;
  }

  private async writeOne(change: Change): Promise<void> {
    await this.faults.beforeWrite();
    await this.store.update((state) => {
      // A replace is two operations; run it on a copy so a refused create leaves nothing half-done.
      const working = change.action === 'replace' ? structuredClone(state) : state;
      applyChangeToSim(new SimTenant(working), change);
      if (working !== state) Object.assign(state, working);
    });
    this.faults.afterWrite();
  }

  async close(): Promise<void> {}
}
