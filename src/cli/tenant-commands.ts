import { Option, type Command } from 'commander';
import type { IoHost } from '../io/io-host.js';
import type { Config } from '../config.js';
import {
  cloudOption,
  deviceCodeOption,
  repeatable,
  templatesOption,
  tenantOption,
  wholeNumberOf,
  type SetCode,
} from './options.js';
import type { RunObserver } from '../batch/record-run.js';
import { recorded } from './recorded.js';

const identityOf = (file: string) => async () => (await import('../fleet/manifest.js')).specIdentity(file);

/** Commands that read (and later write) a tenant. */
export function registerTenantCommands(program: Command, io: IoHost, setCode: SetCode, config: Config): void {
  registerSimCommands(program, io, setCode, config);
  registerHealthCommand(program, io, setCode, config);

  program
    .command('plan')
    .description('show what apply would change, attribute by attribute')
    .argument('<spec>', 'spec file')
    .addOption(tenantOption())
    .addOption(deviceCodeOption())
    .addOption(cloudOption())
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown', 'html']).default('text'),
    )
    .option(
      '--out <file>',
      'save the plan (JSON) for a later `apply FILE`; with --format html or markdown, write that view instead',
    )
    .option('--force', 'let --out replace a file that is an input of the run or not a plan Voiceform wrote')
    .option('--detailed-exitcode', 'exit 0 when nothing changes, 2 when something would')
    .addOption(templatesOption())
    .action(async (file: string, opts) => {
      const { planCommand } = await import('../commands/plan.js');
      setCode(
        await recorded('plan', config, io, identityOf(file), (run) =>
          planCommand(file, { ...opts, onPlan: run.onPlan }, io, config),
        ),
      );
    });

  program
    .command('apply')
    .description('apply a spec (planned now) or a saved plan, with a journal and automatic rollback on failure')
    .argument('<spec-or-plan>', 'spec file, or a plan saved with `plan --out`')
    .addOption(tenantOption())
    .addOption(deviceCodeOption())
    .addOption(cloudOption())
    .option('--auto-approve', 'do not ask for confirmation (required without a terminal)')
    .addOption(templatesOption())
    .action(async (file: string, opts) => {
      const { applyCommand } = await import('../commands/apply.js');
      const apply = (run: RunObserver) =>
        applyCommand(file, { ...opts, onPlan: run.onPlan, onJournal: run.onJournal }, io, config);
      setCode(await recorded('apply', config, io, identityOf(file), apply));
    });

  for (const mode of ['rollback', 'resume'] as const) {
    const command = program.command(mode);
    if (mode === 'rollback')
      command.option('--force', 'roll back even though later applies wrote some of the same objects');
    command
      .description(
        mode === 'rollback'
          ? 'undo an apply: restore every object it touched'
          : 'finish an apply that was interrupted or killed',
      )
      .argument('[journal]', "journal file (default: the tenant's latest apply)")
      .addOption(tenantOption())
      .addOption(deviceCodeOption())
      .addOption(cloudOption())
      .option('--auto-approve', 'do not ask for confirmation (required without a terminal)')
      .action(async (journal: string | undefined, opts) => {
        const { recoverCommand } = await import('../commands/recover.js');
        const identity = async () => ({ tenantId: config.tenantId });
        const recover = (run: RunObserver) =>
          recoverCommand(mode, journal, { ...opts, onPlan: run.onPlan, onJournal: run.onJournal }, io, config);
        setCode(await recorded(mode, config, io, identity, recover));
      });
  }

  program
    .command('conformance')
    .description(
      'prove the tenant behaves as Voiceform expects: a prefixed test object of every kind created, read back, changed, cleared, granted, deleted, through the same code as apply; nothing left behind',
    )
    .addOption(tenantOption())
    .addOption(deviceCodeOption())
    .addOption(cloudOption())
    .option('--prefix <prefix>', 'every test object is named with it (and the tenant must have none yet)', 'vfconf-')
    .option('--kinds <list>', 'only these kinds (comma-separated; their dependencies come along)')
    .option('--user <upn>', 'the test user for grants (default: the first enabled Teams Phone user holding none)')
    .addOption(
      new Option('--format <format>', 'text or json (json: the file to attach to a bug report)')
        .choices(['text', 'json'])
        .default('text'),
    )
    .option('--keep', 'leave the test objects in the tenant (no delete stage, no cleanup)')
    .action(async (opts) =>
      setCode(await (await import('../commands/conformance.js')).conformanceCommand(opts, io, config)),
    );
  program
    .command('doctor')
    .description(
      'check the environment: Node, PowerShell and the MicrosoftTeams module, sign-in, Graph permissions, the Teams admin API, the database',
    )
    .addOption(tenantOption())
    .addOption(deviceCodeOption())
    .addOption(cloudOption())
    .action(async (opts) => setCode(await (await import('../commands/doctor.js')).doctorCommand(opts, io, config)));
  program
    .command('compliance')
    .description(
      "emergency calling per site and user: direct dial, notification, dispatchable location, coverage (US: Kari's Law, RAY BAUM's Act)",
    )
    .argument('<spec>', 'spec file')
    .option(
      '--tenant <tenant>',
      "evaluate what the tenant holds for the spec's sites and users (default: the spec's desired state)",
    )
    .addOption(deviceCodeOption())
    .addOption(cloudOption())
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'html']).default('text'))
    .option('--detailed-exitcode', 'exit 2 when any check fails')
    .option('--country <cc>', 'only the sites of this country (ISO 3166 alpha-2, e.g. US)')
    .addOption(templatesOption())
    .action(async (file: string, opts) =>
      setCode(await (await import('../commands/compliance.js')).complianceCommand(file, opts, io, config)),
    );

  program
    .command('export')
    .description("the tenant's voice configuration as a spec")
    .addOption(tenantOption())
    .addOption(deviceCodeOption())
    .addOption(cloudOption())
    .option('--name <name>', 'customer name to put in the spec')
    .action(async (opts) => setCode(await (await import('../commands/export.js')).exportCommand(opts, io, config)));

  program
    .command('adopt')
    .description(
      "make the tenant's hand-made objects Voiceform's: a plan that adds the ownership marker and nothing else",
    )
    .option(
      '--into <spec>',
      'adopt only the objects this spec names (default: every hand-made object but the org-wide Globals)',
    )
    .addOption(tenantOption())
    .addOption(deviceCodeOption())
    .addOption(cloudOption())
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--out <file>', 'save the plan for `voiceform apply FILE`')
    .option('--force', 'let --out replace a file that is not a plan Voiceform wrote')
    .addOption(templatesOption())
    .action(async (opts) => setCode(await (await import('../commands/adopt.js')).adoptCommand(opts, io, config)));
}

