import os from 'node:os';
import type PgBoss from 'pg-boss';
import type { Config } from '../config.js';
import { recoverCommand } from '../commands/recover.js';
import { journalStatus, readJournal } from '../apply/journal.js';
import type { IoHost } from '../io/io-host.js';
import { openPostgres, type Database } from '../store/database.js';
import { databaseJournalMirror, restoreJournals } from '../apply/journal-mirror.js';
import { migrate } from '../store/migrations.js';
import { recordRuns, tenantRun } from './record-run.js';
import { runTenant, tenantReport, type TenantRunOptions } from './run-batch.js';
import { loadFleet, type FleetTenant } from '../fleet/manifest.js';
import { jobKey, openQueue, QUEUE, type TenantJob } from './queue.js';

/** The advisory-lock class of running jobs: a worker holds its job's lock on its own connection for as long as it runs it. */
const JOB_LOCK_CLASS = 0x766a; // 'vj'

export interface WorkerOptions {
  concurrency: number;
  /** Stop after this long with nothing to do (seconds); run until stopped when unset. */
  idleExitSeconds?: number;
  /** How often to look for jobs whose worker died (ms). */
  reapIntervalMs: number;
}

/**
 * `voiceform worker --queue URL`: runs tenant jobs of any batch, `concurrency` at once, until
 * stopped (SIGINT/SIGTERM: running tenants finish their current step, and their jobs go back to
 * the queue for another worker to resume). Any number of workers on any machines share the queue.
 *
 * A worker that dies (killed, machine lost) is noticed by the others: each running job is a row
 * in voiceform_jobs and an advisory lock on its worker's connection; a row whose lock can be taken
 * has lost its worker, and its job is failed back to pg-boss, which retries it. The next attempt
 * finds the first one's journal in the database and resumes (or rolls back) from it.
 */
export async function runWorker(url: string, options: WorkerOptions, io: IoHost, config: Config): Promise<number> {
  const worker = `${os.hostname()}:${process.pid}`;
  const setup = await openPostgres(url);
  await migrate(setup).finally(() => setup.close());
  const boss = await openQueue(url, io, { supervise: true });
  let stopping = false;
  let signalled = false;
  let running = 0;
  let lastBusy = Date.now();
  let idle: NodeJS.Timeout | undefined;
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      if (stopping) return;
      stopping = true;
      signalled = true;
      io.err(`Worker ${worker}: stopping; running tenants finish their current step and go back to the queue.`);
      void boss.offWork(QUEUE).finally(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    idle = setInterval(() => {
      if (
        !stopping &&
        options.idleExitSeconds !== undefined &&
        running === 0 &&
        Date.now() - lastBusy > options.idleExitSeconds * 1000
      ) {
        io.err(`Worker ${worker}: idle for ${options.idleExitSeconds} s, stopping.`);
        stopping = true;
        void boss.offWork(QUEUE).finally(resolve);
      }
    }, 250);
  });
  const reaper = setInterval(
    () =>
      void reap(url, boss, io).catch((err: Error) =>
        io.err(`Worker ${worker}: looking for lost jobs failed: ${err.message}`),
      ),
    options.reapIntervalMs,
  );
  io.err(`Worker ${worker}: taking tenant jobs from ${QUEUE} (${options.concurrency} at once).`);
  const handler = async ([job]: PgBoss.Job<TenantJob>[]) => {
    running++;
    try {
      await runJob(job!, url, worker, io, config, () => stopping);
    } finally {
      running--;
      lastBusy = Date.now();
    }
  };
  for (let i = 0; i < options.concurrency; i++)
    await boss.work<TenantJob>(QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, handler);
  await stopped;
  clearInterval(idle);
  clearInterval(reaper);
  // Let running jobs finish their step (they see `stopping`), then let go of the queue.
  while (running > 0) await new Promise((r) => setTimeout(r, 100));
  await boss.stop({ graceful: true, wait: true, timeout: 30_000 }).catch(() => undefined);
  return signalled ? 130 : 0;
}

