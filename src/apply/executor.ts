import { BackendError, type VoiceformError } from '../errors.js';
import type { TenantBackend } from '../backends/backend.js';
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
}

/** Objects compared for the before/after checks: identity attributes fold case, like Teams. */
function comparable(kind: Change['kind'], o: Record<string, unknown> | null): string {
  if (!o) return 'null';
  const folded = { ...o };
  for (const k of kind === 'gateway' ? ['fqdn'] : kind === 'userNumber' || kind === 'userPolicy' ? ['upn'] : []) {
    if (typeof folded[k] === 'string') folded[k] = (folded[k] as string).toLowerCase();
  }
  return canonicalJson(folded);
}

/**
 * Runs changes in order through a TenantWriter. Before each write it re-reads the object and
 * checks it still equals `before` (someone else may have changed it); after the write it reads
 * back and checks `after` (a cmdlet that "succeeds" without effect is a known Teams failure).
 * Stops at the first failure. Emits events; writes no journal or output itself.
 */
export async function executeChanges(changes: Change[], backend: TenantBackend, options: ExecuteOptions): Promise<ExecutionResult> {
  const emit = (e: ApplyEvent): void => options.listeners.forEach((l) => l(e));
  const total = changes.length;
  emit({ type: 'start', total });
  for (let i = 0; i < total; i++) {
    if (options.interrupted?.()) {
      emit({ type: 'finish', status: 'interrupted', done: i, total });
      return { status: 'interrupted', done: i };
    }
    const change = changes[i]!;
    const step = i + 1;
    emit({ type: 'step-started', step, total, change });
    try {
      const now = await backend.readObject(change.address);
      if (comparable(change.kind, now) !== comparable(change.kind, change.before)) {
        throw new BackendError(`${change.address} changed in the tenant since the plan was made; not touching it`, 'invalid', { hint: 'plan again' });
      }
      await backend.write(change);
      const after = await backend.readObject(change.address);
      if (comparable(change.kind, after) !== comparable(change.kind, change.after)) {
        throw new BackendError(`${change.address}: the write reported success but the tenant does not show the planned result`, 'other');
      }
    } catch (err) {
      const error = (err as VoiceformError).message ?? String(err);
      emit({ type: 'step-failed', step, total, change, error });
      emit({ type: 'finish', status: 'failed', done: i, total });
      return { status: 'failed', done: i, failed: { change, error } };
    }
    emit({ type: 'step-done', step, total, change });
  }
  emit({ type: 'finish', status: 'applied', done: total, total });
  return { status: 'applied', done: total };
}
