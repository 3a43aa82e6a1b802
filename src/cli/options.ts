import { Option } from 'commander';
import { wholeNumber } from './whole-number.js';

/** Hands a command's exit code back to main. */
export type SetCode = (code: number) => void;

export const templatesOption = () =>
  new Option('--templates <dir>', 'directory of your own templates (and countries/*.json), over the built-in ones');
export const tenantOption = () =>
  new Option('--tenant <tenant>', 'sim:PATH (default: sim, i.e. $VOICEFORM_HOME/sim-tenant.json) or teams');
export const cloudOption = () =>
  new Option('--cloud <cloud>', 'with --tenant teams: the national cloud (Graph and login hosts)').choices([
    'global',
    'usgov',
    'usgovdod',
    'china',
  ]);
export const deviceCodeOption = () =>
  new Option('--device-code', 'with --tenant teams: sign in as a person with a device code instead of app-only');

/** Commander's parser for a whole-number option: invalid input (exit 3) naming it, before the command runs. */
export const wholeNumberOf = (option: string, min: number, max: number) => (value: string) =>
  wholeNumber(value, option, min, max);

/** Collects a repeatable option's values. */
export const repeatable = (value: string, all: string[]): string[] => [...all, value];
