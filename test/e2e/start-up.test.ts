import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../support/run-cli.js';

/** The packages a run of the built CLI loaded (node_modules names) and how many of its own files. */
function loaded(
  args: string[],
  env: Record<string, string> = {},
): { code: number | null; packages: string[]; ownFiles: number } {
  const trace = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vf-trace-')), 'loaded.txt');
  fs.writeFileSync(trace, '');
  const hook = path.join(ROOT, 'test/support/load-trace.mjs');
  const r = spawnSync(process.execPath, ['--import', hook, BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, VOICEFORM_LOAD_TRACE: trace },
    encoding: 'utf8',
  });
  const urls = [...new Set(fs.readFileSync(trace, 'utf8').split('\n').filter(Boolean))];
  const packages = new Set<string>();
  for (const u of urls) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u);
    if (m) packages.add(m[1]!);
  }
  return { code: r.status, packages: [...packages].sort(), ownFiles: urls.filter((u) => u.includes('/dist/')).length };
}

// What a Teams run, the database and the fleet queue need: never loaded to start, validate or plan on the sim.
const HEAVY = [
  '@azure/identity',
  '@azure/msal-node',
  '@microsoft/microsoft-graph-client',
  'node-powershell',
  'pg',
  'pg-boss',
  '@electric-sql/pglite',
  'selfsigned',
];

describe('start-up loads what the command needs', () => {
  it('--version, --help and a usage error load commander and little else', () => {
    for (const args of [['--version'], ['--help'], ['plan', '--no-such-option'], ['apply', '--help']]) {
      const run = loaded(args);
      expect(run.code, args.join(' ')).toBe(args.includes('--no-such-option') ? 3 : 0);
      expect(run.packages, args.join(' ')).toEqual(['commander', 'picocolors']);
      expect(run.ownFiles, args.join(' ')).toBeLessThan(15);
    }
  });

  it('validate loads the validator, templates and numbering, but no Teams, Graph or database client', () => {
    const run = loaded(['validate', 'samples/small-business.json']);
    expect(run.code).toBe(0);
    expect(run.packages).toEqual(expect.arrayContaining(['libphonenumber-js', 'handlebars']));
    for (const heavy of HEAVY) expect(run.packages).not.toContain(heavy);
  });

  it('plan and apply on the simulated tenant load no Teams, Graph or database client', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'vf-home-'));
    const env = { VOICEFORM_HOME: home };
    expect(loaded(['sim', 'init', '--users-from', 'samples/small-business.json'], env).code).toBe(0);
    for (const args of [
      ['plan', 'samples/small-business.json'],
      ['apply', 'samples/small-business.json', '--auto-approve'],
    ]) {
      const run = loaded(args, env);
      expect(run.code, args[0]).toBe(0);
      for (const heavy of HEAVY) expect(run.packages, args[0]).not.toContain(heavy);
    }
  });
});
