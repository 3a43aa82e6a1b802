import type { Config } from '../config.js';
import type { IoHost } from '../io/io-host.js';
import { withStore } from '../store/open-store.js';
import { listRuns, type RunRecord } from '../store/runs.js';
import { escapeHidden } from '../plan/display.js';

export interface HistoryOptions {
  tenant?: string;
  limit: number;
  format: 'text' | 'json';
}

/** `voiceform history`: the recorded runs, newest first. */
export async function historyCommand(options: HistoryOptions, io: IoHost, config: Config): Promise<number> {
  const limit = options.limit;
  const runs = await withStore(config, (db) => listRuns(db, { tenant: options.tenant, limit }));
  if (options.format === 'json') io.out(JSON.stringify(runs.map(publicRun), null, 2));
  else io.out(historyTable(runs, options.tenant));
  return 0;
}

/** The JSON form: the fields first, then the rest. */
const publicRun = (r: RunRecord) => ({
  id: r.id,
  command: r.command,
  tenant: r.tenant,
  startedAt: r.startedAt,
  finishedAt: r.finishedAt,
  status: r.status,
  summary: r.summary,
  journal: r.journal,
  tenantId: r.tenantId,
  batchId: r.batchId,
  exitCode: r.exitCode,
  user: r.user,
  host: r.host,
  specHash: r.specHash,
  message: r.message,
});

/** One line a run: when, what, which tenant, outcome, the plan's counts, who; the journal below when there is one. Pure. */
export function historyTable(runs: RunRecord[], tenant?: string): string {
  if (runs.length === 0)
    return tenant === undefined ? 'No runs recorded yet.' : `No runs recorded for tenant ${JSON.stringify(tenant)}.`;
  const rows = runs.map((r) => [
    r.startedAt.replace('T', ' ').slice(0, 19),
    r.batchId ? `batch ${r.command}` : r.command,
    escapeHidden(r.tenant ?? r.tenantId ?? '?'),
    r.status,
    r.summary ? `+${r.summary.add} ~${r.summary.change} -${r.summary.destroy}` : '',
    `${((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1)} s`,
    `${r.user}@${r.host}`,
  ]);
  const header = ['STARTED (UTC)', 'COMMAND', 'TENANT', 'STATUS', 'PLAN', 'TOOK', 'BY'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [line(header)];
  runs.forEach((r, i) => {
    out.push(line(rows[i]!));
    if (r.message) out.push(`    ${escapeHidden(r.message)}`);
    if (r.journal) out.push(`    journal ${escapeHidden(r.journal)}`);
  });
  return out.join('\n');
}
