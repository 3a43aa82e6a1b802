import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Interrupted, PreconditionFailed, RollbackIncomplete } from '../errors.js';
import type { IoHost } from '../io/io-host.js';
import { watchInterrupt } from '../io/interrupt.js';
import type { Config } from '../cli/config.js';
import { openWriter } from '../backends/open-tenant.js';
import { findLatestJournal, readJournal } from '../apply/journal.js';
import { acquireTenantLock } from '../apply/lock.js';
import { progressListener } from '../apply/progress.js';
import { recover } from '../apply/recover.js';
import { formatPlan } from '../plan/format-plan.js';

/** `voiceform rollback [JOURNAL]` and `voiceform resume [JOURNAL]`: undo or finish an apply. */
export async function recoverCommand(mode: 'rollback' | 'resume', journalArg: string | undefined, options: { tenant?: string; deviceCode?: boolean; cloud?: string }, io: IoHost, config: Config): Promise<number> {
  const home = config.home;
  const given = journalArg ? await readJournal(journalArg) : undefined;
  const tenantId = given?.header.tenant.id ?? config.tenantId ?? (options.tenant === 'teams' ? await onlyJournalTenant(home) : undefined);
  const backend = openWriter(options.tenant, config, { tenantId, deviceCode: options.deviceCode, cloud: options.cloud, say: (t) => io.err(t) });
  try {
    const journal = journalArg ?? (await findLatestJournal(home, tenantId ?? (await backend.read({ users: [] })).tenantId, mode));
    const { header } = given ?? (await readJournal(journal));
    const release = await acquireTenantLock(home, header.tenant.id, `${mode} ${journal}`);
    const interrupt = watchInterrupt(() => io.err('Interrupted: finishing the current step, then stopping…'));
    try {
      const outcome = await recover(mode, journal, backend, home, [progressListener(io, mode)], interrupt.interrupted);
      io.out(formatPlan(outcome.plan, 'text', io.color));
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

/** With --tenant teams and no journal or VOICEFORM_TENANT_ID: the only tenant that has journals here. */
async function onlyJournalTenant(home: string): Promise<string> {
  const tenants = await fs.readdir(path.join(home, 'journals')).catch(() => [] as string[]);
  if (tenants.length === 1) return tenants[0]!;
  throw new PreconditionFailed(`journals of ${tenants.length} tenants under ${home}: name the journal or set VOICEFORM_TENANT_ID`);
}
