import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

const SMALL = path.join(ROOT, 'samples/small-business.json');
const ENTERPRISE = path.join(ROOT, 'samples/enterprise.json');

function freshDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'vf-plan-'));
}

/** Compares with a golden file; UPDATE_GOLDEN=1 rewrites it. Variable parts are masked first. */
function expectGolden(name: string, text: string, dir: string): void {
  const masked = text
    .split(dir)
    .join('<DIR>')
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<TIME>');
  const file = path.join(ROOT, 'test/e2e/golden', name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, masked);
  expect(existsSync(file), `golden file ${name} (create it with UPDATE_GOLDEN=1)`).toBe(true);
  expect(masked).toBe(readFileSync(file, 'utf8'));
}

describe('voiceform sim init + plan (built CLI)', () => {
  it('plans the small-business sample against a fresh simulated tenant (golden text and markdown)', () => {
    const dir = freshDir();
    expect(runCli(['sim', 'init', '--users-from', SMALL], { cwd: dir }).code).toBe(0);
    const text = runCli(['plan', SMALL], { cwd: dir });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Plan: 38 to add, 0 to change, 0 to destroy\./);
    expectGolden('small-business.plan.txt', text.stdout, dir);
    const md = runCli(['plan', SMALL, '--format', 'markdown'], { cwd: dir });
    expect(md.code).toBe(0);
    expectGolden('small-business.plan.md', md.stdout, dir);
  });

  it('exits 2 with --detailed-exitcode when there are changes, and saves a versioned JSON plan', () => {
    const dir = freshDir();
    runCli(['sim', 'init', '--users-from', ENTERPRISE], { cwd: dir });
    const r = runCli(['plan', ENTERPRISE, '--detailed-exitcode', '--format', 'json', '--out', 'plan.json'], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    const plan = JSON.parse(r.stdout);
    expect(plan).toMatchObject({
      formatVersion: 2,
      tenant: { id: '2d8c8f0e-5a4b-4c1d-8e7f-9a0b1c2d3e4f' },
      prune: true,
    });
    expect(plan.specHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(plan.stateFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(plan.unmanaged).toEqual([
      'gateway["sbc-legacy.contoso.com"]',
      'pstnUsage["Legacy-PSTN"]',
      'voiceRoute["Legacy-AllCalls"]',
      'voiceRoutingPolicy["Global"]',
    ]);
    for (const c of plan.changes)
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['address', 'action', 'before', 'after', 'diff']));
    expect(JSON.parse(readFileSync(path.join(dir, 'plan.json'), 'utf8'))).toEqual(plan);
    const autoUsers = plan.changes.filter(
      (c: { kind: string; after: { upn: string } }) =>
        c.kind === 'userNumber' && c.after.upn === 'megan.bowen@contoso.com',
    );
    // The lowest free number of the site: +12125550100 is the main line's, +…101 Adele's (+…102;ext=102 is another assignment).
    expect(autoUsers[0].after.phoneNumber).toBe('+12125550102');
  });

  it('export of a tenant validates and plans to nothing', () => {
    const dir = freshDir();
    runCli(['sim', 'init', '--users-from', ENTERPRISE], { cwd: dir });
    const exported = runCli(['export'], { cwd: dir });
    expect(exported.code).toBe(0);
    writeFileSync(path.join(dir, 'exported.json'), exported.stdout);
    expect(runCli(['validate', 'exported.json'], { cwd: dir }).code).toBe(0);
    const r = runCli(['plan', 'exported.json', '--detailed-exitcode'], { cwd: dir });
    expect(r.stdout).toContain('No changes.');
    expect(r.code).toBe(0);
  });

  it("refuses with exit 4 when users are not ready, naming each user's spec path", () => {
    const dir = freshDir();
    const seed = {
      users: [
        { upn: 'unlicensed@fabrikam.co.uk', licensed: false },
        { upn: 'disabled@fabrikam.co.uk', accountEnabled: false },
      ],
    };
    writeFileSync(path.join(dir, 'seed.json'), JSON.stringify(seed));
    runCli(['sim', 'init', '--seed', 'seed.json', '--users-from', SMALL], { cwd: dir });
    const spec = JSON.parse(readFileSync(SMALL, 'utf8'));
    spec.users.push({ upn: 'unlicensed@fabrikam.co.uk', phoneNumber: 'auto', site: 'London' });
    spec.users.push({ upn: 'disabled@fabrikam.co.uk', phoneNumber: 'auto', site: 'London' });
    spec.users.push({ upn: 'ghost@fabrikam.co.uk', phoneNumber: 'auto', site: 'London' });
    writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
    const r = runCli(['plan', 'spec.json'], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/\/users\/3\/upn: user unlicensed@fabrikam.co.uk has no Teams Phone/);
    expect(r.stderr).toMatch(/\/users\/4\/upn: user disabled@fabrikam.co.uk is disabled/);
    expect(r.stderr).toMatch(/\/users\/5\/upn: user ghost@fabrikam.co.uk does not exist/);
  });

  it('refuses a spec for another tenant', () => {
    const dir = freshDir();
    runCli(['sim', 'init', '--users-from', ENTERPRISE], { cwd: dir });
    const r = runCli(['plan', SMALL], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/\/customer\/tenantId: the spec is for tenant 6f1c2a9e/);
  });
});

describe('long output', () => {
  it('writes a large JSON plan to a pipe whole (no truncation at exit)', () => {
    const dir = freshDir();
    const spec = JSON.parse(readFileSync(SMALL, 'utf8'));
    spec.sites[0].numberRanges = [{ from: '+442071230000', to: '+442071239999' }];
    spec.users = Array.from({ length: 600 }, (_, i) => ({
      upn: `user${i}@fabrikam.co.uk`,
      phoneNumber: 'auto',
      site: 'London',
    }));
    writeFileSync(path.join(dir, 'big.json'), JSON.stringify(spec));
    runCli(['sim', 'init', '--users-from', 'big.json'], { cwd: dir });
    const r = runCli(['plan', 'big.json', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(300_000);
    expect(JSON.parse(r.stdout).changes).toHaveLength(32 + 600 * 2);
  });
});
