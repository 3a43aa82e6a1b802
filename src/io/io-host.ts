import { createInterface } from 'node:readline/promises';
import pc from 'picocolors';

/**
 * Every message and prompt goes through one host, so commands never touch the console and tests
 * can record what a user would see.
 */
export interface IoHost {
  /** Results (plans, JSON, reports): stdout. */
  out(text: string): void;
  /** Progress, warnings and errors: stderr. */
  err(text: string): void;
  /** True when a person is at a terminal (prompts and progress bars allowed). */
  readonly interactive: boolean;
  readonly color: boolean;
  /** Asks a question on the terminal; only called when interactive. */
  prompt(question: string): Promise<string>;
}

export function consoleHost(): IoHost {
  // `voiceform plan | head`: a reader that goes away must not crash the command (an apply would
  // stop between a write and its journal line). Output to it is dropped; the work goes on.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
  const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY);
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && pc.isColorSupported;
  return {
    out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    interactive,
    color,
    async prompt(question) {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  };
}

/** A host that records output, for tests; answers prompts from a list. */
export function recordingHost(
  answers: string[] = [],
  interactive = false,
): IoHost & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => void stdout.push(t),
    err: (t) => void stderr.push(t),
    interactive,
    color: false,
    prompt: async () => answers.shift() ?? '',
  };
}
