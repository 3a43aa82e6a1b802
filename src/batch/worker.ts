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
      resolve();
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
        resolve();
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
  // Fetched here, not by boss.work: a job this worker must leave alone (another attempt owns it)
  // is neither completed nor failed, and pg-boss's handler would do one or the other.
  const slot = async (): Promise<void> => {
    while (!stopping) {
      const [job] = await boss
        .fetch<TenantJob>(QUEUE, { batchSize: 1, includeMetadata: true })
        .catch((err: Error) => (io.err(`Worker ${worker}: fetching a job failed: ${err.message}`), []));
      if (!job) {
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      // A test's fault hook: the worker dies between pg-boss's fetch and its own registration.
      if (config.workerFaults?.split(',').includes('die-after-fetch')) process.kill(process.pid, 'SIGKILL');
      running++;
      try {
        if ((await runJob(job, url, worker, io, config, () => stopping)) === 'done') await boss.complete(QUEUE, job.id);
      } catch (err) {
        await boss
          .fail(QUEUE, job.id, { message: (err as Error).message })
          .catch((e: Error) => io.err(`Worker ${worker}: could not hand job ${job.id} back: ${e.message}`));
      } finally {
        running--;
        lastBusy = Date.now();
      }
    }
  };
  const slots = Array.from({ length: options.concurrency }, () => slot());
  await stopped;
  clearInterval(idle);
  clearInterval(reaper);
  // Let running jobs finish their step (they see `stopping`), then let go of the queue.
  await Promise.all(slots);
  await boss.stop({ graceful: true, wait: true, timeout: 30_000 }).catch(() => undefined);
  return signalled ? 130 : 0;
}

/**
 * Runs one tenant's job: 'done' when it finished here; 'left' when this attempt is no longer ours
 * (this worker was too slow to take it up and the reaper gave it to another); throws (pg-boss
 * then retries it) when it did not finish.
 */
async function runJob(
  job: PgBoss.JobWithMetadata<TenantJob>,
  url: string,
  worker: string,
  io: IoHost,
  config: Config,
  stopping: () => boolean,
): Promise<'done' | 'left'> {
  const data = job.data;
  const key = jobKey(data);
  const db = await openPostgres(url);
  try {
    const [lock] = await db.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [
      JOB_LOCK_CLASS,
      job.id,
    ]);
    // Held by the reaper judging this attempt, or by a later attempt's worker: either way not ours.
    if (!lock?.ok) {
      io.err(`Worker ${worker}: ${key} is no longer this worker's (another attempt has it); leaving it.`);
      return 'left';
    }
    if (!(await sameAttempt(db, job))) {
      await db.query('SELECT pg_advisory_unlock($1, hashtext($2))', [JOB_LOCK_CLASS, job.id]);
      io.err(`Worker ${worker}: ${key} was handed back to the queue before this worker took it up; leaving it.`);
      return 'left';
    }
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
        return 'done';
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
      return 'done';
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
    // The report and the history give the apply's whole plan, not what was left of it.
    hooks.onPlan(latest.header.plan);
    hooks.onTakenOver?.(latest.file);
    if (closed === 'rolled-back') {
      host.err(`An earlier attempt's apply failed and was rolled back (journal ${latest.file}).`);
      return 5;
    }
    if (closed === 'resumed' || ended === 'applied') {
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
        onPlan: () => undefined,
        onJournal: () => undefined,
        journalMirror: hooks.journalMirror,
      },
      host,
      cfg,
    );
    return mode === 'rollback' && code === 0 ? 5 : code;
  };
}

/**
 * pg-boss's own record of the job (its table in the `pgboss` schema: pg-boss has no call that lists
 * active jobs): still active, and the attempt this worker fetched (retry_count grows per fetch).
 */
async function sameAttempt(db: Pick<Database, 'query'>, job: PgBoss.JobWithMetadata<TenantJob>): Promise<boolean> {
  const [row] = await db.query<{ state: string; retry_count: number }>(
    'SELECT state, retry_count FROM pgboss.job WHERE name = $1 AND id = $2',
    [QUEUE, job.id],
  );
  return row?.state === 'active' && row.retry_count === job.retryCount;
}

/**
 * How long a fetched job may go without its voiceform_jobs row before it counts as lost. A live
 * worker registers it within milliseconds of fetching it; one that died in between never will,
 * and without this the job would sit active until pg-boss expires it (hours).
 */
export const UNREGISTERED_GRACE_SECONDS = 10;

/**
 * Fails back to pg-boss every running job whose worker is gone, so it is retried: a registered job
 * whose lock is free, and a job fetched but never registered (its worker died in between).
 */
async function reap(url: string, boss: PgBoss, io: Pick<IoHost, 'err'>): Promise<void> {
  const db = await openPostgres(url);
  try {
    await reapUnregistered(db, boss, io);
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

/** Active jobs with no voiceform_jobs row for longer than the grace: fetched by a worker that died before taking them up. */
async function reapUnregistered(db: Database, boss: PgBoss, io: Pick<IoHost, 'err'>): Promise<void> {
  const orphans = await db.query<{ id: string; retry_count: number }>(
    `SELECT j.id::text AS id, j.retry_count FROM pgboss.job j
      WHERE j.name = $1 AND j.state = 'active' AND j.started_on < now() - make_interval(secs => $2)
        AND NOT EXISTS (SELECT 1 FROM voiceform_jobs r WHERE r.job_id = j.id::text)`,
    [QUEUE, UNREGISTERED_GRACE_SECONDS],
  );
  for (const o of orphans) {
    // Holding the job's lock, no worker can take this attempt up while it is judged (one that tries leaves it).
    const [lock] = await db.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [
      JOB_LOCK_CLASS,
      o.id,
    ]);
    if (!lock?.ok) continue;
    try {
      const [still] = await db.query(
        `SELECT 1 FROM pgboss.job j WHERE j.name = $1 AND j.id = $2 AND j.state = 'active' AND j.retry_count = $3
            AND NOT EXISTS (SELECT 1 FROM voiceform_jobs r WHERE r.job_id = j.id::text)`,
        [QUEUE, o.id, o.retry_count],
      );
      if (!still) continue;
      io.err(`Job ${o.id} was fetched by a worker that never took it up (it died); it goes back to the queue.`);
      await boss.fail(QUEUE, o.id, { message: 'its worker died before taking it up' });
    } finally {
      await db.query('SELECT pg_advisory_unlock($1, hashtext($2))', [JOB_LOCK_CLASS, o.id]);
    }
  }
}
