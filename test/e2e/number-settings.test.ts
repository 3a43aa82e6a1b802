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
