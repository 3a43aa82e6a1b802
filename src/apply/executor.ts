import { isUserKind } from '../addr/address.js';
import { independent, kindDef } from '../kinds/registry.js';
import { isMarked, OWNER_MARKER } from '../kinds/ownership.js';
import { BackendError, changedSincePlan, type VoiceformError } from '../errors.js';
import type { TenantReaderWriter } from '../backends/backend.js';
import type { VoiceObject } from '../kinds/registry.js';
import { sameObject } from '../plan/same-object.js';
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
  /** Most changes of one kind sent in one batch (Teams batch policy assignment takes ≤ 5,000). */
  batchSize?: number;
  /** How long a write may take to show in reads (default READ_BACK). */
  readBack?: ReadBackPolicy;
  /**
   * Recovery (rollback, resume) may delete an unmarked object: one it created itself from an
   * `owned: false` spec entry, checked to be exactly as Voiceform left it. An apply never may.
   */
  recovery?: boolean;
  /** Awaited after each checkpoint: what the listeners wrote is durable everywhere it goes (a journal's mirror) before the run goes on. */
  checkpoint?: () => Promise<void>;
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

/**
 * Ownership at execution, not only at planning: only Voiceform's own objects (marked) are ever
 * deleted, whatever a plan says. Usages carry no marker (the plan decides them by references)
 * and per-user objects are in a plan only when the spec names the user.
 */
function deletable(kind: Change['kind'], o: VoiceObject | null | undefined): boolean {
  if (kindDef(kind).ownership !== 'description-marker') return true;
  return isMarked((o as { description?: string } | null | undefined)?.description);
}

const notOurs = (c: Change): Error =>
  new BackendError(
    `${c.address} is not Voiceform's (no ${OWNER_MARKER} marker in its description); refusing to delete it`,
    'invalid',
    { hint: 'objects Voiceform did not create are never deleted' },
  );

const noEffect = (c: Change): Error =>
  new BackendError(`${c.address}: the write reported success but the tenant does not show the planned result`, 'other');

/**
 * Runs changes in order through a TenantWriter. Before each write it re-reads the object and
 * checks it still equals `before` (someone else may have changed it); after the write it reads
 * back until it shows `after`, within a budget per kind (a cmdlet that "succeeds" without effect
 * is a known Teams failure; one whose effect shows late is Teams' eventual consistency).
 * Consecutive changes of one kind go as one batch when the backend can (same checks, per
 * object). Stops at the first failure. Emits events; writes no journal or output itself.
 */
export async function executeChanges(
  changes: Change[],
  backend: TenantReaderWriter,
  options: ExecuteOptions,
): Promise<ExecutionResult> {
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
    // Changes of one kind never depend on each other (dependency order is between kinds), nor do
    // changes of kinds the registry declares independent: those go at the same time.
    const perKind = new Map([[changes[i]!.kind, 1]]);
    const joins = (c: Change) =>
      (c.action === 'delete') === (changes[i]!.action === 'delete') &&
      (perKind.get(c.kind) ?? 0) < batchSize &&
      [...perKind.keys()].every((k) => independent(k, c.kind));
    for (; i + n < total && joins(changes[i + n]!); n++)
      perKind.set(changes[i + n]!.kind, (perKind.get(changes[i + n]!.kind) ?? 0) + 1);
    const chunk = changes.slice(i, i + n);
    chunk.forEach((change, k) => emit({ type: 'step-started', step: i + k + 1, total, change }));
    // Every intent of the batch is on disk (and in the journal's mirror) before its first write.
    emit({ type: 'checkpoint' });
    await options.checkpoint?.();
    const errors = await runKindsAtOnce(chunk, backend, options);
    for (let k = 0; k < n; k++) {
      const error = errors[k];
      const step = i + k + 1;
      if (error === undefined) emit({ type: 'step-done', step, total, change: chunk[k]! });
      else if (error !== null)
        emit({
          type: 'step-failed',
          step,
          total,
          change: chunk[k]!,
          error: (error as VoiceformError).message ?? String(error),
        });
    }
    emit({ type: 'checkpoint' });
    await options.checkpoint?.();
    if (errors.some((e) => e !== undefined)) {
      const firstFailure = Math.max(
        0,
        errors.findIndex((e) => e instanceof Error),
      );
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

/** One batch per kind of the chunk, all at once; errors in the chunk's order. */
async function runKindsAtOnce(
  chunk: Change[],
  backend: TenantReaderWriter,
  options: ExecuteOptions,
): Promise<(Error | undefined | null)[]> {
  const byKind = new Map<string, number[]>();
  chunk.forEach((c, k) => {
    if (!byKind.has(c.kind)) byKind.set(c.kind, []);
    byKind.get(c.kind)!.push(k);
  });
  const errors: (Error | undefined | null)[] = chunk.map(() => null);
  await Promise.all(
    [...byKind.values()].map(async (indexes) => {
      const got = await runBatch(
        indexes.map((k) => chunk[k]!),
        backend,
        options,
      );
      indexes.forEach((k, j) => (errors[k] = got[j]));
    }),
  );
  return errors;
}

/** A batch with per-change checks: undefined = done, Error = failed, null = not attempted. */
async function runBatch(
  chunk: Change[],
  backend: TenantReaderWriter,
  options: ExecuteOptions,
): Promise<(Error | undefined | null)[]> {
  try {
    const now = await backend.readObjects(chunk.map((c) => c.address));
    const stale = chunk.findIndex((c, k) => !sameObject(c.kind, now[k], c.before));
    if (stale >= 0) return chunk.map((c, k) => (k === stale ? changedSincePlan(String(c.address)) : null));
    const theirs = options.recovery
      ? -1
      : chunk.findIndex((c, k) => c.action === 'delete' && !deletable(c.kind, now[k]));
    if (theirs >= 0) return chunk.map((c, k) => (k === theirs ? notOurs(c) : null));
    const outcomes = await backend.writeMany(chunk);
    const written = chunk.filter((_, k) => outcomes[k]!.status === 'done');
    const shown = await awaitReadBack(written, backend, options.readBack ?? READ_BACK);
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
async function awaitReadBack(
  written: Change[],
  backend: TenantReaderWriter,
  readBack: ReadBackPolicy,
): Promise<Set<Change>> {
  const shown = new Set<Change>();
  const started = Date.now();
  let waiting = written;
  for (let attempt = 0; waiting.length > 0; attempt++) {
    const read = await backend.readObjects(waiting.map((c) => c.address));
    waiting = waiting.filter((c, k) => {
      const ok = sameObject(c.kind, read[k], c.after);
      if (ok) shown.add(c);
      return !ok && Date.now() - started < readBack.budgetMs(c.kind);
    });
    if (waiting.length > 0)
      await new Promise((r) => setTimeout(r, readBack.delaysMs[Math.min(attempt, readBack.delaysMs.length - 1)]));
  }
  return shown;
}
