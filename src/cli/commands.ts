import { Option, type Command } from 'commander';
import type { IoHost } from '../io/io-host.js';
import type { Config } from '../config.js';
import { renderCommand } from '../commands/render.js';
import { simulateCommand } from '../commands/simulate.js';
import { validateCommand } from '../commands/validate.js';
import { exportCommand } from '../commands/export.js';
import { planCommand } from '../commands/plan.js';
import { simCallsCommand, simInitCommand, simServeCommand } from '../commands/sim.js';
import { healthCommand } from '../commands/health.js';
import { applyCommand } from '../commands/apply.js';
import { recoverCommand } from '../commands/recover.js';
import { batchCommand } from '../batch/batch-command.js';
import { historyCommand } from '../commands/history.js';
import { workerCommand } from '../batch/worker-command.js';
import { specIdentity } from '../fleet/manifest.js';
import { recorded } from './recorded.js';
import { wholeNumber } from './whole-number.js';

type SetCode = (code: number) => void;

/** Commander's parser for a whole-number option: invalid input (exit 3) naming it, before the command runs. */
const wholeNumberOf = (option: string, min: number, max: number) => (value: string) => wholeNumber(value, option, min, max);

const templatesOption = () => new Option('--templates <dir>', 'directory of your own templates (and countries/*.json), over the built-in ones');

/** Declares every subcommand; each action hands its exit code back to main. */
export function registerCommands(program: Command, io: IoHost, setCode: SetCode, config: Config): void {
  program
    .command('validate')
    .description('check specs: schema and semantic rules; every problem names its JSON path')
    .argument('<spec...>', 'spec files')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(templatesOption())
    .action(async (files: string[], opts) => setCode(await validateCommand(files, opts, io)));

  program
    .command('render')
    .description('print the spec with templates expanded into explicit objects')
    .argument('<spec>', 'spec file')
    .addOption(templatesOption())
    .action(async (file: string, opts) => setCode(await renderCommand(file, opts, io)));

  program
    .command('simulate')
    .description('offline route finder: how a dialled string is normalized and routed')
    .argument('<spec>', 'spec file')
    .option('--site <name>', 'use the site\'s default dial plan and policy')
    .option('--user <upn>', 'use the user\'s dial plan and policy')
    .option('--dial <string>', 'what the user dials')
    .option('--expect <file>', 'check every row of a JSON file [{ site|user, dial, normalized?, route?, blocked? }]; exit 2 when any fails')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(templatesOption())
    .action(async (file: string, opts) => setCode(await simulateCommand(file, opts, io)));

  registerTenantCommands(program, io, setCode, config);
}

