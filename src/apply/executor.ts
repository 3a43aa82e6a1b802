import { identityAttribute, isUserKind } from '../addr/address.js';
import { kindDef } from '../kinds/registry.js';
import { BackendError, type VoiceformError } from '../errors.js';
import type { TenantReaderWriter, VoiceObject } from '../backends/backend.js';
import { canonicalJson } from '../plan/canonical-json.js';
import type { Change } from '../plan/plan-types.js';
import type { ApplyEvent, ApplyListener } from './apply-events.js';

export interface ExecutionResult {
  status: 'applied' | 'failed' | 'interrupted';
  done: number;
  failed?: { change: Change; error: string };
}

export interface ExecuteOptions {
  listeners: ApplyListener[];
  /** Checked between steps: when it says so, the current step finishes and the rest waits. */
  interrupted?: () => boolean;
  /** Most user changes sent in one batch (Teams batch policy assignment takes ≤ 5,000). */
  batchSize?: number;
  /** How long a write may take to show in reads (default READ_BACK). */
  readBack?: ReadBackPolicy;
}

/** Waits between read-backs, and the budget per kind after which "no effect" is a failure. */
export interface ReadBackPolicy {
  delaysMs: number[];
  budgetMs(kind: Change['kind']): number;
}

/**
 * Teams is eventually consistent: a write shows in reads after seconds (configuration) to
 * minutes (numbers, policy grants: batch assignments and number operations are asynchronous).
 * Only a budget exhausted is "no effect".
 */
export const READ_BACK: ReadBackPolicy = {
  delaysMs: [250, 500, 1000, 2000, 5000, 10_000],
  budgetMs: (kind) => (isUserKind(kind) ? 10 * 60_000 : 2 * 60_000),
};

/** Objects compared for the before/after checks: identity attributes fold case, like Teams. */
function comparable(kind: Change['kind'], o: VoiceObject | null): string {
  if (!o) return 'null';
  const folded: Record<string, unknown> = { ...o };
  // Teams renumbers route priorities as routes come and go: the raw value is no result to check.
  const order = kindDef(kind).orderedBy;
  if (order) delete folded[order.attribute];
  // FQDNs and UPNs fold case; other names do not (a case-only rename is a planned replace).
  const k = identityAttribute(kind);
  if (k !== 'name' && typeof folded[k] === 'string') folded[k] = (folded[k] as string).toLowerCase();
  return canonicalJson(folded);
}

const drifted = (c: Change): Error => new BackendError(`${c.address} changed in the tenant since the plan was made; not touching it`, 'invalid', { hint: 'plan again' });
const noEffect = (c: Change): Error => new BackendError(`${c.address}: the write reported success but the tenant does not show the planned result`, 'other');

/**
 * Runs changes in order through a TenantWriter. Before each write it re-reads the object and
 * checks it still equals `before` (someone else may have changed it); after the write it reads
 * back until it shows `after`, within a budget per kind (a cmdlet that "succeeds" without effect
 * is a known Teams failure; one whose effect shows late is Teams' eventual consistency).
 * Consecutive changes of one kind go as one batch when the backend can (same checks, per
 * object). Stops at the first failure. Emits events; writes no journal or output itself.
 */
export async function executeChanges(changes: Change[], backend: TenantReaderWriter, options: ExecuteOptions): Promise<ExecutionResult> {
  const emit = (e: ApplyEvent): void => options.listeners.forEach((l) => l(e));
  const total = changes.length;
  const batchSize = options.batchSize ?? 1000;
  emit({ type: 'start', total });
  let i = 0;
  while (i < total) {
    if (options.interrupted?.()) {
      emit({ type: 'finish', status: 'interrupted', done: i, total });
      return { status: 'interrupted', done: i };
    }
    let n = 1;
    // Changes of one kind never depend on each other (dependency order is between kinds).
    const sameGroup = (c: Change) => c.kind === changes[i]!.kind && (c.action === 'delete') === (changes[i]!.action === 'delete');
    while (i + n < total && n < batchSize && sameGroup(changes[i + n]!)) n++;
    const chunk = changes.slice(i, i + n);
    chunk.forEach((change, k) => emit({ type: 'step-started', step: i + k + 1, total, change }));
    // Every intent of the batch is on disk before its first write.
    emit({ type: 'checkpoint' });
    const errors = await runBatch(chunk, backend, options.readBack ?? READ_BACK);
    for (let k = 0; k < n; k++) {
      const error = errors[k];
      const step = i + k + 1;
      if (error === undefined) emit({ type: 'step-done', step, total, change: chunk[k]! });
      else if (error !== null) emit({ type: 'step-failed', step, total, change: chunk[k]!, error: (error as VoiceformError).message ?? String(error) });
    }
    emit({ type: 'checkpoint' });
    if (errors.some((e) => e !== undefined)) {
      const firstFailure = Math.max(0, errors.findIndex((e) => e instanceof Error));
      const error = errors[firstFailure] ?? new Error('not attempted');
      const done = i + errors.filter((e) => e === undefined).length;
      emit({ type: 'finish', status: 'failed', done, total });
      return { status: 'failed', done, failed: { change: chunk[firstFailure]!, error: error.message } };
    }
    i += n;
  }
  emit({ type: 'finish', status: 'applied', done: total, total });
  return { status: 'applied', done: total };
}

/** A batch with per-change checks: undefined = done, Error = failed, null = not attempted. */
async function runBatch(chunk: Change[], backend: TenantReaderWriter, readBack: ReadBackPolicy): Promise<(Error | undefined | null)[]> {
  try {
    const now = await backend.readObjects(chunk.map((c) => c.address));
    const stale = chunk.findIndex((c, k) => comparable(c.kind, now[k] ?? null) !== comparable(c.kind, c.before));
    if (stale >= 0) return chunk.map((c, k) => (k === stale ? drifted(c) : null));
    const outcomes = await backend.writeMany(chunk);
    const written = chunk.filter((_, k) => outcomes[k]!.status === 'done');
    const shown = await awaitReadBack(written, backend, readBack);
    return chunk.map((c, k) => {
      const o = outcomes[k]!;
      if (o.status === 'skipped') return null;
      if (o.status === 'failed') return o.error;
      return shown.has(c) ? undefined : noEffect(c);
    });
  } catch (err) {
    return chunk.map((_, k) => (k === 0 ? (err as Error) : null));
  }
}

/** The written changes whose `after` the tenant shows, re-reading the others with backoff until the kind's budget runs out. */
async function awaitReadBack(written: Change[], backend: TenantReaderWriter, readBack: ReadBackPolicy): Promise<Set<Change>> {
  const shown = new Set<Change>();
  const started = Date.now();
  let waiting = written;
  for (let attempt = 0; waiting.length > 0; attempt++) {
    const read = await backend.readObjects(waiting.map((c) => c.address));
    waiting = waiting.filter((c, k) => {
      const ok = comparable(c.kind, read[k] ?? null) === comparable(c.kind, c.after);
      if (ok) shown.add(c);
      return !ok && Date.now() - started < readBack.budgetMs(c.kind);
    });
    if (waiting.length > 0) await new Promise((r) => setTimeout(r, readBack.delaysMs[Math.min(attempt, readBack.delaysMs.length - 1)]));
  }
  return shown;
}
