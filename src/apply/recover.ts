import type { TenantReaderWriter } from '../backends/backend.js';
import { Address } from '../addr/address.js';
import { assemblePlan } from '../plan/build-plan.js';
import { diffTenant } from '../plan/diff-tenant.js';
import { withinStep } from '../plan/same-object.js';
import { isObjectKind, kindDef } from '../kinds/registry.js';
import type { Change, Plan } from '../plan/plan-types.js';
import { TOOL_VERSION } from '../version.js';
import type { ApplyListener } from './apply-events.js';
import type { ExecutionResult } from './executor.js';
import { JournalWriter, readJournal, type JournalHeader, type JournalMirror, type JournalMode } from './journal.js';
import { invertJournal, resumeJournal, type RecoveryTarget } from './recovery-target.js';
import { runJournalled } from './run-journalled.js';

export interface RecoveryOutcome {
  plan: Plan;
  result: ExecutionResult;
  journal?: string;
  /** Addresses still not as the target wants them after the run (empty when it succeeded). */
  remaining: string[];
  /** Addresses left alone because someone else changed them after Voiceform did. */
  changedElsewhere: string[];
}

/**
 * The changes from the tenant now to the target, keeping only objects still as Voiceform's run
 * left them: anything else is someone else's change, never overwritten (reported instead).
 */
async function planTowards(
  target: RecoveryTarget,
  backend: TenantReaderWriter,
  specHash: string,
): Promise<{ plan: Plan; changedElsewhere: string[] }> {
  const current = await backend.read({ users: target.users });
  const diff = diffTenant(target.voice, current.voice, { prune: false, scope: target.scope });
  const ours: Change[] = [];
  const theirs: Change[] = [];
  for (const c of diff.changes) {
    const step = target.step.get(c.address.key);
    (step !== undefined && withinStep(c.kind, c.before, step.before, step.after) ? ours : theirs).push(c);
  }
  // What someone else's objects still use stays too (a kept route keeps its usages and gateways).
  const kept = keptForOthers(theirs, ours);
  const changes = ours.filter((c) => !kept.has(c));
  const changedElsewhere = [...theirs.map((c) => String(c.address)), ...kept.values()];
  const plan = assemblePlan({
    changes,
    unchanged: diff.unchanged,
    unmanaged: [],
    current,
    users: target.users,
    specHash,
    backend: backend.description,
    toolVersion: TOOL_VERSION,
    now: new Date(),
    prune: false,
  });
  return { plan, changedElsewhere };
}

/** A rollback or resume worked out from the tenant now, ready to show and run. */
export interface RecoveryPlan {
  mode: Exclude<JournalMode, 'apply'>;
  journalFile: string;
  header: JournalHeader;
  target: RecoveryTarget;
  plan: Plan;
  changedElsewhere: string[];
}

/**
 * Rollback (back to the pre-image of every started step) or resume (on to the plan's `after`)
 * of the apply journalled in `journalFile`, planned from the tenant's state now. Handles the
 * worst moment (a step that reached the tenant but whose outcome never reached the journal)
 * because it plans from what it reads.
 */
export async function planRecovery(
  mode: Exclude<JournalMode, 'apply'>,
  journalFile: string,
  backend: TenantReaderWriter,
): Promise<RecoveryPlan> {
  const { header, records, damaged } = await readJournal(journalFile);
  const target = mode === 'rollback' ? invertJournal(header, records, damaged.length > 0) : resumeJournal(header);
  return { mode, journalFile, header, target, ...(await planTowards(target, backend, header.plan.specHash)) };
}

/** Runs a recovery plan the same journalled way as an apply. */
export async function runRecovery(
  rp: RecoveryPlan,
  backend: TenantReaderWriter,
  home: string,
  listeners: ApplyListener[],
  interrupted?: () => boolean,
  mirror?: JournalMirror,
): Promise<RecoveryOutcome> {
  const { mode, journalFile, header, target, plan, changedElsewhere } = rp;
  if (plan.changes.length === 0) {
    await markClosed(journalFile, mode, '(nothing to do)', mirror);
    return { plan, result: { status: 'applied', done: 0 }, remaining: [], changedElsewhere };
  }
  const { result, journal } = await runJournalled({
    backend,
    plan,
    mode,
    home,
    parent: header.id,
    listeners,
    interrupted,
    mirror,
  });
  const remaining =
    result.status === 'applied'
      ? []
      : (await planTowards(target, backend, header.plan.specHash)).plan.changes.map(describe);
  if (result.status === 'applied') await markClosed(journalFile, mode, journal, mirror);
  return { plan, result, journal, remaining, changedElsewhere };
}

/** Plans and runs a recovery at once (an apply's automatic rollback: that apply was approved). */
export async function recover(
  mode: Exclude<JournalMode, 'apply'>,
  journalFile: string,
  backend: TenantReaderWriter,
  home: string,
  listeners: ApplyListener[],
  interrupted?: () => boolean,
  mirror?: JournalMirror,
): Promise<RecoveryOutcome> {
  return runRecovery(await planRecovery(mode, journalFile, backend), backend, home, listeners, interrupted, mirror);
}

/**
 * Deletes among `ours` of objects that the left-alone objects (and, in turn, what they keep) still
 * use, each with the address to report: `pstnUsage["U"] (used by voiceRoute["R"])`.
 */
function keptForOthers(leftAlone: Change[], ours: Change[]): Map<Change, string> {
  const deletes = new Map(ours.filter((c) => c.action === 'delete').map((c) => [c.address.key, c]));
  const kept = new Map<Change, string>();
  const queue = [...leftAlone];
  for (let c = queue.shift(); c; c = queue.shift()) {
    const def = kindDef(c.kind) as { uses?(o: object): { kind: string; name: string }[] };
    for (const used of (c.before && def.uses?.(c.before)) ?? []) {
      const d = isObjectKind(used.kind) ? deletes.get(Address.of(used.kind, used.name).key) : undefined;
      if (!d || kept.has(d)) continue;
      kept.set(d, `${d.address} (used by ${c.address})`);
      queue.push(d);
    }
  }
  return kept;
}

/** Records in the original journal that it has been rolled back or finished (and by which journal). */
async function markClosed(
  journalFile: string,
  mode: Exclude<JournalMode, 'apply'>,
  by: string,
  mirror?: JournalMirror,
): Promise<void> {
  const writer = new JournalWriter(journalFile, mirror);
  writer.append({
    type: 'closed',
    reason: mode === 'rollback' ? 'rolled-back' : 'resumed',
    by,
    at: new Date().toISOString(),
  });
  writer.close();
  await writer.sync();
}

function describe(c: Change): string {
  return `${c.action} ${String(Address.of(c.kind, c.name))}`;
}
