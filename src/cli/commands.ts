import { Option, type Command } from 'commander';
import type { IoHost } from '../io/io-host.js';
import { renderCommand } from '../commands/render.js';
import { simulateCommand } from '../commands/simulate.js';
import { validateCommand } from '../commands/validate.js';

type SetCode = (code: number) => void;

const templatesOption = () => new Option('--templates <dir>', 'directory of your own templates (and countries/*.json), over the built-in ones');

/** Declares every subcommand; each action hands its exit code back to main. */
export function registerCommands(program: Command, io: IoHost, setCode: SetCode): void {
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
    .requiredOption('--dial <string>', 'what the user dials')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(templatesOption())
    .action(async (file: string, opts) => setCode(await simulateCommand(file, opts, io)));
}
