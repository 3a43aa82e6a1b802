import type { TenantReaderWriter } from '../backends/backend.js';
import { formatAddress } from '../addr/address.js';
import { assemblePlan } from '../plan/build-plan.js';
import { diffTenant } from '../plan/diff-tenant.js';
import type { Change, Plan } from '../plan/plan-types.js';
import { TOOL_VERSION } from '../version.js';
import type { ApplyListener } from './apply-events.js';
import type { ExecutionResult } from './executor.js';
import { JournalWriter, readJournal, type JournalMode } from './journal.js';
import { invertJournal, resumeJournal, type RecoveryTarget } from './recovery-target.js';
import { runJournalled } from './run-journalled.js';

export interface RecoveryOutcome {
  plan: Plan;
  result: ExecutionResult;
  journal?: string;
  /** Addresses still not as the target wants them after the run (empty when it succeeded). */
  remaining: string[];
}

async function planTowards(target: RecoveryTarget, backend: TenantReaderWriter, specHash: string): Promise<Plan> {
  const current = await backend.read({ users: target.users });
  const { changes, unchanged } = diffTenant(target.voice, current.voice, { prune: false, scope: target.scope });
  return assemblePlan({ changes, unchanged, unmanaged: [], current, users: target.users, specHash, backend: backend.description, toolVersion: TOOL_VERSION, now: new Date(), prune: false });
}

/**
 * Rollback (back to the pre-image of every started step) or resume (on to the plan's `after`)
 * of the apply journalled in `journalFile`: plan from the tenant's state now to the target, and
 * apply that plan the same journalled way. Handles the worst moment (a step that reached the
 * tenant but whose outcome never reached the journal) because it plans from what it reads.
 */
export async function recover(mode: Exclude<JournalMode, 'apply'>, journalFile: string, backend: TenantReaderWriter, home: string, listeners: ApplyListener[], interrupted?: () => boolean): Promise<RecoveryOutcome> {
  const { header, records } = await readJournal(journalFile);
  const target = mode === 'rollback' ? invertJournal(header, records) : resumeJournal(header);
  const plan = await planTowards(target, backend, header.plan.specHash);
  if (plan.changes.length === 0) {
    markClosed(journalFile, mode, '(nothing to do)');
    return { plan, result: { status: 'applied', done: 0 }, remaining: [] };
  }
  const { result, journal } = await runJournalled({ backend, plan, mode, home, parent: header.id, listeners, interrupted });
  const remaining = result.status === 'applied' ? [] : (await planTowards(target, backend, header.plan.specHash)).changes.map(describe);
  if (result.status === 'applied') markClosed(journalFile, mode, journal);
  return { plan, result, journal, remaining };
}

/** Records in the original journal that it has been rolled back or finished (and by which journal). */
function markClosed(journalFile: string, mode: Exclude<JournalMode, 'apply'>, by: string): void {
  const writer = new JournalWriter(journalFile);
  writer.append({ type: 'closed', reason: mode === 'rollback' ? 'rolled-back' : 'resumed', by, at: new Date().toISOString() });
  writer.close();
}

function describe(c: Change): string {
  return `${c.action} ${formatAddress({ kind: c.kind, name: c.name })}`;
}
