/**
 * #12 §2 and §9: a saved plan applies only as computed (hand edits are refused, naming the first
 * differing change), large plans load, and bad paths or usage are invalid input (exit 3) without
 * a stack trace.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSpec } from '../../bench/generate-spec.mjs';
import { ROOT, runCli } from '../support/run-cli.js';

const BEFORE = path.join(ROOT, 'test/fixtures/specs/northwind-before.json');
const AFTER = path.join(ROOT, 'test/fixtures/specs/northwind-after.json');

function planned(): { dir: string; tenant: string; plan: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'vf-planfile-'));
  expect(runCli(['sim', 'init', '--users-from', AFTER], { cwd: dir }).code).toBe(0);
  expect(runCli(['plan', BEFORE, '--out', 'plan.json'], { cwd: dir }).code).toBe(0);
  return { dir, tenant: path.join(dir, '.voiceform/sim-tenant.json'), plan: path.join(dir, 'plan.json') };
}

const routeNames = (dir: string): string[] =>
  JSON.parse(readFileSync(path.join(dir, '.voiceform/sim-tenant.json'), 'utf8'))
    .voice.voiceRoutes.map((r: { name: string }) => r.name)
    .sort();

const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |This is a bug/);

describe('saved plans are tamper-evident (built CLI)', () => {
  it('refuses a plan whose changes[].after was edited by hand, naming the change (exit 4), and writes nothing', () => {
    const { dir, tenant, plan } = planned();
    const doc = JSON.parse(readFileSync(plan, 'utf8'));
    const i = doc.changes.findIndex((c: { address: string }) => c.address === 'voiceRoute["R-Local"]');
    doc.changes[i].after.numberPattern = '^\\+.*$';
    writeFileSync(plan, JSON.stringify(doc));
    const before = readFileSync(tenant, 'utf8');
    const r = runCli(['apply', 'plan.json', '--auto-approve'], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`changes[${i}] (voiceRoute["R-Local"]) differs from what that spec plans`);
    expect(readFileSync(tenant, 'utf8')).toBe(before);
  });

  it('refuses a plan with an added delete of a route Voiceform does not manage (exit 4)', () => {
    const { dir, tenant, plan } = planned();
    const state = JSON.parse(readFileSync(tenant, 'utf8'));
    const theirs = state.voice.voiceRoutes.find(
      (r: { description: string }) => !r.description.startsWith('[voiceform]'),
    );
    const doc = JSON.parse(readFileSync(plan, 'utf8'));
    doc.changes.push({
      address: `voiceRoute[${JSON.stringify(theirs.name)}]`,
      kind: 'voiceRoute',
      name: theirs.name,
      action: 'delete',
      before: theirs,
      after: null,
      diff: [],
    });
    writeFileSync(plan, JSON.stringify(doc));
    const r = runCli(['apply', 'plan.json', '--auto-approve'], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`(voiceRoute[${JSON.stringify(theirs.name)}]) differs`);
    expect(JSON.parse(readFileSync(tenant, 'utf8')).voice.voiceRoutes.map((x: { name: string }) => x.name)).toContain(
      theirs.name,
    );
  });

  it('refuses a plan that does not carry its spec (an older format, or the field removed)', () => {
    const { dir, plan } = planned();
    const doc = JSON.parse(readFileSync(plan, 'utf8'));
    delete doc.rendered;
    writeFileSync(plan, JSON.stringify(doc));
    const r = runCli(['apply', 'plan.json', '--auto-approve'], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/does not carry the spec it was computed from/);
  });

  it('loads and applies a plan larger than the 10 MB spec limit', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-bigplan-'));
    writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(generateSpec(8000)));
    expect(runCli(['sim', 'init', '--users-from', 'spec.json'], { cwd: dir }).code).toBe(0);
    expect(runCli(['plan', 'spec.json', '--out', 'plan.json'], { cwd: dir }).code).toBe(0);
    expect(statSync(path.join(dir, 'plan.json')).size).toBeGreaterThan(10 * 1024 * 1024);
    const r = runCli(['apply', 'plan.json', '--auto-approve'], { cwd: dir });
    expect(r.stderr).toMatch(/Apply complete/);
    expect(r.code).toBe(0);
  }, 120_000);
});

describe('bad paths and usage are invalid input (exit 3, no stack trace)', () => {
  it('a directory, a missing file or a path through a file, as spec, plan or journal', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-badpath-'));
    mkdirSync(path.join(dir, 'folder'));
    writeFileSync(path.join(dir, 'file'), '{}');
    for (const args of [
      ['validate', 'folder'],
      ['plan', 'folder'],
      ['apply', 'folder', '--auto-approve'],
      ['plan', 'missing.json'],
      ['apply', 'file/x.json'],
      ['rollback', 'folder'],
      ['resume', 'missing.ndjson'],
      ['render', 'folder'],
    ]) {
      const r = runCli(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.stdout + r.stderr, args.join(' ')).toMatch(
        /cannot read (spec|spec or plan|journal|the file)\b.*: (it is a directory|no such file|ENOTDIR)/,
      );
      noStack(r.stderr);
    }
  });

  it('plan --out into a missing folder or onto a folder: exit 3, and no folder is created', () => {
    const { dir } = planned();
    const missing = runCli(['plan', BEFORE, '--out', 'no/such/folder/plan.json'], { cwd: dir });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/folder .* does not exist/);
    expect(existsSync(path.join(dir, 'no'))).toBe(false);
    mkdirSync(path.join(dir, 'out'));
    const onto = runCli(['plan', BEFORE, '--out', 'out'], { cwd: dir });
    expect(onto.code).toBe(3);
    expect(onto.stderr).toMatch(/it is a directory/);
    noStack(onto.stderr);
  });

  it('usage errors: unknown command or option, missing argument', () => {
    for (const args of [['frobnicate'], ['plan'], ['plan', BEFORE, '--bogus'], ['validate']]) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.stderr).toMatch(/unknown command|missing required argument|unknown option/);
    }
    expect(runCli(['--version']).code).toBe(0);
  });

  it('a journal with a damaged header explains what is wrong and how to recover; damaged lines after it are skipped', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-journal-'));
    expect(runCli(['sim', 'init', '--users-from', AFTER], { cwd: dir }).code).toBe(0);
    const initialRoutes = routeNames(dir);
    const applied = runCli(['apply', BEFORE, '--auto-approve'], { cwd: dir });
    expect(routeNames(dir)).not.toEqual(initialRoutes);
    const journal = /Journal: (\S+)/.exec(applied.stderr)![1]!;
    const lines = readFileSync(journal, 'utf8').split('\n');
    writeFileSync(path.join(dir, 'torn-header.ndjson'), [lines[0]!.slice(0, 200), ...lines.slice(1)].join('\n'));
    const torn = runCli(['rollback', 'torn-header.ndjson', '--auto-approve'], { cwd: dir });
    expect(torn.code).toBe(3);
    expect(torn.stderr).toMatch(/damaged in its first line, the header/);
    expect(torn.stderr).toMatch(/Hint: without the header Voiceform cannot know what to restore/);
    noStack(torn.stderr);
    // A damaged intent in the middle: rollback uses every intact line and still restores everything.
    const middle = lines.findIndex((l) => l.includes('"type":"intent"'));
    writeFileSync(journal, lines.map((l, i) => (i === middle ? l.slice(0, 20) : l)).join('\n'));
    const rb = runCli(['rollback', journal, '--auto-approve'], { cwd: dir });
    expect(rb.stderr).toMatch(new RegExp(`line\\(s\\) ${middle + 1} are damaged and skipped`));
    expect(rb.code).toBe(0);
    expect(routeNames(dir)).toEqual(initialRoutes);
  });
});
