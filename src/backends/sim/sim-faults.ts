import { BackendError } from '../../errors.js';

/**
 * Fault injection for the simulated tenant (a testing aid, documented in README):
 * `VOICEFORM_SIM_FAULTS=fail-at=N,crash-at=N,latency-ms=N`.
 * - fail-at=N: the Nth write of this process fails with a backend error, touching nothing;
 * - crash-at=N: the process kills itself (SIGKILL) right after the Nth write reached the tenant
 *   file, before anyone could journal its outcome;
 * - latency-ms=N: every write waits N ms first.
 */
export class SimFaults {
  private writes = 0;

  constructor(
    readonly failAt?: number,
    readonly crashAt?: number,
    readonly latencyMs = 0,
  ) {}

  static parse(spec: string | undefined): SimFaults {
    const values = new Map<string, number>();
    for (const part of (spec ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      const m = /^([a-z0-9-]+)=(\d+)$/.exec(part);
      if (m) values.set(m[1]!, Number(m[2]));
    }
    return new SimFaults(values.get('fail-at'), values.get('crash-at'), values.get('latency-ms') ?? 0);
  }

  static fromEnv(): SimFaults {
    return SimFaults.parse(process.env.VOICEFORM_SIM_FAULTS);
  }

  async beforeWrite(): Promise<void> {
    this.writes++;
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    if (this.failAt === this.writes) throw new BackendError(`injected failure at write ${this.writes} (VOICEFORM_SIM_FAULTS fail-at)`, 'other');
  }

  afterWrite(): void {
    if (this.crashAt === this.writes) process.kill(process.pid, 'SIGKILL');
  }
}