/** Commands that read (and later write) a tenant. */
export function registerTenantCommands(program: Command, io: IoHost, setCode: SetCode, config: Config): void {
  const tenantOption = () => new Option('--tenant <tenant>', 'sim:PATH (default: sim, i.e. $VOICEFORM_HOME/sim-tenant.json) or teams');
  const cloudOption = () => new Option('--cloud <cloud>', 'with --tenant teams: the national cloud (Graph and login hosts)').choices(['global', 'usgov', 'usgovdod', 'china']);
  const deviceCodeOption = () => new Option('--device-code', 'with --tenant teams: sign in as a person with a device code instead of app-only');
  const sim = program.command('sim').description('the simulated tenant');
  sim
    .command('init')
    .description('create a simulated tenant ready for a spec')
    .addOption(tenantOption())
    .option('--users-from <spec>', 'tenant id, domains and users from this spec')
    .option('--seed <file>', 'extra users, domains and Operator Connect numbers (JSON)')
    .option('--force', 'replace an existing simulated tenant')
    .addOption(templatesOption())
    .action(async (opts) => setCode(await simInitCommand(opts, io, config)));
  sim
    .command('serve')
    .description('serve the simulated tenant over HTTPS on 127.0.0.1 (token endpoint, Teams cmdlet API) for the PowerShell flow')
    .addOption(tenantOption())
    .option('--port <n>', 'port (default: any free one)')
    .addOption(new Option('--realism <mode>', 'lenient (writes show at once) or strict (as asynchronous as the documented service)').choices(['lenient', 'strict']))
    .option('--latency-ms <n>', 'added to every cmdlet and Graph request')
    .option('--visibility-ms <n>', 'strict: how long a write takes to show in reads (default 1500)')
    .action(async (opts) => setCode(await simServeCommand(opts, io, config)));

  sim
    .command('calls')
    .description('add Direct Routing call records for a trunk to the simulated tenant (spread over the window, ending now)')
    .addOption(tenantOption())
    .requiredOption('--trunk <fqdn>', 'the SBC the calls went through')
    .option('--calls <n>', 'how many calls', '100')
    .option('--failure-rate <r>', 'share that fail (0-1)', '0')
    .option('--sip-code <code>', 'SIP code of the failures', '503')
    .option('--sub-code <code>', "Microsoft's subcode of the failures (default 560 + the SIP code: the SBC answered)")
    .option('--duration <seconds>', 'average length of a successful call', '240')
    .option('--since <duration>', 'window the calls spread over, ending now (30m, 24h, 7d)', '24h')
    .action(async (opts) => setCode(await simCallsCommand({ ...opts, durationS: opts.duration }, io, config)));

  program
    .command('health')
    .description('trunk health: call success per SBC from call records, SBC certificates, gateway lint, Message Center; alerts on change')
    .argument('[spec]', 'spec file (its tenant and thresholds)')
    .option('--fleet <manifest>', 'every tenant of a fleet manifest instead of one spec')
    .addOption(tenantOption())
    .addOption(deviceCodeOption())
    .addOption(cloudOption())
    .option('--since <duration>', 'window of call records, ending now (records arrive 5-10 min after a call)', '24h')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'html']).default('text'))
    .option('--out <file>', 'write the output to a file')
    .option('--detailed-exitcode', 'exit 2 when anything is warning or critical')
    .option('--watch <interval>', 'check again every interval (15m) until Ctrl-C')
    .option('--alert-webhook <url>', 'post alerts (once per change of state) here; repeatable', (v: string, all: string[]) => [...all, v], [] as string[])
    .addOption(new Option('--alert-format <format>', 'webhook payload (default: told by the URL)').choices(['teams', 'json']))
    .option('--resolve <fqdn=address:port>', 'probe an FQDN at another address (tests, split DNS); repeatable', (v: string, all: string[]) => [...all, v], [] as string[])
    .addOption(templatesOption())
    .action(async (file: string | undefined, opts) => setCode(await healthCommand(file, opts, io, config)));

  program
    .command('plan')
    .description('show what apply would change, attribute by attribute')
    .argument('<spec>', 'spec file')
    .addOption(tenantOption())
    .addOption(deviceCodeOption())
    .addOption(cloudOption())
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown', 'html']).default('text'))
    .option('--out <file>', 'save the plan (JSON) for a later `apply FILE`')
    .option('--detailed-exitcode', 'exit 0 when nothing changes, 2 when something would')
    .addOption(templatesOption())
    .action(async (file: string, opts) => setCode(await recorded('plan', config, io, () => specIdentity(file), (run) => planCommand(file, { ...opts, onPlan: run.onPlan }, io, config))));

  program
    .command('apply')
    .description('apply a spec (planned now) or a saved plan, with a journal and automatic rollback on failure')
    .argument('<spec-or-plan>', 'spec file, or a plan saved with `plan --out`')
    .addOption(tenantOption())
    .addOption(deviceCodeOption())
    .addOption(cloudOption())
    .option('--auto-approve', 'do not ask for confirmation (required without a terminal)')
    .addOption(templatesOption())
    .action(async (file: string, opts) => setCode(await recorded('apply', config, io, () => specIdentity(file), (run) => applyCommand(file, { ...opts, onPlan: run.onPlan, onJournal: run.onJournal }, io, config))));

  for (const mode of ['rollback', 'resume'] as const) {
    const command = program.command(mode);
    if (mode === 'rollback') command.option('--force', 'roll back even though later applies wrote some of the same objects');
    command
      .description(mode === 'rollback' ? 'undo an apply: restore every object it touched' : 'finish an apply that was interrupted or killed')
      .argument('[journal]', "journal file (default: the tenant's latest apply)")
      .addOption(tenantOption())
      .addOption(deviceCodeOption())
      .addOption(cloudOption())
      .option('--auto-approve', 'do not ask for confirmation (required without a terminal)')
      .action(async (journal: string | undefined, opts) => setCode(await recorded(mode, config, io, () => ({ tenantId: config.tenantId }), (run) => recoverCommand(mode, journal, { ...opts, onPlan: run.onPlan, onJournal: run.onJournal }, io, config))));
  }

  const batch = program.command('batch').description('one command over every tenant of a fleet manifest, each on its own; one report');
  for (const command of ['validate', 'plan', 'apply'] as const) {
    const sub = batch
      .command(command)
      .description(`${command} every tenant of the manifest`)
      .argument('<manifest>', command === 'apply' ? 'fleet manifest (JSON), or a folder of plans saved by `batch plan --out-dir`' : 'fleet manifest (JSON)')
      .option('--concurrency <n>', 'tenants at once (default: the manifest\'s, else 4)', wholeNumberOf('--concurrency', 1, 64))
      .option('--only <names>', 'only these tenants (comma-separated names)')
      .option('--only-failed <report>', 'only the tenants a previous report.json shows as failed')
      .option('--report-dir <dir>', 'where report.json goes (default: $VOICEFORM_HOME/reports/<command>-<time>)')
      .option('--detailed-exitcode', 'exit 2 when some tenant has changes and none failed');
    if (command === 'plan') sub.option('--out-dir <dir>', 'save each tenant\'s plan as DIR/<name>.plan.json');
    if (command !== 'validate') {
      sub.option('--queue <url>', 'PostgreSQL (postgres://…): one job per tenant for `voiceform worker`s on any machines; waits and writes the same report');
      sub.option('--job-timeout <seconds>', 'with --queue: the longest one tenant may take (default 6 h)');
    }
    if (command === 'apply') sub.option('--auto-approve', 'apply without asking (required: review with batch plan first)');
    sub.action(async (manifest: string, opts) => setCode(await batchCommand(command, manifest, opts, io, config)));
  }

  program
    .command('worker')
    .description('run the tenant jobs `batch … --queue` enqueues, on this machine, until stopped')
    .requiredOption('--queue <url>', 'the PostgreSQL the batches queue in (postgres://…)')
    .option('--concurrency <n>', 'tenants at once', wholeNumberOf('--concurrency', 1, 64), 4)
    .option('--idle-exit <seconds>', 'stop after this long with nothing to do (default: run until stopped)')
    .action(async (opts) => setCode(await workerCommand(opts, io, config)));

  program
    .command('history')
    .description('the runs recorded: every plan, apply, rollback and resume, newest first')
    .option('--tenant <name>', "one tenant's runs: its customer or fleet name, or its tenant id")
    .option('--limit <n>', 'at most this many runs', wholeNumberOf('--limit', 1, 100_000), 20)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts) => setCode(await historyCommand(opts, io, config)));

  program
    .command('export')
    .description("the tenant's voice configuration as a spec")
    .addOption(tenantOption())
    .addOption(deviceCodeOption())
    .addOption(cloudOption())
    .option('--name <name>', 'customer name to put in the spec')
    .action(async (opts) => setCode(await exportCommand(opts, io, config)));
}
