import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Config } from '../config.js';
import { statusOf, type BatchReport, type TenantReport } from './report.js';
import type { IoHost } from '../io/io-host.js';
import type { Plan } from '../plan/plan-types.js';
import { openPostgres } from '../store/database.js';
import { migrate } from '../store/migrations.js';
import { appendOutbox } from '../store/outbox.js';
import { storeTarget } from '../store/open-store.js';
import { insertRuns, type RunRecord } from '../store/runs.js';

/** What a command tells the run history as it goes: the plan it computed, the journal it wrote. */
export interface RunObserver {
  /** `origin`: for a rollback or resume, the plan of the apply it undoes or finishes (whose spec names the customer). */
  onPlan(plan: Plan, origin?: Plan): void;
  onJournal(file: string): void;
}

/** Watches one run; `finish` turns what it saw and the exit code into the history's record. */
export function observeRun(
  command: RunRecord['command'],
  started = new Date(),
): RunObserver & { finish(exitCode: number, extra?: Partial<RunRecord>): RunRecord } {
  let plan: Plan | undefined;
  let origin: Plan | undefined;
  let journal: string | undefined;
  return {
    onPlan: (p, o) => {
      plan = p;
      origin = o;
    },
    onJournal: (f) => void (journal = f),
    finish: (exitCode, extra = {}) => ({
      id: randomUUID(),
      command,
      tenant: customerName(origin ?? plan) ?? plan?.tenant.id ?? null,
      tenantId: plan?.tenant.id ?? null,
      batchId: null,
      user: os.userInfo().username,
      host: os.hostname(),
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      status: planStatus(command, exitCode, plan) ?? statusOf(exitCode),
      exitCode,
      specHash: plan?.specHash ?? null,
      summary: plan ? { add: plan.summary.add, change: plan.summary.change, destroy: plan.summary.destroy } : null,
      journal: journal ?? null,
      message: null,
      ...extra,
    }),
  };
}

/**
 * A plan's status comes from what it found, not from how it was asked to exit: without
 * `--detailed-exitcode` a plan with changes exits 0, and the history would call it ok.
 */
function planStatus(command: RunRecord['command'], exitCode: number, plan: Plan | undefined): 'changes' | undefined {
  if (command !== 'plan' || exitCode !== 0 || !plan) return undefined;
  const { add, change, destroy } = plan.summary;
  return add + change + destroy > 0 || (plan.drift?.length ?? 0) > 0 ? 'changes' : undefined;
}

/** A batch's tenants as runs of one batch (validate is not a run: it never reads a tenant). */
export function batchRuns(report: BatchReport, plans: Map<string, Plan>, batchId: string = randomUUID()): RunRecord[] {
  const command = report.command;
  if (command === 'validate') return [];
  return report.tenants.map((t) =>
    tenantRun(command, t, batchId, plans.get(t.name)?.specHash ?? null, report.startedAt),
  );
}

/** One tenant of a batch as a run; `id` is fixed by a queue's job so that no retry records it twice. */
export function tenantRun(
  command: 'plan' | 'apply',
  t: TenantReport,
  batchId: string,
  specHash: string | null,
  batchStartedAt: string,
  id: string = randomUUID(),
): RunRecord {
  const startedAt = t.startedAt ?? batchStartedAt;
  return {
    id,
    command,
    tenant: t.name,
    tenantId: t.tenantId,
    batchId,
    user: os.userInfo().username,
    host: os.hostname(),
    startedAt,
    finishedAt: new Date(Date.parse(startedAt) + t.durationMs).toISOString(),
    status: t.status,
    exitCode: t.exitCode,
    specHash,
    summary: t.summary,
    journal: t.journal,
    message:
      t.messages.find((m) => m.startsWith('Error:'))?.slice('Error: '.length) ??
      (t.resumedFrom ? `finished the apply of an earlier attempt (journal ${t.resumedFrom})` : null),
  };
}

const customerName = (plan: Plan | undefined): string | undefined => {
  const name = (plan?.rendered as { customer?: { name?: unknown } } | undefined)?.customer?.name;
  return typeof name === 'string' ? name : undefined;
};

/**
 * Keeps runs in the history, after the command's work is done. A shared database gets them at
 * once; the embedded one through the outbox (see outbox.ts). History never fails a command: a
 * database that cannot be reached keeps the runs in the outbox and says so.
 */
export async function recordRuns(
  config: Pick<Config, 'home' | 'databaseUrl'>,
  runs: RunRecord[],
  io: Pick<IoHost, 'err'>,
): Promise<void> {
  if (runs.length === 0) return;
  const target = storeTarget(config);
  if (config.databaseUrl) {
    try {
      const db = await openPostgres(config.databaseUrl);
      try {
        await migrate(db);
        await db.transaction((tx) => insertRuns(tx, runs));
        return;
      } finally {
        await db.close().catch(() => undefined);
      }
    } catch (err) {
      io.err(
        `Warning: could not record the run in ${target} (${(err as Error).message}); it waits in ${config.home}/history and goes in with the next command that reaches the database.`,
      );
    }
  }
  await appendOutbox(config.home, target, runs).catch((err: Error) =>
    io.err(`Warning: could not record the run in the history: ${err.message}`),
  );
}
