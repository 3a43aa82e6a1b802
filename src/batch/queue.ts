import { randomUUID } from 'node:crypto';
import type PgBoss from 'pg-boss';
import { openPostgres, redactUrl } from '../store/database.js';
import { migrate } from '../store/migrations.js';
import type { IoHost } from '../io/io-host.js';
import { watchInterrupt } from '../io/interrupt.js';
import { PreconditionFailed } from '../errors.js';
import type { Plan } from '../plan/plan-types.js';
import { tenantReport, type BatchRun } from './run-batch.js';
import { fleetProgress } from './progress.js';
import type { BatchReport, TenantReport } from './report.js';

/** pg-boss's queue of tenant jobs: one job per tenant of a batch. */
export const QUEUE = 'voiceform-tenant';

/** What a worker needs to run one tenant of a batch: paths are the same on every machine (a shared checkout). */
export interface TenantJob {
  batchId: string;
  command: 'plan' | 'apply';
  manifest: string;
  tenant: string;
  /** Folders outside the manifest's own it may name (as the batch allowed them). */
  allowOutside?: string[];
  outDir?: string;
  plansDir?: string;
}

/** Names a tenant's job across attempts: its journals, results and history record. */
export const jobKey = (j: Pick<TenantJob, 'batchId' | 'tenant'>): string => `${j.batchId}:${j.tenant}`;

export interface QueueSettings {
  /** Attempts after the first when a worker fails or dies. */
  retryLimit: number;
  retryDelaySeconds: number;
  /** Longest a tenant's job may run before pg-boss gives up on it (a live worker is never reaped before). */
  jobTimeoutSeconds: number;
}

export const DEFAULT_QUEUE: QueueSettings = { retryLimit: 3, retryDelaySeconds: 2, jobTimeoutSeconds: 6 * 3600 };

/** Starts pg-boss on the database (its own schema, created on first use) with the tenant queue. */
export async function openQueue(
  url: string,
  io: Pick<IoHost, 'err'>,
  options: { supervise: boolean },
): Promise<PgBoss> {
  const { default: PgBossClass } = await import('pg-boss');
  const boss = new PgBossClass({
    connectionString: url,
    application_name: 'voiceform-queue',
    max: 4,
    supervise: options.supervise,
    schedule: false,
    maintenanceIntervalSeconds: 30,
  });
  // pg-boss reports its own trouble (a lost connection) as events; say it, never crash on it.
  boss.on('error', (err: Error) => io.err(`Queue: ${err.message}`));
  try {
    await boss.start();
  } catch (err) {
    throw new PreconditionFailed(
      `cannot reach the queue database ${redactUrl(url)}: ${(err as Error).message}`,
      'check --queue and that the server accepts connections',
    );
  }
  if (!(await boss.getQueue(QUEUE))) {
    await boss.createQueue(QUEUE, { name: QUEUE, policy: 'standard' }).catch(async (err: Error) => {
      // Another machine created it at the same moment.
      if (!(await boss.getQueue(QUEUE))) throw err;
    });
  }
  return boss;
}

/**
 * `batch plan|apply --queue URL`: one job per tenant, then waits for workers (on any machines) to
 * run them, and assembles the same report as a batch run in one process. Ctrl-C cancels the jobs no
 * worker has started (reported as not started) and waits for the running ones; a second Ctrl-C (or
 * SIGTERM) stops waiting: the report names them as interrupted, and their workers finish them.
 */
