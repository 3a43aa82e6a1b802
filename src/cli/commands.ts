import type { Command } from 'commander';
import type { IoHost } from '../io/io-host.js';
import type { Config } from '../config.js';
import { registerFleetCommands } from './fleet-commands.js';
import type { SetCode } from './options.js';
import { registerSpecCommands } from './spec-commands.js';
import { registerTenantCommands } from './tenant-commands.js';

/**
 * Declares every subcommand; each action hands its exit code back to main. A command's module is
 * imported when it runs, so `--help`, `--version` and usage errors load commander and little else.
 */
export function registerCommands(program: Command, io: IoHost, setCode: SetCode, config: Config): void {
  registerSpecCommands(program, io, setCode);
  registerTenantCommands(program, io, setCode, config);
  registerFleetCommands(program, io, setCode, config);
}
