import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import { PreconditionFailed, SpecInvalid } from '../errors.js';
import type { IoHost } from '../io/io-host.js';
import { runBatch } from './run-batch.js';
import { loadFleet, type FleetTenant } from '../fleet/manifest.js';
import { FAILED_STATUSES, fleetExitCode, type BatchCommand, type BatchReport } from './report.js';
import { writeReport } from './write-report.js';
import { batchRuns, recordRuns } from './record-run.js';
import { DEFAULT_QUEUE, runQueuedBatch, type QueueSettings } from './queue.js';

export interface BatchOptions {
  /** Checked by the CLI (a whole number from 1 to 64). */
  concurrency?: number;
  only?: string;
  onlyFailed?: string;
  reportDir?: string;
  outDir?: string;
  detailedExitcode?: boolean;
  autoApprove?: boolean;
  /** postgres://…: enqueue one job per tenant for `voiceform worker`s and wait for them. */
  queue?: string;
  /** With --queue: the longest one tenant's job may run (seconds). */
  jobTimeout?: string;
  /** --allow-outside: folders besides the manifest's whose files it may name. */
  allowOutside?: string[];
}

/**
 * `voiceform batch validate|plan|apply MANIFEST`: the command over every tenant of the fleet, each
 * on its own; one report. Exit 1 when any tenant failed, 2 (--detailed-exitcode) when some have
 * changes, 3 for a bad manifest.
 */
export async function batchCommand(
  command: BatchCommand,
  manifest: string,
  options: BatchOptions,
  io: IoHost,
  config: Config,
): Promise<number> {
  // `batch apply DIR`: the plans `batch plan --out-dir DIR` saved, each checked on its own when applied.
  const saved =
    command === 'apply' && (await stat(manifest).catch(() => undefined))?.isDirectory()
      ? await readSavedBatch(manifest)
      : undefined;
  const fleet = await loadFleet(saved?.manifest ?? manifest, { allowOutside: options.allowOutside });
  // The manifest's own value is bounded by its schema.
  const concurrency = options.concurrency ?? fleet.concurrency;
  // Each tenant would otherwise ask on its own; the fleet's plans are reviewed with `batch plan` first.
  if (command === 'apply' && !options.autoApprove)
    throw new PreconditionFailed(
      'batch apply needs --auto-approve',
      'review the fleet with `voiceform batch plan` first, then apply with --auto-approve',
    );
  const tenants = (await selectTenants(fleet.tenants, options)).filter((t) => !saved || saved.tenants.includes(t.name));
  if (options.outDir) await mkdir(options.outDir, { recursive: true });
  const started = new Date();
  const outDir = options.outDir ? path.resolve(options.outDir) : undefined;
  const run = { command, fleet, tenants, concurrency, outDir, plansDir: saved ? path.resolve(manifest) : undefined };
  const { report, plans } = options.queue
    ? await runQueuedBatch(run, options.queue, queueSettings(options), io)
    : await runBatch(run, io, config);
  if (outDir) {
    const planned: SavedBatch = {
      formatVersion: 1,
      manifest: fleet.file,
      tenants: report.tenants.filter((t) => t.planFile).map((t) => t.name),
    };
    await writeFile(path.join(outDir, SAVED_BATCH), `${JSON.stringify(planned, null, 2)}\n`);
    io.err(
      `Plans saved in ${outDir}. Review them, then apply them all with: voiceform batch apply ${outDir} --auto-approve`,
    );
  }
  const dir = path.resolve(
    options.reportDir ?? path.join(config.home, 'reports', `${command}-${started.toISOString().replace(/[:.]/g, '-')}`),
  );
  const file = await writeReport(dir, report, plans);
  // Queued tenants are recorded by the workers that ran them.
  if (!options.queue) await recordRuns(config, batchRuns(report, plans), io);
  io.out(summaryTable(report));
  io.err(`Report: ${file} (and report.html beside it)`);
  return fleetExitCode(report.tenants, Boolean(options.detailedExitcode), report.interrupted);
}

/** What `batch plan --out-dir DIR` leaves beside the plans, so `batch apply DIR` knows the fleet. */
interface SavedBatch {
  formatVersion: 1;
  manifest: string;
  tenants: string[];
}

const SAVED_BATCH = 'batch.json';