/** Runs one tenant's job; throws (pg-boss then retries it) when it did not finish here. */
async function runJob(
  job: PgBoss.Job<TenantJob>,
  url: string,
  worker: string,
  io: IoHost,
  config: Config,
  stopping: () => boolean,
): Promise<void> {
  const data = job.data;
  const key = jobKey(data);
  const db = await openPostgres(url);
  try {
    const [lock] = await db.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [
      JOB_LOCK_CLASS,
      job.id,
    ]);
    if (!lock?.ok) throw new Error(`job ${job.id} (${key}) is running on another worker`);
    await db.query(
      'INSERT INTO voiceform_jobs (job_id, job_key, worker) VALUES ($1, $2, $3) ON CONFLICT (job_id) DO UPDATE SET worker = EXCLUDED.worker, started_at = now()',
      [job.id, key, worker],
    );
    try {
      if (
        (
          await db.query('SELECT 1 FROM voiceform_batch_results WHERE batch_id = $1 AND tenant = $2', [
            data.batchId,
            data.tenant,
          ])
        ).length > 0
      )
        return;
      io.err(`Worker ${worker}: ${data.command} ${data.tenant} (batch ${data.batchId}).`);
      const fleet = await loadFleet(data.manifest, { allowOutside: data.allowOutside });
      const t = fleet.tenants.find((x) => x.name === data.tenant);
      const cfg = { ...config, databaseUrl: url };
      const { report, plan } = t
        ? await runTenant(
            {
              command: data.command,
              fleet,
              tenants: [t],
              concurrency: 1,
              outDir: data.outDir,
              plansDir: data.plansDir,
            },
            t,
            cfg,
            stopping,
            {
              journalMirror: databaseJournalMirror(db, key),
              takeOver: data.command === 'apply' ? await takeOverFor(db, key, config.home, t) : undefined,
            },
          )
        : {
            report: tenantReport({ name: data.tenant, spec: '' }, 3, [
              `Error: the manifest ${data.manifest} no longer has tenant ${data.tenant}`,
            ]),
            plan: undefined,
          };
      if (report.exitCode === 130 && stopping())
        throw new Error(`worker ${worker} stopped during ${data.tenant}; another worker resumes it`);
      // The history record's id is the job's: an attempt that died after recording is not recorded twice.
      await recordRuns(
        cfg,
        [tenantRun(data.command, report, data.batchId, plan?.specHash ?? null, new Date().toISOString(), `job:${key}`)],
        io,
      );
      await db.query(
        'INSERT INTO voiceform_batch_results (batch_id, tenant, report, plan) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
        [data.batchId, data.tenant, JSON.stringify(report), plan ? JSON.stringify(plan) : null],
      );
      io.err(`Worker ${worker}: ${data.tenant}: ${report.status}.`);
    } finally {
      await db
        .query('DELETE FROM voiceform_jobs WHERE job_id = $1 AND worker = $2', [job.id, worker])
        .catch(() => undefined);
      await db.query('SELECT pg_advisory_unlock($1, hashtext($2))', [JOB_LOCK_CLASS, job.id]).catch(() => undefined);
    }
  } finally {
    await db.close().catch(() => undefined);
  }
}

/**
 * A job an earlier attempt began: what its journal (from the database) says is left to do. None:
 * apply afresh. Unfinished: resume it. Failed and not yet rolled back: roll it back. Done: report
 * it without touching the tenant again.
 */
async function takeOverFor(
  db: Pick<Database, 'query'>,
  key: string,
  home: string,
  t: FleetTenant,
): Promise<TenantRunOptions['takeOver']> {
  const files = await restoreJournals(db, key, home);
  const applies = [];
  for (const file of files) {
    const j = await readJournal(file);
    if (j.header.mode === 'apply') applies.push({ file, ...j });
  }
  const latest = applies.at(-1);
  if (!latest) return undefined;
  const { ended, closed } = journalStatus(latest.records);
  return async (host, cfg, hooks) => {
    hooks.onJournal(latest.file);
    if (closed === 'rolled-back') {
      host.err(`An earlier attempt's apply failed and was rolled back (journal ${latest.file}).`);
      return 5;
    }
    if (closed === 'resumed' || ended === 'applied') {
      hooks.onPlan(latest.header.plan);
      host.err(`An earlier attempt applied it (journal ${latest.file}); nothing left to do.`);
      return 0;
    }
    const mode = ended === 'failed' ? 'rollback' : 'resume';
    host.err(
      `An earlier attempt stopped partway (journal ${latest.file}): ${mode === 'resume' ? 'resuming it' : 'its apply failed; rolling it back'}.`,
    );
    const code = await recoverCommand(
      mode,
      latest.file,
      {
        tenant: t.tenant,
        autoApprove: true,
        force: true,
        onPlan: (p) => hooks.onPlan(p),
        onJournal: () => undefined,
        journalMirror: hooks.journalMirror,
      },
      host,
      cfg,
    );
    return mode === 'rollback' && code === 0 ? 5 : code;
  };
}

/** Fails back to pg-boss every running job whose worker is gone (its job lock is free), so it is retried. */
async function reap(url: string, boss: PgBoss, io: Pick<IoHost, 'err'>): Promise<void> {
  const db = await openPostgres(url);
  try {
    for (const row of await db.query<{ job_id: string; job_key: string; worker: string }>(
      'SELECT job_id, job_key, worker FROM voiceform_jobs',
    )) {
      const [lock] = await db.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [
        JOB_LOCK_CLASS,
        row.job_id,
      ]);
      if (!lock?.ok) continue;
      try {
        // Taken between our read and the lock: the row went with it.
        const still = await db.query('DELETE FROM voiceform_jobs WHERE job_id = $1 AND worker = $2 RETURNING 1', [
          row.job_id,
          row.worker,
        ]);
        if (still.length === 0) continue;
        io.err(`Worker ${row.worker} is gone; ${row.job_key} goes back to the queue.`);
        await boss.fail(QUEUE, row.job_id, { message: `worker ${row.worker} died` });
      } finally {
        await db.query('SELECT pg_advisory_unlock($1, hashtext($2))', [JOB_LOCK_CLASS, row.job_id]);
      }
    }
  } finally {
    await db.close();
  }
}
