import { existsSync } from 'node:fs';
import { BackendError } from '../../errors.js';

/**
 * Fault injection for the simulated tenant (a testing aid, documented in README):
 * `VOICEFORM_SIM_FAULTS=fail-at=N,crash-at=N,latency-ms=N`.
 * - fail-at=N: the Nth write of this process fails with a backend error, touching nothing;
 * - crash-at=N: the process kills itself (SIGKILL) right after the Nth write reached the tenant
 *   file, before anyone could journal its outcome;
 * - latency-ms=N: every write waits N ms first;
 * - hold-file=PATH: every write of the tenant file (after the first `hold-after=N`) waits while PATH exists: a test
 *   holds an apply open on a state it controls, not on the machine's speed, and deletes the file
 *   to let it go on;
 * - graph-429-every=N, graph-503-every=N: every Nth Graph request is throttled / unavailable
 *   (with Retry-After); graph-batch-429-every=N: every Nth inner $batch response is 429.
 */
export class SimFaults {
  private writes = 0;
  private held = 0;

  constructor(
    readonly failAt?: number,
    readonly crashAt?: number,
    readonly latencyMs = 0,
    /** Graph emulator: every Nth request answers 429 / 503; every Nth inner $batch response 429. */
    readonly graph: { every429?: number; every503?: number; batchEvery429?: number } = {},
    readonly holdFile?: string,
    readonly holdAfter = 0,
  ) {}

  static parse(spec: string | undefined): SimFaults {
    const values = new Map<string, number>();
    let holdFile: string | undefined;
    for (const part of (spec ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const m = /^([a-z0-9-]+)=(\d+)$/.exec(part);
      if (m) values.set(m[1]!, Number(m[2]));
      else if (part.startsWith('hold-file=')) holdFile = part.slice('hold-file='.length);
    }
    return new SimFaults(
      values.get('fail-at'),
      values.get('crash-at'),
      values.get('latency-ms') ?? 0,
      {
        every429: values.get('graph-429-every'),
        every503: values.get('graph-503-every'),
        batchEvery429: values.get('graph-batch-429-every'),
      },
      holdFile,
      values.get('hold-after') ?? 0,
    );
  }

  async beforeWrite(): Promise<void> {
    await this.hold();
    await this.delay();
    this.check();
  }

  /** One write of the tenant (a batch of the sim, a request of the emulator): held while the hold file is there. */
  async hold(): Promise<void> {
    this.held++;
    while (this.holdFile && this.held > this.holdAfter && existsSync(this.holdFile))
      await new Promise((r) => setTimeout(r, 20));
  }

  /** The injected latency of one write. */
  async delay(): Promise<void> {
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
  }

  /** Counts one write; throws the injected failure at the fail-at write. */
  check(): void {
    this.writes++;
    if (this.failAt === this.writes)
      throw new BackendError(`injected failure at write ${this.writes} (VOICEFORM_SIM_FAULTS fail-at)`, 'other');
  }

  /** True when the write just counted is the crash-at one (the caller saves, then calls afterWrite). */
  get crashDue(): boolean {
    return this.crashAt === this.writes;
  }

  afterWrite(): void {
    if (this.crashAt === this.writes) process.kill(process.pid, 'SIGKILL');
  }
}