/** `sim init`, `sim serve`, `sim calls`: the simulated tenant. */
function registerSimCommands(program: Command, io: IoHost, setCode: SetCode, config: Config): void {
  const sim = program.command('sim').description('the simulated tenant');
  sim
    .command('init')
    .description('create a simulated tenant ready for a spec')
    .addOption(tenantOption())
    .option('--users-from <spec>', 'tenant id, domains and users from this spec')
    .option('--seed <file>', 'extra users, domains and Operator Connect numbers (JSON)')
    .option('--force', 'replace an existing simulated tenant')
    .addOption(templatesOption())
    .action(async (opts) => setCode(await (await import('../commands/sim.js')).simInitCommand(opts, io, config)));
  sim
    .command('serve')
    .description(
      'serve the simulated tenant over HTTPS on 127.0.0.1 (token endpoint, Teams cmdlet API) for the PowerShell flow',
    )
    .addOption(tenantOption())
    .option('--port <n>', 'port (default: any free one)')
    .addOption(
      new Option(
        '--realism <mode>',
        'lenient (writes show at once) or strict (as asynchronous as the documented service)',
      ).choices(['lenient', 'strict']),
    )
    .option('--latency-ms <n>', 'added to every cmdlet and Graph request')
    .option('--visibility-ms <n>', 'strict: how long a write takes to show in reads (default 1500)')
    .option(
      '--token-lifetime-s <n>',
      'how long the access tokens it issues last (default 3599, as Entra)',
      wholeNumberOf('--token-lifetime-s', 1, 86_400),
    )
    .action(async (opts) => setCode(await (await import('../commands/sim.js')).simServeCommand(opts, io, config)));
  sim
    .command('calls')
    .description(
      'add Direct Routing call records for a trunk to the simulated tenant (spread over the window, ending now)',
    )
    .addOption(tenantOption())
    .requiredOption('--trunk <fqdn>', 'the SBC the calls went through')
    .option('--calls <n>', 'how many calls', '100')
    .option('--failure-rate <r>', 'share that fail (0-1)', '0')
    .option('--sip-code <code>', 'SIP code of the failures', '503')
    .option('--sub-code <code>', "Microsoft's subcode of the failures (default 560 + the SIP code: the SBC answered)")
    .option('--duration <seconds>', 'average length of a successful call', '240')
    .option('--since <duration>', 'window the calls spread over, ending now (30m, 24h, 7d)', '24h')
    .action(async (opts) =>
      setCode(
        await (await import('../commands/sim.js')).simCallsCommand({ ...opts, durationS: opts.duration }, io, config),
      ),
    );
}

/** `health`: trunk health of one spec's tenant or a fleet. */
function registerHealthCommand(program: Command, io: IoHost, setCode: SetCode, config: Config): void {
  program
    .command('health')
    .description(
      'trunk health: call success per SBC from call records, SBC certificates, gateway lint, Message Center; alerts on change',
    )
    .argument('[spec]', 'spec file (its tenant and thresholds)')
    .option('--fleet <manifest>', 'every tenant of a fleet manifest instead of one spec')
    .option(
      '--allow-outside <path>',
      "with --fleet: a folder besides the manifest's whose files it may name; repeatable",
      repeatable,
      [] as string[],
    )
    .addOption(tenantOption())
    .addOption(deviceCodeOption())
    .addOption(cloudOption())
    .option('--since <duration>', 'window of call records, ending now (records arrive 5-10 min after a call)', '24h')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'html']).default('text'))
    .option('--out <file>', 'write the output to a file')
    .option('--force', 'let --out replace a file that is an input of the run or not a health report Voiceform wrote')
    .option('--detailed-exitcode', 'exit 2 when anything is warning or critical')
    .option(
      '--readiness',
      "also check each SBC against Microsoft's known platform changes: trust store, certificate renewal, firmware",
    )
    .option('--watch <interval>', 'check again every interval (15m) until Ctrl-C')
    .option(
      '--alert-webhook <url>',
      'post alerts (once per change of state) here; repeatable',
      repeatable,
      [] as string[],
    )
    .addOption(
      new Option('--alert-format <format>', 'webhook payload (default: told by the URL)').choices(['teams', 'json']),
    )
    .option(
      '--resolve <fqdn=address:port>',
      'probe an FQDN at another address (tests, split DNS); repeatable',
      repeatable,
      [] as string[],
    )
    .addOption(templatesOption())
    .action(async (file: string | undefined, opts) =>
      setCode(await (await import('../commands/health.js')).healthCommand(file, opts, io, config)),
    );
}
