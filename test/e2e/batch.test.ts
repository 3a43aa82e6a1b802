/**
 * #14: `voiceform batch` over a fleet of simulated tenants through the built CLI — a broken spec
 * and a tenant that fails preflight are lines in the report, never a stop; --only-failed reruns
 * just them; bad manifests are refused naming the entry.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli } from '../support/run-cli.js';

const SMALL = path.join(ROOT, 'samples/small-business.json');
const GOOD = Array.from({ length: 28 }, (_, i) => `t${String(i + 1).padStart(2, '0')}`);

interface Report {
  formatVersion: number;
  command: string;
  tenants: {
    name: string;
    tenantId: string | null;
    status: string;
    exitCode: number;
    summary: { add: number; change: number; destroy: number } | null;
    planFile: string | null;
    journal: string | null;
    messages: string[];
  }[];
}

const report = (dir: string, sub: string): Report =>
  JSON.parse(readFileSync(path.join(dir, sub, 'report.json'), 'utf8'));
const statuses = (r: Report) => Object.fromEntries(r.tenants.map((t) => [t.name, t.status]));

/** 30 tenants: 28 ready for their spec, one whose spec is broken, one whose tenant lacks the spec's users. */
function fleet(good = GOOD, broken = true): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vf-fleet-'));
  mkdirSync(path.join(dir, 'customers'));
  mkdirSync(path.join(dir, 'tenants'));
  copyFileSync(SMALL, path.join(dir, 'customers/small.json'));
  writeFileSync(path.join(dir, 'customers/broken.json'), '{ "apiVersion": "voiceform/v1", "customer": ');
  expect(
    runCli(['sim', 'init', '--tenant', 'sim:tenants/ready.json', '--users-from', 'customers/small.json'], { cwd: dir })
      .code,
  ).toBe(0);
  expect(runCli(['sim', 'init', '--tenant', 'sim:tenants/bare.json'], { cwd: dir }).code).toBe(0);
  for (const name of good) copyFileSync(path.join(dir, 'tenants/ready.json'), path.join(dir, `tenants/${name}.json`));
  const tenants = [
    ...good.map((name) => ({ name, spec: 'customers/small.json', tenant: `sim:tenants/${name}.json` })),
    ...(broken
      ? [
          { name: 'broken', spec: 'customers/broken.json', tenant: 'sim:tenants/broken.json' },
          { name: 'bare', spec: 'customers/small.json', tenant: 'sim:tenants/bare.json' },
        ]
      : []),
  ];
  writeFileSync(
    path.join(dir, 'fleet.json'),
    JSON.stringify({ apiVersion: 'voiceform/v1', kind: 'Fleet', defaults: { concurrency: 4 }, tenants }),
  );
  return dir;
}

describe('voiceform batch (built CLI, 30 simulated tenants)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fleet();
  });

  it('plans every tenant; the broken spec and the unready tenant are reported, not a stop (exit 1)', () => {
    const r = runCli(['batch', 'plan', 'fleet.json', '--report-dir', 'plan1', '--out-dir', 'plans'], { cwd: dir });
    expect(r.code).toBe(1);
    const rep = report(dir, 'plan1');
    expect(rep).toMatchObject({ formatVersion: 1, command: 'plan' });
    expect(statuses(rep)).toEqual({
      ...Object.fromEntries(GOOD.map((n) => [n, 'changes'])),
      broken: 'invalid',
      bare: 'precondition',
    });
    const t01 = rep.tenants.find((t) => t.name === 't01')!;
    expect(t01.summary).toEqual({ add: 38, change: 0, destroy: 0 });
    expect(JSON.parse(readFileSync(t01.planFile!, 'utf8')).changes).toHaveLength(38);
    expect(rep.tenants.find((t) => t.name === 'broken')!.messages.join('\n')).toMatch(/not valid JSON/);
    expect(rep.tenants.find((t) => t.name === 'bare')!.messages.join('\n')).toMatch(/not ready/);
    expect(r.stdout).toMatch(/30 tenant\(s\): 0 ok, 28 with changes, 2 failed\./);
    // The HTML report beside it: the fleet's counts and each tenant's plan (38 changes for t01).
    const html = readFileSync(path.join(dir, 'plan1/report.html'), 'utf8');
    expect(html).toContain('30 tenant(s): 0 ok, 28 with changes, 2 failed.');
    expect(html.match(/<details><summary>Plan<\/summary>/g)).toHaveLength(28);
    expect(html).toContain('38 to add, 0 to change, 0 to destroy.');
  });

  it('applies the 28 (each with its own journal), reports the two, and --only-failed reruns just them', () => {
    expect(runCli(['batch', 'apply', 'fleet.json'], { cwd: dir }).code).toBe(4); // no --auto-approve
    const r = runCli(['batch', 'apply', 'fleet.json', '--auto-approve', '--report-dir', 'apply1'], { cwd: dir });
    expect(r.code).toBe(1);
    const rep = report(dir, 'apply1');
    expect(statuses(rep)).toEqual({
      ...Object.fromEntries(GOOD.map((n) => [n, 'ok'])),
      broken: 'invalid',
      bare: 'precondition',
    });
    const journals = new Set(rep.tenants.filter((t) => t.status === 'ok').map((t) => t.journal));
    expect(journals.size).toBe(28);
    // Converged: nothing left to do for the 28 (exit 0 with --detailed-exitcode).
    expect(
      runCli(
        ['batch', 'plan', 'fleet.json', '--only', GOOD.join(','), '--detailed-exitcode', '--report-dir', 'plan2'],
        { cwd: dir },
      ).code,
    ).toBe(0);
    expect(new Set(report(dir, 'plan2').tenants.map((t) => t.status))).toEqual(new Set(['ok']));
    const again = runCli(
      ['batch', 'plan', 'fleet.json', '--only-failed', 'apply1/report.json', '--report-dir', 'plan3'],
      { cwd: dir },
    );
    expect(again.code).toBe(1);
    expect(statuses(report(dir, 'plan3'))).toEqual({ broken: 'invalid', bare: 'precondition' });
  });
});

