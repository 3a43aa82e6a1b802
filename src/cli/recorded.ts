import type { IoHost } from '../io/io-host.js';
import type { RunObserver } from '../batch/record-run.js';
import type { RunRecord } from '../store/runs.js';
import type { Config } from '../config.js';
import { exitCodeOf } from '../io/report-error.js';

/**
 * Runs a plan, apply, rollback or resume and then records it in the run history, whatever its
 * outcome (an error is recorded with the exit code it ends in, then goes on to be reported).
 * `identity` names the tenant when the run ended before it had a plan (an invalid spec).
 */
export async function recorded(
  command: RunRecord['command'],
  config: Config,
  io: IoHost,
  identity: () => Promise<{ name?: string; tenantId?: string }>,
  fn: (observer: RunObserver) => Promise<number>,
): Promise<number> {
  // The run history (and PostgreSQL's client) is loaded only by the commands it records.
  const { observeRun, recordRuns } = await import('../batch/record-run.js');
  const run = observeRun(command);
  let outcome: { code: number; error?: unknown };
  try {
    outcome = { code: await fn(run) };
  } catch (error) {
    outcome = { code: exitCodeOf(error), error };
  }
  let record = run.finish(outcome.code, 'error' in outcome ? { message: firstLine(outcome.error) } : {});
  if (!record.tenantId) {
    const id = await identity();
    record = { ...record, tenant: record.tenant ?? id.name ?? id.tenantId ?? null, tenantId: id.tenantId ?? null };
  }
  await recordRuns(config, [record], io);
  if ('error' in outcome) throw outcome.error;
  return outcome.code;
}

const firstLine = (err: unknown): string =>
  String((err as Error)?.message ?? err)
    .split('\n')[0]!
    .slice(0, 500);
