import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ChangedElsewhere, Interrupted, PreconditionFailed, RollbackIncomplete } from '../errors.js';
import type { IoHost } from '../io/io-host.js';
import { watchInterrupt } from '../io/interrupt.js';
import type { Config } from '../config.js';
import { openWriter } from '../backends/open/open-tenant.js';
import {
  describeRun,
  findLatestJournal,
  journalStatus,
  laterJournalsTouching,
  readJournal,
  startedKeys,
  type JournalMirror,
} from '../apply/journal.js';
import { acquireTenantLock } from '../apply/lock.js';
import { progressListener } from '../apply/progress.js';
import { planRecovery, runRecovery } from '../apply/recover.js';
import { formatPlan } from '../plan/format-plan.js';
import { confirmWrite } from './confirm.js';
import type { Plan } from '../plan/plan-types.js';

export interface RecoverOptions {
  tenant?: string;
  deviceCode?: boolean;
  cloud?: string;
  autoApprove?: boolean;
  /** Roll back even though later applies wrote some of the same objects. */
  force?: boolean;
  /** Told the recovery plan (and the apply's own) once worked out, and the journal once written (run history). */
  onPlan?: (plan: Plan, origin: Plan) => void;
  onJournal?: (file: string) => void;
  /** A queue's worker: every journal line also goes to the shared database. */
  journalMirror?: JournalMirror;
}

const leftAloneMessage = (addresses: string[]) =>
  `left alone, changed by someone else since Voiceform wrote them: ${addresses.join(', ')}`;

/**
 * `voiceform rollback [JOURNAL]` and `voiceform resume [JOURNAL]`: undo or finish an apply, the
 * way apply works — under the tenant lock, the plan first, then `yes` (or --auto-approve).
 */
export async function recoverCommand(
  mode: 'rollback' | 'resume',
  journalArg: string | undefined,
  options: RecoverOptions,
  io: IoHost,
  config: Config,
): Promise<number> {
  const home = config.home;
  const given = journalArg ? await readJournal(journalArg) : undefined;
  const tenantId =
    given?.header.tenant.id ??
    config.tenantId ??
    (options.tenant === 'teams' ? await onlyJournalTenant(home) : undefined);
  const backend = await openWriter(options.tenant, config, {
    tenantId,
    deviceCode: options.deviceCode,
    cloud: options.cloud,
    say: (t) => io.err(t),
  });
  try {
    const journal =
      journalArg ?? (await findLatestJournal(home, tenantId ?? (await backend.read({ users: [] })).tenantId, mode));
    const { header, records, damaged } = given ?? (await readJournal(journal));
    io.err(`${mode === 'rollback' ? 'Rolling back' : 'Resuming'} the apply of ${journal}: ${describeRun(header)}`);
    const { closed } = journalStatus(records);
    if (closed) io.err(`Note: this apply was already ${closed === 'rolled-back' ? 'rolled back' : 'resumed'}.`);
    if (damaged.length > 0)
      io.err(
        `Journal ${journal}: line(s) ${damaged.join(', ')} are damaged and skipped; every step of its plan counts as started (only objects still as Voiceform left them are restored).`,
      );
    // Held while the person reads the plan (as Terraform holds its state lock): what they approve is what runs.
    const release = await acquireTenantLock(config, header.tenant.id, `${mode} ${journal}`, backend);
    const interrupt = watchInterrupt(() => io.err('Interrupted: finishing the current step, then stopping…'));
    try {
      if (mode === 'rollback' && !options.force) {
        const later = await laterJournalsTouching(home, header, startedKeys(records));
        if (later.length > 0) {
          throw new PreconditionFailed(
            `later runs wrote some of the same objects: ${later.join(', ')}; rolling this one back would undo their work too`,
            'roll those back first (newest first), or run again with --force',
          );
        }
      }
      const rp = await planRecovery(mode, journal, backend);
      options.onPlan?.(rp.plan, header.plan);
      io.out(formatPlan(rp.plan, 'text', io.color));
      if (rp.changedElsewhere.length > 0) io.err(`Will be ${leftAloneMessage(rp.changedElsewhere)}`);
      if (rp.plan.changes.length > 0) await confirmWrite(options.autoApprove, io, mode);
      const outcome = await runRecovery(
        rp,
        backend,
        home,
        [progressListener(io, mode)],
        interrupt.interrupted,
        options.journalMirror,
      );
      if (outcome.journal) options.onJournal?.(outcome.journal);
      if (outcome.result.status === 'interrupted')
        throw new Interrupted(`${mode} interrupted; run it again to finish`, `voiceform ${mode} ${journal}`);
      if (outcome.result.status === 'failed') {
        throw new RollbackIncomplete(
          `${mode} failed at ${outcome.result.failed!.change.address}: ${outcome.result.failed!.error}. Still different: ${outcome.remaining.join(', ')}`,
          `journal ${outcome.journal}; fix the cause and run \`voiceform ${mode} ${journal}\` again`,
        );
      }
      io.err(
        outcome.plan.changes.length === 0
          ? `Nothing to ${mode}: the tenant already matches.`
          : `${mode === 'rollback' ? 'Rollback' : 'Resume'} complete: ${outcome.plan.changes.length} change(s). Journal: ${outcome.journal}`,
      );
      if (outcome.changedElsewhere.length > 0) {
        throw new ChangedElsewhere(
          leftAloneMessage(outcome.changedElsewhere),
          'compare them with the journal and decide by hand: Voiceform never overwrites a change it did not make',
        );
      }
      return 0;
    } finally {
      interrupt.dispose();
      await release();
    }
  } finally {
    await backend.close();
  }
}

/** With --tenant teams and no journal or VOICEFORM_TENANT_ID: the only tenant that has journals here. */
async function onlyJournalTenant(home: string): Promise<string> {
  const tenants = await fs.readdir(path.join(home, 'journals')).catch(() => [] as string[]);
  if (tenants.length === 1) return tenants[0]!;
  throw new PreconditionFailed(
    `journals of ${tenants.length} tenants under ${home}: name the journal or set VOICEFORM_TENANT_ID`,
  );
}
