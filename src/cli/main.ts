import { Command, CommanderError, Option } from 'commander';
import { InternalError, SpecInvalid, TenantNotReady, VoiceformError } from '../errors.js';
import { consoleHost, type IoHost } from '../io/io-host.js';
import { registerCommands } from './commands.js';
import { readConfig } from './config.js';

import { TOOL_VERSION } from '../version.js';
export { TOOL_VERSION };

/**
 * Entry point: argv → command → exit code. The only place errors become exit codes
 * (DESIGN.md: 0 ok, 1 error, 2 changes, 3 invalid input, 4 precondition, 5 rolled back,
 * 6 rollback incomplete, 130 interrupted).
 */
export async function main(argv: string[], io: IoHost = consoleHost()): Promise<never> {
  const code = await run(argv, io);
  // Pipes are written asynchronously: exiting before they drain would cut long output (a plan).
  await Promise.all([process.stdout, process.stderr].map((s) => new Promise<void>((resolve) => s.write('', () => resolve()))));
  process.exit(code);
}

export async function run(argv: string[], io: IoHost): Promise<number> {
  const debug = argv.includes('--debug');
  let code = 0;
  const program = new Command('voiceform')
    .description('Desired-state engine for Microsoft Teams Direct Routing voice')
    .version(TOOL_VERSION)
    .addOption(new Option('--debug', 'print stack traces of errors'))
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();
  registerCommands(
    program,
    io,
    (c) => {
      code = c;
    },
    readConfig(),
  );
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    // Help and version exit 0; every usage error (unknown command or option, missing argument) is invalid input.
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 3;
    return reportError(err, io, debug);
  }
}

function reportError(err: unknown, io: IoHost, debug: boolean): number {
  const e = err instanceof VoiceformError ? err : new InternalError(String((err as Error)?.message ?? err), undefined, { cause: err });
  io.err(`Error: ${e.message}`);
  if (e instanceof SpecInvalid || e instanceof TenantNotReady) {
    for (const p of e.problems) io.err(`  ${p.file ? `${p.file}: ` : ''}${p.path || '/'}: ${p.message} [${p.rule}]`);
  }
  if (e.hint) io.err(`Hint: ${e.hint}`);
  if (e instanceof InternalError) {
    const cause = e.cause instanceof Error ? e.cause : e;
    io.err(cause.stack ?? String(cause));
    io.err('This is a bug in Voiceform; please report it with the output above.');
  } else if (debug) io.err(e.stack ?? '');
  return e.exitCode;
}
