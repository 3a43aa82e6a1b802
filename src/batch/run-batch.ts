import path from 'node:path';
import pMap from 'p-map';
import type { Config } from '../config.js';
import { reportError } from '../io/report-error.js';
import { applyCommand } from '../commands/apply.js';
import { planCommand } from '../commands/plan.js';
import { validateCommand } from '../commands/validate.js';
import { recordingHost, type IoHost } from '../io/io-host.js';
import { watchInterrupt } from '../io/interrupt.js';
import type { Plan } from '../plan/plan-types.js';
import type { JournalMirror } from '../apply/journal.js';
import { tenantConfig } from '../fleet/tenant-config.js';
import { specTenantId, type Fleet, type FleetTenant } from '../fleet/manifest.js';
import { fleetProgress } from './progress.js';
import { statusOf, type BatchCommand, type BatchReport, type TenantReport } from './report.js';

export interface BatchRun {
  command: BatchCommand;
  fleet: Fleet;
  /** Tenants to run (already filtered by --only / --only-failed). */
  tenants: FleetTenant[];
  concurrency: number;
  /** batch plan: save each tenant's plan as DIR/<name>.plan.json. */
  outDir?: string;
  /** batch apply DIR: apply each tenant's saved plan DIR/<name>.plan.json instead of its spec. */
  plansDir?: string;
}

/**
 * Runs one command over many tenants in this process: each tenant has its own output, credentials,
 * lock, journal and error, and its failure is a line in the report, never a stop. At most
 * `concurrency` tenants at once; Ctrl-C lets running tenants finish their current step and journal,
 * and starts no more.
 */
export async function runBatch(
  run: BatchRun,
  io: IoHost,
  config: Config,
): Promise<{ report: BatchReport; plans: Map<string, Plan> }> {
  const startedAt = new Date().toISOString();
  const interrupt = watchInterrupt(() =>
    io.err('Interrupted: running tenants finish their current step; no more are started…'),
  );
  const progress = fleetProgress(io, run.tenants.length);
  const plans = new Map<string, Plan>();
  try {
    const tenants = await pMap(
      run.tenants,
      async (t) => {
        if (interrupt.interrupted()) return notStarted(t);
        progress.started(t.name);
        const { report, plan } = await runTenant(run, t, config, interrupt.interrupted, {
          onMessage: (text) => progress.said(t.name, text),
        });
        if (plan) plans.set(t.name, plan);
        progress.finished(report);
        return report;
      },
      { concurrency: run.concurrency },
    );
    const report: BatchReport = {
      formatVersion: 1,
      command: run.command,
      manifest: run.fleet.file,
      startedAt,
      finishedAt: new Date().toISOString(),
      interrupted: interrupt.interrupted(),
      tenants,
    };
    return { report, plans };
  } finally {
    progress.stop();
    interrupt.dispose();
  }
}

/** What a queue's worker adds to a tenant's run. */
export interface TenantRunOptions {
  /** Every journal line also goes here (the shared database). */
  journalMirror?: JournalMirror;
  /**
   * Instead of the batch's command: finish or undo what an earlier attempt's journal shows (a job
   * taken over from a worker that died). Gets the same hooks as the command would.
   */
  takeOver?: (host: IoHost, config: Config, hooks: TenantHooks) => Promise<number>;
  /** Told each message the tenant's run says, as it says it (live progress). */
  onMessage?: (text: string) => void;
}

export interface TenantHooks {
  onPlan(plan: Plan): void;
  onJournal(file: string): void;
  /** The run finishes or undoes the apply whose journal this is (a queue's job taken over). */
  onTakenOver?(journal: string): void;
  interrupted(): boolean;
  journalMirror?: JournalMirror;
}

/** One tenant's run, its output recorded and its failure turned into a report line. */
export async function runTenant(
  run: BatchRun,
  t: FleetTenant,
  config: Config,
  interrupted: () => boolean,
  options: TenantRunOptions = {},
): Promise<{ report: TenantReport; plan?: Plan }> {
  const host = recordingHost();
  if (options.onMessage) {
    const record = host.err;
    host.err = (text) => {
      record(text);
      options.onMessage!(text);
    };
  }
  // validate prints each problem as its output: in a batch they are the tenant's messages, every one.
  if (run.command === 'validate') host.out = (text) => host.err(text);
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  let plan: Plan | undefined;
  let journal: string | undefined;
  let resumedFrom: string | undefined;
  const planFile =
    run.command === 'plan' && run.outDir
      ? planFileOf(run.outDir, t)
      : run.plansDir
        ? planFileOf(run.plansDir, t)
        : undefined;
  const cfg = tenantConfig(t, config);
  const hooks: TenantHooks = {
    onPlan: (p) => void (plan = p),
    onJournal: (f) => void (journal = f),
    onTakenOver: (f) => void (resumedFrom = f),
    interrupted,
    journalMirror: options.journalMirror,
  };
  let exitCode: number;
  try {
    if (options.takeOver) exitCode = await options.takeOver(host, cfg, hooks);
    else if (run.command === 'validate')
      exitCode = await validateCommand([t.spec], { format: 'text', templates: t.templates }, host);
    else if (run.command === 'plan')
      exitCode = await planCommand(
        t.spec,
        {
          tenant: t.tenant,
          format: 'text',
          detailedExitcode: true,
          templates: t.templates,
          out: planFile,
          applyHint: false,
          onPlan: hooks.onPlan,
        },
        host,
        cfg,
      );
    else
      exitCode = await applyCommand(
        run.plansDir ? planFileOf(run.plansDir, t) : t.spec,
        { tenant: t.tenant, autoApprove: true, templates: t.templates, ...hooks },
        host,
        cfg,
      );
  } catch (err) {
    exitCode = reportError(err, host, false);
  }
  const report = tenantReport(t, exitCode, host.stderr.map(plain), {
    tenantId: plan?.tenant.id,
    summary: plan ? { add: plan.summary.add, change: plan.summary.change, destroy: plan.summary.destroy } : null,
    durationMs: Date.now() - started,
    startedAt,
    planFile: planFile && plan ? planFile : null,
    journal: journal ?? null,
    ...(resumedFrom ? { resumedFrom } : {}),
  });
  return { report, plan };
}

/** A tenant's line in the report (one shape for tenants run, not started, or lost by a queue). */
export function tenantReport(
  t: Pick<FleetTenant, 'name' | 'spec'>,
  exitCode: number,
  messages: string[],
  more: Partial<Omit<TenantReport, 'tenantId'>> & { tenantId?: string } = {},
): TenantReport {
  const { tenantId, ...rest } = more;
  return {
    name: t.name,
    tenantId: tenantId ?? specTenantId(t.spec) ?? null,
    status: statusOf(exitCode),
    exitCode,
    summary: null,
    durationMs: 0,
    planFile: null,
    journal: null,
    messages,
    ...rest,
  };
}

/** Where `batch plan --out-dir` keeps a tenant's plan, and `batch apply DIR` finds it. */
export const planFileOf = (dir: string, t: FleetTenant): string => path.join(dir, `${t.name}.plan.json`);

const notStarted = (t: FleetTenant): TenantReport => tenantReport(t, 130, ['not started: the batch was interrupted']);

// eslint-disable-next-line no-control-regex
const plain = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, '').trimEnd();
