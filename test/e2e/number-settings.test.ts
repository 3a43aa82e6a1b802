/**
 * #23 §4: the tenant's number defaults (Get-CsPhoneNumberTenantConfiguration, 2025) in the plan:
 * how many users Teams will mail about a new number, and a number handed from one user to another
 * refused while the tenant blocks removed numbers from reassignment (Teams would refuse it at apply).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

function tenant(numberSettings: object): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vf-number-settings-'));
  writeFileSync(path.join(dir, 'spec.json'), readFileSync(path.join(ROOT, 'samples/small-business.json')));
  writeFileSync(path.join(dir, 'seed.json'), JSON.stringify({ numberSettings }));
  expect(runCli(['sim', 'init', '--users-from', 'spec.json', '--seed', 'seed.json'], { cwd: dir }).code).toBe(0);
  return dir;
}

describe("the tenant's number defaults", () => {
  it('the plan says how many users Teams will mail about their new number', () => {
    const dir = tenant({
      assignmentEmailEnabled: true,
      unassignmentEmailEnabled: false,
      assignmentBlockedForever: false,
      assignmentBlockedDays: null,
    });
    const r = runCli(['plan', 'spec.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "Warning: /: Teams will mail 3 user(s) about their new number: the tenant's AssignmentEmailEnabled is on",
    );
  });

  it('a number handed from one user to another is refused while removed numbers are blocked (exit 4)', () => {
    const dir = tenant({
      assignmentEmailEnabled: false,
      unassignmentEmailEnabled: false,
      assignmentBlockedForever: false,
      assignmentBlockedDays: 30,
    });
    expect(runCli(['apply', 'spec.json', '--auto-approve'], { cwd: dir }).code).toBe(0);
    const spec = JSON.parse(readFileSync(path.join(dir, 'spec.json'), 'utf8'));
    const sim = JSON.parse(readFileSync(path.join(dir, '.voiceform/sim-tenant.json'), 'utf8'));
    const numberOf = (upn: string) => sim.users.find((u: { upn: string }) => u.upn === upn).phoneNumber as string;
    // The receptionist leaves; her number goes to the doctor, whose own number is released.
    spec.users[0] = { upn: 'reception@fabrikam.co.uk', absent: true };
    spec.users[1].phoneNumber = numberOf('reception@fabrikam.co.uk');
    writeFileSync(path.join(dir, 'handover.json'), JSON.stringify(spec));
    const r = runCli(['plan', 'handover.json'], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(
      `/users/1/phoneNumber: ${numberOf('reception@fabrikam.co.uk')} is taken from reception@fabrikam.co.uk and given to dr.okafor@fabrikam.co.uk, but the tenant blocks a removed number from reassignment for 30 days`,
    );
  });
});

describe("the spec manages the tenant's number mail settings (phoneNumberTenantConfiguration)", () => {
  const mailOn = {
    assignmentEmailEnabled: true,
    unassignmentEmailEnabled: true,
    assignmentBlockedForever: false,
    assignmentBlockedDays: 30,
  };
  const settingsOf = (dir: string) =>
    JSON.parse(readFileSync(path.join(dir, '.voiceform/sim-tenant.json'), 'utf8')).voice
      .phoneNumberTenantConfiguration as object[];

  it('turns mail off before the numbers are assigned, so the plan warns of no mail; rollback turns it back on', () => {
    const dir = tenant(mailOn);
    const spec = JSON.parse(readFileSync(path.join(dir, 'spec.json'), 'utf8'));
    spec.phoneNumberTenantConfiguration = { assignmentEmailEnabled: false, unassignmentEmailEnabled: true };
    writeFileSync(path.join(dir, 'quiet.json'), JSON.stringify(spec));
    const plan = runCli(['plan', 'quiet.json'], { cwd: dir });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(
      /~ phoneNumberTenantConfiguration "Global" \{\n\s+~ assignmentEmailEnabled = true → false\n/,
    );
    expect(plan.stdout).not.toContain('Teams will mail');
    const json = JSON.parse(runCli(['plan', 'quiet.json', '--format', 'json'], { cwd: dir }).stdout) as {
      changes: { address: string }[];
    };
    const order = json.changes.map((c) => c.address);
    // The setting is written before any number (userNumber depends on it).
    expect(order.indexOf('phoneNumberTenantConfiguration["Global"]')).toBeLessThan(
      order.findIndex((a) => a.startsWith('userNumber')),
    );
    expect(runCli(['apply', 'quiet.json', '--auto-approve'], { cwd: dir }).code).toBe(0);
    expect(settingsOf(dir)).toEqual([
      { name: 'Global', assignmentEmailEnabled: false, unassignmentEmailEnabled: true },
    ]);
    // The blocks are not Voiceform's: untouched.
    const sim = JSON.parse(readFileSync(path.join(dir, '.voiceform/sim-tenant.json'), 'utf8'));
    expect(sim.numberSettings).toEqual({ assignmentBlockedForever: false, assignmentBlockedDays: 30 });
    expect(runCli(['rollback', '--auto-approve'], { cwd: dir }).code).toBe(0);
    expect(settingsOf(dir)).toEqual([{ name: 'Global', assignmentEmailEnabled: true, unassignmentEmailEnabled: true }]);
  });

  it('a spec without it leaves the setting alone and lists nothing about it; export writes it back as the tenant has it', () => {
    const dir = tenant(mailOn);
    const r = runCli(['plan', 'spec.json', '--format', 'json'], { cwd: dir });
    expect(r.stdout).not.toContain('phoneNumberTenantConfiguration');
    expect(runCli(['apply', 'spec.json', '--auto-approve'], { cwd: dir }).code).toBe(0);
    expect(settingsOf(dir)).toEqual([{ name: 'Global', assignmentEmailEnabled: true, unassignmentEmailEnabled: true }]);
    const exported = runCli(['export'], { cwd: dir });
    expect(exported.code).toBe(0);
    writeFileSync(path.join(dir, 'exported.json'), exported.stdout);
    const spec = JSON.parse(exported.stdout);
    expect(spec.phoneNumberTenantConfiguration).toEqual({
      assignmentEmailEnabled: true,
      unassignmentEmailEnabled: true,
    });
    expect(runCli(['plan', 'exported.json', '--detailed-exitcode'], { cwd: dir }).code).toBe(0);
  });

  it('a setting left half-written is named by its JSON path', () => {
    const dir = tenant(mailOn);
    const spec = JSON.parse(readFileSync(path.join(dir, 'spec.json'), 'utf8'));
    spec.phoneNumberTenantConfiguration = { assignmentEmailEnabled: 'no' };
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify(spec));
    const r = runCli(['validate', 'bad.json'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('bad.json: /phoneNumberTenantConfiguration/assignmentEmailEnabled: must be boolean');
    expect(r.stdout).toContain(
      'bad.json: /phoneNumberTenantConfiguration: missing required property "unassignmentEmailEnabled"',
    );
  });
});

describe('policies assigned to numbers (Set-CsPhoneNumberPolicyAssignment, 2025)', () => {
  it("a number's own policy that contradicts the user's grant is drift, named with the policy it overrides", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-number-policies-'));
    writeFileSync(path.join(dir, 'spec.json'), readFileSync(path.join(ROOT, 'samples/small-business.json')));
    writeFileSync(
      path.join(dir, 'seed.json'),
      JSON.stringify({
        numberPolicies: [
          { telephoneNumber: '442071234000', policyType: 'TenantDialPlan', policyName: 'Legacy-DP' },
          { telephoneNumber: '442071234000', policyType: 'TeamsMeetingPolicy', policyName: 'Not-voice' },
        ],
      }),
    );
    expect(runCli(['sim', 'init', '--users-from', 'spec.json', '--seed', 'seed.json'], { cwd: dir }).code).toBe(0);
    expect(runCli(['apply', 'spec.json', '--auto-approve'], { cwd: dir }).code).toBe(0);
    const r = runCli(['plan', 'spec.json', '--detailed-exitcode'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(
      'userPolicy["reception@fabrikam.co.uk"]: the number +442071234000 carries its own TenantDialPlan "Legacy-DP" (Set-CsPhoneNumberPolicyAssignment), which overrides the spec\'s "GB-London" for calls on that number',
    );
    expect(r.stdout).not.toContain('Not-voice');
  });
});
