import cliProgress from 'cli-progress';
import type { IoHost } from '../io/io-host.js';
import type { ApplyEvent, ApplyListener } from './apply-events.js';

const VERB: Record<string, string> = { create: 'create', update: 'update', delete: 'delete', replace: 'replace' };

/** Progress for a person: a bar on a TTY (steps done / total, current address), else one line per step. */
export function progressListener(io: IoHost, label: string): ApplyListener {
  if (io.interactive) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {value}/{total} {address}`,
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    return (e: ApplyEvent) => {
      if (e.type === 'start') bar.start(e.total, 0, { address: '' });
      else if (e.type === 'step-started') bar.update(e.step - 1, { address: e.change.address });
      else if (e.type === 'step-done') bar.update(e.step, { address: e.change.address });
      else if (e.type === 'step-failed') bar.update(e.step - 1, { address: `${e.change.address}: FAILED` });
      else if (e.type === 'finish') bar.stop();
    };
  }
  return (e: ApplyEvent) => {
    if (e.type === 'step-done')
      io.err(`${label} [${e.step}/${e.total}] ${VERB[e.change.action] ?? e.change.action} ${e.change.address}: done`);
    else if (e.type === 'step-failed')
      io.err(
        `${label} [${e.step}/${e.total}] ${VERB[e.change.action] ?? e.change.action} ${e.change.address}: FAILED: ${e.error}`,
      );
  };
}
