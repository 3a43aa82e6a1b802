import type { Config } from '../cli/config.js';
import { SpecInvalid } from '../errors.js';
import { wholeNumber } from '../cli/whole-number.js';
import type { IoHost } from '../io/io-host.js';
import { runWorker } from '../fleet/worker.js';

export interface WorkerCommandOptions {
  queue: string;
  concurrency: string;
  idleExit?: string;
}

/** `voiceform worker --queue URL`: runs queued tenant jobs until stopped (exit 130) or idle (exit 0). */
export async function workerCommand(options: WorkerCommandOptions, io: IoHost, config: Config): Promise<number> {
  const concurrency = wholeNumber(options.concurrency, '--concurrency', 1, 64);
  const idleExitSeconds = options.idleExit === undefined ? undefined : Number(options.idleExit);
  if (idleExitSeconds !== undefined && !(idleExitSeconds > 0)) throw new SpecInvalid(`--idle-exit must be a number of seconds above 0, got ${JSON.stringify(options.idleExit)}`);
  return runWorker(options.queue, { concurrency, idleExitSeconds, reapIntervalMs: 1000 }, io, config);
}
