import { Interrupted, RollbackIncomplete } from '../errors.js';
import type { IoHost } from '../io/io-host.js';
import { watchInterrupt } from '../io/interrupt.js';
import { openBackend, voiceformHome } from '../backends/open-backend.js';
import { findLatestJournal, readJournal } from '../apply/journal.js';
import { acquireTenantLock } from '../apply/lock.js';
import { progressListener } from '../apply/progress.js';
import { recover } from '../apply/recover.js';
import { renderPlan } from './plan.js';

/** `voiceform rollback [JOURNAL]` and `voiceform resume [JOURNAL]`: undo or finish an apply. */
export async function recoverCommand(mode: 'rollback' | 'resume', journalArg: string | undefined, options: { tenant?: string }, io: IoHost): Promise<number> {
  const backend = openBackend(options.tenant);
  const home = voiceformHome();
  try {
    const journal = journalArg ?? (await findLatestJournal(home, (await backend.read({ users: [] })).tenantId, mode));
    const { header } = await readJournal(journal);
    const release = await acquireTenantLock(home, header.tenant.id, `${mode} ${journal}`);
    const interrupt = watchInterrupt(() => io.err('Interrupted: finishing the current step, then stopping…'));
    try {
      const outcome = await recover(mode, journal, backend, home, [progressListener(io, mode)], interrupt.interrupted);
      io.out(renderPlan(outcome.plan, 'text', io.color));
      if (outcome.result.status === 'interrupted') throw new Interrupted(`${mode} interrupted; run it again to finish`, `voiceform ${mode} ${journal}`);
      if (outcome.result.status === 'failed') {
        throw new RollbackIncomplete(`${mode} failed at ${outcome.result.failed!.change.address}: ${outcome.result.failed!.error}. Still different: ${outcome.remaining.join(', ')}`, `journal ${outcome.journal}; fix the cause and run \`voiceform ${mode} ${journal}\` again`);
      }
      io.err(outcome.plan.changes.length === 0 ? `Nothing to ${mode}: the tenant already matches.` : `${mode === 'rollback' ? 'Rollback' : 'Resume'} complete: ${outcome.plan.changes.length} change(s). Journal: ${outcome.journal}`);
      return 0;
    } finally {
      interrupt.dispose();
      await release();
    }
  } finally {
    await backend.close();
  }
}
