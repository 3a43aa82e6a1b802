import type { Config } from '../config.js';
import { SpecInvalid } from '../errors.js';
import type { IoHost } from '../io/io-host.js';
import { runWorker } from './worker.js';

export interface WorkerCommandOptions {
  queue: string;
  concurrency: number;
  idleExit?: string;
}

/** `voiceform worker --queue URL`: runs queued tenant jobs until stopped (exit 130) or idle (exit 0). */
export async function workerCommand(options: WorkerCommandOptions, io: IoHost, config: Config): Promise<number> {
  const concurrency = options.concurrency;
  const idleExitSeconds = options.idleExit === undefined ? undefined : Number(options.idleExit);
  if (idleExitSeconds !== undefined && !(idleExitSeconds > 0))
    throw new SpecInvalid(`--idle-exit must be a number of seconds above 0, got ${JSON.stringify(options.idleExit)}`);
  return runWorker(options.queue, { concurrency, idleExitSeconds, reapIntervalMs: 1000 }, io, config);
}
