import type { SimTenantState } from '../backends/sim/sim-state.js';

/**
 * How real the emulator is. Lenient (the default for quick tries and unit-level tests): every
 * write is visible at once and every operation finishes at once. Strict (`sim serve --realism
 * strict`, the integration suite): Microsoft's documented asynchrony and shapes — see EMULATOR.md.
 */
export interface Realism {
  strict: boolean;
  /** Added to every cmdlet and Graph request. */
  latencyMs: number;
  /** How long a write takes to show in reads (strict only; default 1500). */
  visibilityMs: number;
}

export const LENIENT: Realism = { strict: false, latencyMs: 0, visibilityMs: 0 };

/** `--realism`, `--latency-ms`, `--visibility-ms` (or VOICEFORM_SIM_REALISM=strict). */
export function realismOf(options: {
  realism?: string;
  latencyMs?: string | number;
  visibilityMs?: string | number;
}): Realism {
  const strict = options.realism === 'strict';
  const number = (v: string | number | undefined, fallback: number) =>
    v === undefined || v === '' ? fallback : Math.max(0, Number(v));
  return {
    strict,
    latencyMs: number(options.latencyMs, 0),
    visibilityMs: strict ? number(options.visibilityMs, 1500) : 0,
  };
}

/**
 * What reads see: the tenant as it was `visibilityMs` ago (writes show late, as Teams' do). Keeps
 * the snapshots committed since then, and the one before them.
 */
export class Visibility {
  private snapshots: { at: number; state: SimTenantState }[] = [];

  constructor(
    private readonly realism: Realism,
    initial: SimTenantState,
    private readonly now: () => number = Date.now,
  ) {
    this.snapshots.push({ at: 0, state: structuredClone(initial) });
  }

  /** Records the state a write left. */
  committed(state: SimTenantState): void {
    if (this.realism.visibilityMs === 0) return;
    this.snapshots.push({ at: this.now(), state: structuredClone(state) });
    const horizon = this.now() - this.realism.visibilityMs;
    const firstVisible = this.snapshots.findLastIndex((s) => s.at <= horizon);
    if (firstVisible > 0) this.snapshots = this.snapshots.slice(firstVisible);
  }

  /** The state reads see now, or undefined when every write is visible at once (read the store). */
  visible(): SimTenantState | undefined {
    if (this.realism.visibilityMs === 0) return undefined;
    const horizon = this.now() - this.realism.visibilityMs;
    const i = this.snapshots.findLastIndex((s) => s.at <= horizon);
    return structuredClone(this.snapshots[Math.max(0, i)]!.state);
  }

  /** Where an asynchronous operation started `startedAt` is: before, during or after its run. */
  phase(startedAt: number): 'queued' | 'running' | 'done' {
    const age = this.now() - startedAt;
    if (!this.realism.strict || age >= this.realism.visibilityMs) return 'done';
    return age < this.realism.visibilityMs / 3 ? 'queued' : 'running';
  }
}
