import { Option, type Command } from 'commander';
import type { IoHost } from '../io/io-host.js';
import type { Config } from '../config.js';
import { repeatable, wholeNumberOf, type SetCode } from './options.js';

/** Commands over many tenants and runs: batch, worker, history. */
export function registerFleetCommands(program: Command, io: IoHost, setCode: SetCode, config: Config): void {
  const batch = program
    .command('batch')
    .description('one command over every tenant of a fleet manifest, each on its own; one report');
  for (const command of ['validate', 'plan', 'apply'] as const) {
    const sub = batch
      .command(command)
      .description(`${command} every tenant of the manifest`)
      .argument(
        '<manifest>',
        command === 'apply'
          ? 'fleet manifest (JSON), or a folder of plans saved by `batch plan --out-dir`'
          : 'fleet manifest (JSON)',
      )
      .option(
        '--concurrency <n>',
        "tenants at once (default: the manifest's, else 4)",
        wholeNumberOf('--concurrency', 1, 64),
      )
      .option('--only <names>', 'only these tenants (comma-separated names)')
      .option('--only-failed <report>', 'only the tenants a previous report.json shows as failed')
      .option('--report-dir <dir>', 'where report.json goes (default: $VOICEFORM_HOME/reports/<command>-<time>)')
      .option('--detailed-exitcode', 'exit 2 when some tenant has changes and none failed')
      .option(
        '--allow-outside <path>',
        "a folder besides the manifest's whose specs, tenants and templates it may name; repeatable",
        repeatable,
        [] as string[],
      );
    if (command === 'plan') sub.option('--out-dir <dir>', "save each tenant's plan as DIR/<name>.plan.json");
    if (command !== 'validate') {
      sub.option(
        '--queue <url>',
        'PostgreSQL (postgres://…): one job per tenant for `voiceform worker`s on any machines; waits and writes the same report',
      );
      sub.option('--job-timeout <seconds>', 'with --queue: the longest one tenant may take (default 6 h)');
    }
    if (command === 'apply')
      sub.option('--auto-approve', 'apply without asking (required: review with batch plan first)');
    sub.action(async (manifest: string, opts) =>
      setCode(await (await import('../batch/batch-command.js')).batchCommand(command, manifest, opts, io, config)),
    );
  }

  batch
    .command('sim-init')
    .description('a simulated tenant for every sim: tenant of the manifest, each from its spec, in one process')
    .argument('<manifest>', 'fleet manifest (JSON)')
    .option('--force', 'replace simulated tenants that exist')
    .option(
      '--allow-outside <path>',
      "a folder besides the manifest's whose specs, tenants and templates it may name; repeatable",
      repeatable,
      [] as string[],
    )
    .action(async (manifest: string, opts) =>
      setCode(await (await import('../commands/sim.js')).batchSimInitCommand(manifest, opts, io, config)),
    );

  program
    .command('worker')
    .description('run the tenant jobs `batch … --queue` enqueues, on this machine, until stopped')
    .requiredOption('--queue <url>', 'the PostgreSQL the batches queue in (postgres://…)')
    .option('--concurrency <n>', 'tenants at once', wholeNumberOf('--concurrency', 1, 64), 4)
    .option('--idle-exit <seconds>', 'stop after this long with nothing to do (default: run until stopped)')
    .action(async (opts) =>
      setCode(await (await import('../batch/worker-command.js')).workerCommand(opts, io, config)),
    );

  program
    .command('history')
    .description('the runs recorded: every plan, apply, rollback and resume, newest first')
    .option('--tenant <name>', "one tenant's runs: its customer or fleet name, or its tenant id")
    .option('--limit <n>', 'at most this many runs', wholeNumberOf('--limit', 1, 100_000), 20)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts) => setCode(await (await import('../commands/history.js')).historyCommand(opts, io, config)));
}
