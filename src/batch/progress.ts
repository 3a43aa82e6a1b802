import cliProgress from 'cli-progress';
import type { IoHost } from '../io/io-host.js';
import { escapeHidden } from '../plan/display.js';
import { FAILED_STATUSES, type TenantReport } from './report.js';

/** What a fleet run tells the person watching it. */
export interface FleetProgress {
  started(name: string): void;
  /** The tenant's latest message (its current step, a warning). */
  said(name: string, text: string): void;
  finished(report: TenantReport): void;
  stop(): void;
}

const outcome = (r: TenantReport): string =>
  `${r.status}${r.summary ? ` (${r.summary.add} to add, ${r.summary.change} to change, ${r.summary.destroy} to destroy)` : ''} in ${(r.durationMs / 1000).toFixed(1)} s`;

/**
 * On a terminal: a fleet counter (done/total, ok, changes, failed) and one live line per running
 * tenant with its latest step, gone when the tenant finishes. Otherwise (a pipe, CI, a log): one
 * plain line per finished tenant.
 */
export function fleetProgress(io: IoHost, total: number, stream: NodeJS.WriteStream = process.stderr): FleetProgress {
  let done = 0;
  const counts = { ok: 0, changes: 0, failed: 0 };
  const tally = (r: TenantReport) => {
    done++;
    if (FAILED_STATUSES.includes(r.status)) counts.failed++;
    else if (r.status === 'changes') counts.changes++;
    else counts.ok++;
  };
  if (!io.interactive) {
    return {
      started: () => undefined,
      said: () => undefined,
      finished: (r) => {
        tally(r);
        io.err(`[${done}/${total}] ${r.name}: ${outcome(r)}`);
      },
      stop: () => undefined,
    };
  }
  const bars = new cliProgress.MultiBar(
    { stream, hideCursor: true, clearOnComplete: false, format: '{text}', autopadding: true },
    cliProgress.Presets.shades_classic,
  );
  const fleet = bars.create(
    total,
    0,
    {},
    { format: 'fleet [{bar}] {value}/{total} tenants · {ok} ok · {changes} with changes · {failed} failed' },
  );
  fleet.update(0, counts);
  const running = new Map<string, cliProgress.SingleBar>();
  const width = () => Math.max(40, (stream.columns || 80) - 2);
  const line = (name: string, text: string) => escapeHidden(`  ${name}: ${text}`).slice(0, width());
  return {
    started: (name) => void running.set(name, bars.create(1, 0, { text: line(name, 'starting') })),
    said: (name, text) => running.get(name)?.update(0, { text: line(name, text.split('\n')[0]!) }),
    finished: (r) => {
      tally(r);
      const bar = running.get(r.name);
      if (bar) bars.remove(bar);
      running.delete(r.name);
      // A finished tenant stays on the screen as a plain line above the live ones.
      bars.log(`${escapeHidden(`${r.name}: ${outcome(r)}`)}\n`);
      fleet.update(done, counts);
    },
    stop: () => {
      // Lines logged since the last redraw wait in cli-progress's buffer: draw once more, or a
      // tenant that finished at the very end would never be shown.
      bars.update();
      bars.stop();
    },
  };
}
