import { ApplyFailed, Interrupted, RollbackIncomplete } from '../errors.js';
import { confirmWrite } from './confirm.js';
import type { IoHost } from '../io/io-host.js';
import { watchInterrupt } from '../io/interrupt.js';
import type { Config } from '../config.js';
import type { TenantReaderWriter } from '../backends/backend.js';
import { openWriter } from '../backends/open/open-tenant.js';
import { acquireTenantLock } from '../apply/lock.js';
import { progressListener } from '../apply/progress.js';
import { recover } from '../apply/recover.js';
import { runJournalled } from '../apply/run-journalled.js';
import type { JournalMirror } from '../apply/journal.js';
import { checkFresh, planOrLoad } from '../apply/check-plan.js';
import { looksLikePlan } from '../load/plan-file.js';
import type { Plan } from '../plan/plan-types.js';
import { assertSpecSize, loadJsonFile, MAX_PLAN_BYTES } from '../io/json-file.js';
import { formatPlan } from '../plan/format-plan.js';

export interface ApplyOptions {
  tenant?: string;
  deviceCode?: boolean;
  cloud?: string;
  autoApprove?: boolean;
  templates?: string;
  /** Told the plan before it is applied, and the journal once there is one (batch reports). */
  onPlan?: (plan: Plan) => void;
  onJournal?: (file: string) => void;
  /** A Ctrl-C seen before this apply began (batch): it stops before its first step. */
  interrupted?: () => boolean;
  /** A queue's worker: every journal line also goes to the shared database. */
  journalMirror?: JournalMirror;
}

/**
 * `voiceform apply SPEC|PLANFILE`: plan (or load a saved plan), show it, ask, then apply with a
 * journal under the tenant lock; on a failed step roll back automatically (exit 5, or 6 when the
 * rollback could not restore everything).
 */
export async function applyCommand(file: string, options: ApplyOptions, io: IoHost, config: Config): Promise<number> {
  // A plan may be far larger than a spec (a 20,000-user plan is ~35 MB); the spec limit applies to specs.
  const doc = (await loadJsonFile(file, 'spec or plan', MAX_PLAN_BYTES)) as {
    tenant?: { id?: string; backend?: string };
    customer?: { tenantId?: string };
  } | null;
  if (!looksLikePlan(doc)) await assertSpecSize(file);
  const tenantId = looksLikePlan(doc) ? doc?.tenant?.id : doc?.customer?.tenantId;
  // A saved plan goes to the tenant it was computed against unless --tenant says otherwise (the
  // freshness check then still refuses a tenant whose state is not the plan's).
  const recorded = looksLikePlan(doc) && typeof doc?.tenant?.backend === 'string' ? doc.tenant.backend : undefined;
  if (options.tenant === undefined && recorded !== undefined) io.err(`Tenant: ${recorded} (recorded in the plan)`);
  const backend = await openWriter(options.tenant ?? recorded, config, {
    tenantId: typeof tenantId === 'string' ? tenantId : undefined,
    deviceCode: options.deviceCode,
    cloud: options.cloud,
    say: (t) => io.err(t),
  });
  try {
    // A spec applied without asking: plan and apply under one lock, with no one to wait for in
    // between, so the plan's own read is fresh (each write still re-reads its object first).
    if (options.autoApprove && !looksLikePlan(doc) && typeof tenantId === 'string') {
      const release = await acquireTenantLock(config, tenantId, `apply ${file}`, backend);
      try {
        const plan = await planOrLoad(file, doc, backend, options.templates);
        options.onPlan?.(plan);
        io.out(formatPlan(plan, 'text', io.color));
        return plan.changes.length === 0 ? 0 : await applyPlan(plan, backend, config.home, io, options);
      } finally {
        await release();
      }
    }
    const plan = await planOrLoad(file, doc, backend, options.templates);
    options.onPlan?.(plan);
    io.out(formatPlan(plan, 'text', io.color));
    if (plan.changes.length === 0) return 0;
    await confirmWrite(options.autoApprove, io, 'apply');
    const release = await acquireTenantLock(config, plan.tenant.id, `apply ${file}`, backend);
    try {
      // Time passed while a person read the plan (or since it was saved): the tenant must not have moved on.
      await checkFresh(plan, backend, looksLikePlan(doc), file, options.templates);
      return await applyPlan(plan, backend, config.home, io, options);
    } finally {
      await release();
    }
  } finally {
    await backend.close();
  }
}

async function applyPlan(
  plan: Plan,
  backend: TenantReaderWriter,
  home: string,
  io: IoHost,
  hooks: Pick<ApplyOptions, 'onJournal' | 'interrupted' | 'journalMirror'> = {},
): Promise<number> {
  const interrupt = watchInterrupt(() => io.err('Interrupted: finishing the current step, then stopping…'));
  const interrupted = () => interrupt.interrupted() || (hooks.interrupted?.() ?? false);
  try {
    const { result, journal } = await runJournalled({
      backend,
      plan,
      mode: 'apply',
      home,
      listeners: [progressListener(io, 'apply')],
      interrupted,
      mirror: hooks.journalMirror,
    });
    hooks.onJournal?.(journal);
    if (result.status === 'applied') {
      const trips = backend.roundTrips === undefined ? '' : ` in ${backend.roundTrips} PowerShell invocation(s)`;
      io.err(`Apply complete: ${result.done} change(s)${trips}. Journal: ${journal}`);
      return 0;
    }
    if (result.status === 'interrupted') {
      throw new Interrupted(
        `apply interrupted after ${result.done} of ${plan.changes.length} change(s); journal ${journal}`,
        `finish it with \`voiceform resume ${journal}\` or undo it with \`voiceform rollback ${journal}\``,
      );
    }
    io.err(`Step ${result.done + 1} (${result.failed!.change.address}) failed: ${result.failed!.error}`);
    io.err('Rolling back the changes made so far…');
    const rollback = await recover(
      'rollback',
      journal,
      backend,
      home,
      [progressListener(io, 'rollback')],
      undefined,
      hooks.journalMirror,
    );
    if (rollback.result.status === 'applied') {
      const leftAlone =
        rollback.changedElsewhere.length === 0
          ? 'the tenant is as it was'
          : `left alone, changed by someone else since Voiceform wrote them: ${rollback.changedElsewhere.join(', ')}`;
      throw new ApplyFailed(
        `apply failed at ${result.failed!.change.address}: ${result.failed!.error}; rolled back ${rollback.plan.changes.length} change(s), ${leftAlone}`,
        `journal: ${journal}`,
      );
    }
    throw new RollbackIncomplete(
      `apply failed at ${result.failed!.change.address} and the rollback could not restore everything (${rollback.result.failed?.error ?? rollback.result.status}). Still different: ${rollback.remaining.join(', ')}`,
      `journal: ${journal}; retry with \`voiceform rollback ${journal}\``,
    );
  } finally {
    interrupt.dispose();
  }
}
