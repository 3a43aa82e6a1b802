/**
 * #12 §5: offboarding a user (`absent`), handing a leaver's number on, swapping numbers, and
 * removing what a user outside the spec still holds — planned, applied and rolled back safely.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

const BEFORE = path.join(ROOT, 'test/fixtures/specs/northwind-before.json');
const AFTER = path.join(ROOT, 'test/fixtures/specs/northwind-after.json');

interface User {
  upn: string;
  phoneNumber: string | null;
  voiceRoutingPolicy?: string | null;
  dialPlan?: string | null;
  assignedLicenses: string[];
}

function applied(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vf-offboard-'));
  expect(runCli(['sim', 'init', '--users-from', AFTER], { cwd: dir }).code).toBe(0);
  expect(runCli(['apply', BEFORE, '--auto-approve'], { cwd: dir }).code).toBe(0);
  return dir;
}

const user = (dir: string, upn: string): User =>
  JSON.parse(readFileSync(path.join(dir, '.voiceform/sim-tenant.json'), 'utf8')).users.find((u: User) => u.upn === upn);

function specWith(
  dir: string,
  edit: (spec: { users: Record<string, unknown>[]; voiceRoutingPolicies: { name: string }[] }) => void,
): string {
  const spec = JSON.parse(readFileSync(BEFORE, 'utf8'));
  edit(spec);
  const file = path.join(dir, `spec-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

describe('offboarding (built CLI)', () => {
  it('a user removed from the spec is drift, named with its number, its range and how to offboard it (#22 item 16)', () => {
    const dir = applied();
    const held = user(dir, 'u2@northwind.co.uk').phoneNumber!;
    const spec = specWith(dir, (s) => {
      s.users.splice(1, 1);
    });
    const plan = runCli(['plan', spec, '--detailed-exitcode'], { cwd: dir });
    // Nothing of the user's is touched (the spec does not name it), but the plan says so, and exits 2.
    expect(plan.code).toBe(2);
    expect(plan.stdout).not.toContain('u2@northwind.co.uk"] will be');
    expect(plan.stdout).toContain(
      `userNumber["u2@northwind.co.uk"]: holds ${held}, in site London's range (/sites/0/numberRanges/0), but the spec does not list this user: to offboard, list it with "absent": true`,
    );
    const json = JSON.parse(runCli(['plan', spec, '--format', 'json'], { cwd: dir }).stdout) as {
      drift: { address: string }[];
    };
    expect(json.drift.map((d) => d.address)).toEqual([
      'userNumber["u2@northwind.co.uk"]',
      'userPolicy["u2@northwind.co.uk"]',
    ]);
    // Its grants of the spec's policies too, whether or not a number gives it away.
    expect(plan.stdout).toMatch(
      /userPolicy\["u2@northwind\.co\.uk"\]: holds the spec's voice routing policy "[^"]+".*, but the spec does not list this user: to offboard, list it with "absent": true/,
    );
    // Listed as absent, it is offboarded, and the drift is gone.
    const offboard = specWith(dir, (s) => {
      s.users[1] = { upn: 'u2@northwind.co.uk', absent: true };
    });
    expect(runCli(['apply', offboard, '--auto-approve'], { cwd: dir }).code).toBe(0);
    expect(runCli(['plan', spec, '--detailed-exitcode'], { cwd: dir }).code).toBe(0);
  });

  it('an absent user loses the number and the grants (planned, applied, rolled back); the licence stays', () => {
    const dir = applied();
    const licences = user(dir, 'u2@northwind.co.uk').assignedLicenses;
    const spec = specWith(dir, (s) => {
      s.users[1] = { upn: 'u2@northwind.co.uk', absent: true };
    });
    const plan = runCli(['plan', spec], { cwd: dir });
    expect(plan.stdout).toContain('userNumber["u2@northwind.co.uk"] will be destroyed');
    expect(plan.stdout).toContain('userPolicy["u2@northwind.co.uk"] will be destroyed');
    expect(runCli(['apply', spec, '--auto-approve'], { cwd: dir }).code).toBe(0);
    expect(user(dir, 'u2@northwind.co.uk')).toMatchObject({
      phoneNumber: null,
      voiceRoutingPolicy: null,
      dialPlan: null,
      assignedLicenses: licences,
    });
    expect(runCli(['plan', spec, '--detailed-exitcode'], { cwd: dir }).code).toBe(0);
    expect(runCli(['rollback', '--auto-approve'], { cwd: dir }).code).toBe(0);
    expect(user(dir, 'u2@northwind.co.uk')).toMatchObject({
      phoneNumber: '+442071234002',
      voiceRoutingPolicy: 'P-Old',
      dialPlan: 'DP-Old',
    });
  });

  it('an absent entry takes nothing but the UPN (schema), and names the path', () => {
    const dir = applied();
    const spec = specWith(dir, (s) => {
      s.users[1] = { upn: 'u2@northwind.co.uk', absent: true, phoneNumber: '+442071234002' };
    });
    const r = runCli(['validate', spec], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stdout + r.stderr).toMatch(/\/users\/1/);
  });

  it("a leaver's number goes to a new user in the same apply (released first), and two users can swap numbers", () => {
    const dir = applied();
    const handover = specWith(dir, (s) => {
      s.users[1] = { upn: 'u2@northwind.co.uk', absent: true };
      s.users.push({ upn: 'u5@northwind.co.uk', phoneNumber: '+442071234002', site: 'London' });
    });
    const r = runCli(['apply', handover, '--auto-approve'], { cwd: dir });
    expect(r.stderr).toMatch(/Apply complete/);
    expect(user(dir, 'u5@northwind.co.uk').phoneNumber).toBe('+442071234002');
    const swap = specWith(dir, (s) => {
      s.users[1] = { upn: 'u2@northwind.co.uk', absent: true };
      s.users.push({ upn: 'u5@northwind.co.uk', phoneNumber: '+442071234002', site: 'London' });
      s.users[0]!.phoneNumber = '+442071234003';
      s.users[2]!.phoneNumber = '+442071234001';
    });
    const swapped = runCli(['apply', swap, '--auto-approve'], { cwd: dir });
    expect(swapped.stderr).toMatch(/Apply complete/);
    expect([user(dir, 'u1@northwind.co.uk').phoneNumber, user(dir, 'u3@northwind.co.uk').phoneNumber]).toEqual([
      '+442071234003',
      '+442071234001',
    ]);
  });

  it('removing a policy a user outside the spec still holds stops at preflight (exit 4), naming the user and suggesting absent', () => {
    const dir = applied();
    const spec = specWith(dir, (s) => {
      s.users.splice(1, 1); // u2 (holds P-Old and DP-Old) leaves the spec without being offboarded
      s.voiceRoutingPolicies = s.voiceRoutingPolicies.filter((p) => p.name !== 'P-Old');
    });
    const before = readFileSync(path.join(dir, '.voiceform/sim-tenant.json'), 'utf8');
    const r = runCli(['apply', spec, '--auto-approve'], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(
      /voiceRoutingPolicy\["P-Old"\] would be deleted but stays granted to u2@northwind.co.uk; u2@northwind.co.uk is not in the spec: add \{ "upn": "u2@northwind.co.uk", "absent": true \}/,
    );
    expect(readFileSync(path.join(dir, '.voiceform/sim-tenant.json'), 'utf8')).toBe(before);
  });
});
