import { Command, CommanderError, Option } from 'commander';
import { consoleHost, type IoHost } from '../io/io-host.js';
import { registerCommands } from './commands.js';
import { reportError } from '../io/report-error.js';
import { readConfig } from '../config.js';

import { TOOL_VERSION } from '../version.js';
export { TOOL_VERSION };

/**
 * Entry point: argv → command → exit code (DESIGN.md: 0 ok, 1 error, 2 changes, 3 invalid input,
 * 4 precondition, 5 rolled back, 6 rollback incomplete, 130 interrupted). Errors become exit codes
 * in one place, report-error.ts.
 */
export async function main(argv: string[], io: IoHost = consoleHost()): Promise<never> {
  const code = await run(argv, io);
  // Pipes are written asynchronously: exiting before they drain would cut long output (a plan).
  await Promise.all(
    [process.stdout, process.stderr].map((s) => new Promise<void>((resolve) => s.write('', () => resolve()))),
  );
  process.exit(code);
}

export async function run(argv: string[], io: IoHost): Promise<number> {
  const debug = argv.includes('--debug');
  let code = 0;
  const program = new Command('voiceform')
    .description('Desired-state engine for Microsoft Teams Direct Routing voice')
    .version(TOOL_VERSION)
    .addOption(new Option('--debug', 'print stack traces of errors'))
    .addOption(
      new Option(
        '--database <url>',
        'a shared PostgreSQL (postgres://…) for run history and tenant locks; default VOICEFORM_DATABASE_URL, else the embedded one under VOICEFORM_HOME',
      ),
    )
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();
  const config = readConfig();
  program.hook('preAction', () => {
    const database = program.opts<{ database?: string }>().database;
    if (database) config.databaseUrl = database;
  });
  registerCommands(
    program,
    io,
    (c) => {
      code = c;
    },
    config,
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
