import { Option, type Command } from 'commander';
import type { IoHost } from '../io/io-host.js';
import { repeatable, templatesOption, type SetCode } from './options.js';

/** Commands that read a spec and no tenant: validate, render, simulate. */
export function registerSpecCommands(program: Command, io: IoHost, setCode: SetCode): void {
  program
    .command('validate')
    .description('check specs: schema and semantic rules; every problem names its JSON path')
    .argument('<spec...>', 'spec files')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(templatesOption())
    .action(async (files: string[], opts) =>
      setCode(await (await import('../commands/validate.js')).validateCommand(files, opts, io)),
    );

  program
    .command('render')
    .description('print the spec with templates expanded into explicit objects')
    .argument('<spec>', 'spec file')
    .addOption(templatesOption())
    .action(async (file: string, opts) =>
      setCode(await (await import('../commands/render.js')).renderCommand(file, opts, io)),
    );

  const imports = program.command('import').description('bring what people already have into a spec');
  imports
    .command('m365dsc')
    .description(
      "a Microsoft365DSC configuration's voice resources as a spec (printed; read by pwsh's parser, never run)",
    )
    .argument('<file>', 'the configuration (.ps1) Microsoft365DSC exported')
    .requiredOption(
      '--organization <name>',
      'what $OrganizationName stands for (contoso.onmicrosoft.com, or the domain)',
    )
    .requiredOption('--tenant-id <id>', "the tenant's id (a DSC export does not carry it)")
    .option('--customer <name>', "the spec's customer name")
    .option('--domain <domain>', "the spec's customer domain (default: --organization)")
    .option('--gateways <file>', "a JSON array of the spec's gateway entries (DSC has no gateway resource)")
    .addOption(templatesOption())
    .action(async (file: string, opts) =>
      setCode(await (await import('../commands/import-dsc.js')).importDscCommand(file, opts, io)),
    );
  imports
    .command('csv')
    .description("merge a spreadsheet's users (CSV as Excel saves it) into a spec")
    .argument('<file>', 'the CSV file: first row headers (UPN, Number, Site, Policy…)')
    .requiredOption('--into <spec>', 'the spec to merge the users into (replaced atomically once it validates)')
    .option(
      '--site <name>',
      "the site of rows that name none (and, with --absent-missing, the only site's users offboarded)",
    )
    .option(
      '--map <column=field,…>',
      'a column for a user field (upn, phoneNumber, site, phoneNumberType, voiceRoutingPolicy, dialPlan, emergencyCallRoutingPolicy, callingLineIdentity); repeatable',
      repeatable,
      [] as string[],
    )
    .addOption(
      new Option('--empty-number <mode>', "a new user without a number: skipped, or one from the site's ranges")
        .choices(['none', 'auto'])
        .default('none'),
    )
    .option('--absent-missing', "offboard the spec's users the file does not list (absent: true)")
    .option('--dry-run', 'print the change to the spec, write nothing')
    .addOption(templatesOption())
    .action(async (file: string, opts) =>
      setCode(await (await import('../commands/import-csv.js')).importCsvCommand(file, opts, io)),
    );

  program
    .command('simulate')
    .description(
      'offline route finder: how a dialled string is normalized and routed, or where a call to a main number lands',
    )
    .argument('<spec>', 'spec file')
    .option('--site <name>', "use the site's default dial plan and policy")
    .option('--user <upn>', "use the user's dial plan and policy")
    .option('--dial <string>', 'what the user dials')
    .option('--call <number>', 'a main number: walk the call through its resource account, auto attendant and queue')
    .option(
      '--at <time>',
      "with --call: YYYY-MM-DDTHH:MM on the attendant's clock, or an instant with an offset (default: now)",
    )
    .option('--keys <keys>', 'with --call: the keys the caller presses, in order (e.g. 1)')
    .option(
      '--expect <file>',
      'check every row of a JSON file [{ site|user, dial, normalized?, route?, blocked? }]; exit 2 when any fails',
    )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(templatesOption())
    .action(async (file: string, opts) =>
      setCode(await (await import('../commands/simulate.js')).simulateCommand(file, opts, io)),
    );
}