async function readSavedBatch(dir: string): Promise<SavedBatch> {
  const file = path.join(dir, SAVED_BATCH);
  let saved: SavedBatch;
  try {
    saved = JSON.parse(await readFile(file, 'utf8')) as SavedBatch;
  } catch (err) {
    throw new SpecInvalid(
      `${dir} is not a folder of saved plans: ${file} cannot be read (${(err as Error).message})`,
      [],
      'save one with `voiceform batch plan MANIFEST --out-dir DIR`',
    );
  }
  if (saved?.formatVersion !== 1 || typeof saved.manifest !== 'string' || !Array.isArray(saved.tenants))
    throw new SpecInvalid(`${file} is not a saved batch (formatVersion 1)`);
  return saved;
}

/** --only names, and --only-failed: the tenants a previous report shows as failed. */
async function selectTenants(all: FleetTenant[], options: BatchOptions): Promise<FleetTenant[]> {
  let names: Set<string> | undefined;
  if (options.only)
    names = new Set(
      options.only
        .split(',')
        .map((n) => n.trim().toLowerCase())
        .filter(Boolean),
    );
  if (options.onlyFailed) {
    let previous: BatchReport;
    try {
      previous = JSON.parse(await readFile(options.onlyFailed, 'utf8')) as BatchReport;
    } catch (err) {
      throw new SpecInvalid(`--only-failed ${options.onlyFailed}: not a batch report (${(err as Error).message})`);
    }
    if (previous?.formatVersion !== 1 || !Array.isArray(previous.tenants))
      throw new SpecInvalid(`--only-failed ${options.onlyFailed}: not a batch report (formatVersion 1)`);
    const failed = new Set(
      previous.tenants.filter((t) => FAILED_STATUSES.includes(t.status)).map((t) => t.name.toLowerCase()),
    );
    names = names ? new Set([...names].filter((n) => failed.has(n))) : failed;
  }
  if (!names) return all;
  const unknown = [...names].filter((n) => !all.some((t) => t.name.toLowerCase() === n));
  if (unknown.length > 0 && options.only)
    throw new SpecInvalid(`--only names tenants the manifest does not have: ${unknown.join(', ')}`);
  return all.filter((t) => names!.has(t.name.toLowerCase()));
}

/** One line per tenant, failures first, then the fleet's counts. */
function summaryTable(report: BatchReport): string {
  const rank = (s: string) => (FAILED_STATUSES.includes(s as never) ? 0 : s === 'changes' ? 1 : 2);
  const rows = [...report.tenants].sort((a, b) => rank(a.status) - rank(b.status) || a.name.localeCompare(b.name));
  const width = Math.max(6, ...rows.map((r) => r.name.length));
  const lines = rows.map((r) => {
    const s = r.summary
      ? `+${r.summary.add} ~${r.summary.change} -${r.summary.destroy}${r.resumedFrom ? ' resumed' : ''}`
      : '';
    const why = FAILED_STATUSES.includes(r.status)
      ? `  ${r.messages.find((m) => m.startsWith('Error:')) ?? r.messages.at(-1) ?? ''}`
      : '';
    return `${r.name.padEnd(width)}  ${r.status.padEnd(12)}  ${s.padEnd(22)}${why}`.trimEnd();
  });
  const count = (pred: (s: string) => boolean) => report.tenants.filter((t) => pred(t.status)).length;
  lines.push(
    '',
    `${report.tenants.length} tenant(s): ${count((s) => s === 'ok')} ok, ${count((s) => s === 'changes')} with changes, ${count((s) => s !== 'interrupted' && FAILED_STATUSES.includes(s as never))} failed${interrupted(count((s) => s === 'interrupted'))}.`,
  );
  return lines.join('\n');
}

const interrupted = (n: number): string => (n > 0 ? `, ${n} interrupted` : '');

function queueSettings(options: BatchOptions): QueueSettings {
  if (options.jobTimeout === undefined) return DEFAULT_QUEUE;
  const seconds = Number(options.jobTimeout);
  if (!Number.isInteger(seconds) || seconds < 10)
    throw new SpecInvalid(
      `--job-timeout must be a whole number of seconds, at least 10, got ${JSON.stringify(options.jobTimeout)}`,
    );
  return { ...DEFAULT_QUEUE, jobTimeoutSeconds: seconds };
}
