/**
 * `npm install -g voiceform` as a user gets it: a package packed from a clean tree (no dist/, so
 * prepack must build) installs into an empty folder and runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/run-cli.js';

// What a clean clone holds of the package's sources (no dist/, no build output of any kind).
const SOURCES = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'README.md',
  'bin',
  'src',
  'schemas',
  'templates',
  'samples',
  'scripts',
];
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
    timeout: 300_000,
  });

describe('the packed package', () => {
  it('builds when packed from a clean tree, installs into an empty folder, and runs --version and validate', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vf-pack-'));
    const clean = path.join(work, 'clean');
    fs.mkdirSync(clean);
    for (const entry of SOURCES) fs.cpSync(path.join(ROOT, entry), path.join(clean, entry), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(clean, 'node_modules'));
    expect(fs.existsSync(path.join(clean, 'dist'))).toBe(false);

    // The prepack build prints before npm's JSON.
    const out = npm(['pack', '--json', '--pack-destination', work], clean);
    const packed = JSON.parse(out.slice(out.search(/^\[/m))) as { filename: string; files: { path: string }[] }[];
    const files = packed[0]!.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/cli/main.js',
        'dist/validate/schema-validators.cjs',
        'bin/voiceform',
        'schemas/voiceform.schema.json',
        'templates/countries/GB.json',
      ]),
    );
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);

    const user = path.join(work, 'user');
    fs.mkdirSync(user);
    fs.writeFileSync(path.join(user, 'package.json'), '{ "name": "someone", "private": true }\n');
    npm(['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(work, packed[0]!.filename)], user);
    const bin = path.join(user, 'node_modules/.bin/voiceform');
    const version = spawnSync(bin, ['--version'], { cwd: user, encoding: 'utf8' });
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    const sample = path.join(user, 'node_modules/voiceform/samples/small-business.json');
    const validate = spawnSync(bin, ['validate', sample], { cwd: user, encoding: 'utf8' });
    expect(validate.status, validate.stderr).toBe(0);
    expect(validate.stdout).toContain('valid');
  });
});