export async function runQueuedBatch(
  run: BatchRun,
  url: string,
  settings: QueueSettings,
  io: IoHost,
): Promise<{ report: BatchReport; plans: Map<string, Plan> }> {
  if (run.command === 'validate')
    throw new PreconditionFailed('batch validate runs here, not in a queue', 'leave out --queue');
  const startedAt = new Date().toISOString();
  const batchId = randomUUID();
  const db = await openPostgres(url);
  const boss = await openQueue(url, io, { supervise: true });
  const interrupt = watchInterrupt(
    () =>
      io.err(
        'Interrupted: cancelling the jobs no worker has started; running ones finish (Ctrl-C again to stop waiting for them)…',
      ),
    () =>
      io.err(
        'Stopped waiting: tenants still running are reported as interrupted; their workers finish them and record them in the history.',
      ),
  );
  const progress = fleetProgress(io, run.tenants.length);
  try {
    await migrate(db);
    const jobs = new Map<string, string>();
    for (const t of run.tenants) {
      const job: TenantJob = {
        batchId,
        command: run.command,
        manifest: run.fleet.file,
        tenant: t.name,
        allowOutside: run.fleet.allowOutside,
        outDir: run.outDir,
        plansDir: run.plansDir,
      };
      const id = await boss.send(QUEUE, job, {
        singletonKey: jobKey(job),
        retryLimit: settings.retryLimit,
        retryDelay: settings.retryDelaySeconds,
        expireInSeconds: settings.jobTimeoutSeconds,
      });
      if (id) jobs.set(t.name, id);
    }
    io.err(
      `Queued ${jobs.size} tenant(s) as batch ${batchId} in ${redactUrl(url)}; waiting for workers (voiceform worker --queue …).`,
    );
    const done = new Map<string, { report: TenantReport; plan?: Plan }>();
    const tenantNamed = (name: string) => run.tenants.find((t) => t.name === name)!;
    let cancelled = false;
    for (let poll = 0; ; poll++) {
      if (interrupt.interrupted() && !cancelled) {
        cancelled = true;
        for (const [name, id] of jobs) {
          const job = await boss.getJobById(QUEUE, id);
          if (job && (job.state === 'created' || job.state === 'retry')) {
            await boss.cancel(QUEUE, id);
            done.set(name, {
              report: tenantReport(tenantNamed(name), 130, ['not started: the batch was interrupted']),
            });
          }
        }
      }
      const rows = await db.query<{ tenant: string; report: TenantReport; plan: Plan | null }>(
        'SELECT tenant, report, plan FROM voiceform_batch_results WHERE batch_id = $1',
        [batchId],
      );
      for (const r of rows) {
        if (done.has(r.tenant)) continue;
        done.set(r.tenant, { report: r.report, plan: r.plan ?? undefined });
        progress.finished(r.report);
      }
      // A job whose every attempt failed (a worker error, not a tenant's: those are results) never writes one.
      if (poll % 5 === 4) {
        for (const [name, id] of jobs) {
          if (done.has(name)) continue;
          const job = await boss.getJobById(QUEUE, id);
          if (job?.state === 'failed' || job?.state === 'cancelled') {
            const why = (job.output as { message?: string } | null)?.message ?? job.state;
            done.set(name, {
              report: tenantReport(tenantNamed(name), 1, [
                `Error: the queue gave up on this tenant after ${job.retryCount + 1} attempt(s): ${why}`,
              ]),
            });
          }
        }
      }
      if (done.size >= run.tenants.length || interrupt.stopWaiting()) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    // Stopped waiting: whatever has no result yet is named, with the worker running it.
    for (const t of run.tenants) {
      if (done.has(t.name)) continue;
      const [owner] = await db.query<{ worker: string }>('SELECT worker FROM voiceform_jobs WHERE job_key = $1', [
        jobKey({ batchId, tenant: t.name }),
      ]);
      done.set(t.name, {
        report: tenantReport(t, 130, [
          owner
            ? `interrupted: still running on worker ${owner.worker} when the batch stopped waiting; it finishes there and records the run in the history`
            : 'interrupted: no worker had finished it when the batch stopped waiting',
        ]),
      });
    }
    const tenants = run.tenants.map((t) => done.get(t.name)!.report);
    const plans = new Map([...done].filter(([, v]) => v.plan).map(([k, v]) => [k, v.plan!]));
    return {
      report: {
        formatVersion: 1,
        command: run.command,
        manifest: run.fleet.file,
        startedAt,
        finishedAt: new Date().toISOString(),
        interrupted: cancelled,
        tenants,
      },
      plans,
    };
  } finally {
    progress.stop();
    interrupt.dispose();
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    await db.close().catch(() => undefined);
  }
}