describe('saved plans and Ctrl-C', () => {
  it('batch apply DIR applies the plans batch plan --out-dir saved, refusing each stale one on its own', () => {
    const dir = fleet(['a', 'b', 'c'], false);
    expect(
      runCli(['batch', 'plan', 'fleet.json', '--out-dir', 'plans', '--report-dir', 'r1', '--detailed-exitcode'], {
        cwd: dir,
      }).code,
    ).toBe(2);
    // Someone applies to b after the plans were saved: b's plan no longer fits its tenant.
    expect(
      runCli(['apply', 'customers/small.json', '--tenant', 'sim:tenants/b.json', '--auto-approve'], { cwd: dir }).code,
    ).toBe(0);
    const r = runCli(['batch', 'apply', 'plans', '--auto-approve', '--report-dir', 'r2'], { cwd: dir });
    expect(r.code).toBe(1);
    const rep = report(dir, 'r2');
    expect(statuses(rep)).toEqual({ a: 'ok', b: 'precondition', c: 'ok' });
    expect(rep.tenants.find((t) => t.name === 'b')!.messages.join('\n')).toMatch(/state fingerprint no longer matches/);
    expect(rep.tenants.find((t) => t.name === 'a')!.planFile).toBe(path.join(dir, 'plans/a.plan.json'));
  });

  it('Ctrl-C lets the running tenant finish its step and close its journal, starts no more, and exits 130', async () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const dir = fleet(names, false);
    const child = spawn(
      process.execPath,
      [BIN, 'batch', 'apply', 'fleet.json', '--auto-approve', '--concurrency', '1', '--report-dir', 'r'],
      {
        cwd: dir,
        env: { ...process.env, NO_COLOR: '1', VOICEFORM_SIM_FAULTS: 'latency-ms=40' },
      },
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += String(d);
      if (/\[1\/5\]/.test(stderr) && !child.killed) setTimeout(() => child.kill('SIGINT'), 300);
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    const rep = JSON.parse(readFileSync(path.join(dir, 'r/report.json'), 'utf8')) as Report & { interrupted: boolean };
    expect(rep.interrupted).toBe(true);
    expect(rep.tenants.map((t) => t.name)).toEqual(names);
    expect(rep.tenants[0]!.status).toBe('ok');
    // The tenant running at Ctrl-C stopped after a step, its journal closed (resume or rollback can take it on).
    expect(rep.tenants[1]).toMatchObject({ exitCode: 130 });
    expect(rep.tenants[1]!.journal).toBeTruthy();
    expect(rep.tenants[1]!.messages.join('\n')).toMatch(/apply interrupted after \d+ of 38 change/);
    for (const t of rep.tenants.slice(2))
      expect(t).toMatchObject({ status: 'interrupted', messages: ['not started: the batch was interrupted'] });
  });
});

describe('bad fleet manifests (exit 3, naming the entry)', () => {
  const cases: [string, (m: { tenants: Record<string, unknown>[] }) => void, RegExp][] = [
    [
      'a missing spec file',
      (m) => void (m.tenants[1]!.spec = 'customers/nope.json'),
      /\/tenants\/1\/spec: tenant "b": spec .*nope\.json is not a file/,
    ],
    [
      'a duplicate name',
      (m) => void (m.tenants[1]!.name = 'A'),
      /\/tenants\/1\/name: tenant "A" is already named at \/tenants\/0\/name/,
    ],
    [
      'two entries for one tenant',
      (m) => void (m.tenants[1]!.tenant = 'sim:./tenants/../tenants/a.json'),
      /\/tenants\/1\/tenant: tenant "b" is the same tenant as "a"/,
    ],
    [
      'two Teams entries whose specs name one tenant id',
      (m) => m.tenants.forEach((t) => (t.tenant = 'teams')),
      /\/tenants\/1\/tenant: tenant "b" is the same tenant as "a" \(\/tenants\/0\): teams:/,
    ],
    [
      'an inline secret',
      (m) => void (m.tenants[0]!.credentials = { clientId: 'x', clientSecret: 's3cr3t-value' }),
      /\/tenants\/0\/credentials\/clientSecret: tenant "a": "clientSecret" looks like a secret/,
    ],
    [
      'an unknown field',
      (m) => void (m.tenants[0]!.password = 'hunter2'),
      /\/tenants\/0\/password: tenant "a": "password" looks like a secret/,
    ],
  ];
  it.each(cases)('%s', (_, edit, message) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-manifest-'));
    mkdirSync(path.join(dir, 'customers'));
    copyFileSync(SMALL, path.join(dir, 'customers/a.json'));
    copyFileSync(SMALL, path.join(dir, 'customers/b.json'));
    const manifest = {
      apiVersion: 'voiceform/v1',
      kind: 'Fleet',
      tenants: [
        { name: 'a', spec: 'customers/a.json', tenant: 'sim:tenants/a.json' },
        { name: 'b', spec: 'customers/b.json', tenant: 'sim:tenants/b.json' },
      ] as Record<string, unknown>[],
    };
    edit(manifest);
    writeFileSync(path.join(dir, 'fleet.json'), JSON.stringify(manifest));
    const r = runCli(['batch', 'validate', 'fleet.json'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(message);
    expect(r.stderr + r.stdout).not.toMatch(/s3cr3t-value|hunter2/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
