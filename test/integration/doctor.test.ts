/**
 * #23 §2: `voiceform doctor --tenant teams` against the emulator in strict realism, through real
 * pwsh and the stand-in module (which declares a version inside the tested range): all good; then
 * one Graph permission missing from the app's consent, and a module older than the range.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GRAPH_ROLES } from '../../src/emulator/tokens.js';
import { TENANT_ID } from '../support/builders.js';
import { runCli } from '../support/run-cli.js';
import { requirePwsh, serveSimTenant, STANDIN_MODULE, type ServedTenant } from '../support/sim-serve.js';

let dir: string;
let s: ServedTenant;
const tenantFile = () => path.join(dir, '.voiceform/sim-tenant.json');
const doctor = (env: Record<string, string> = {}) =>
  runCli(['doctor', '--tenant', 'teams'], { cwd: dir, env: { ...s.env, VOICEFORM_TENANT_ID: TENANT_ID, ...env } });

beforeAll(async () => {
  requirePwsh();
  dir = mkdtempSync(path.join(tmpdir(), 'vf-doctor-'));
  writeFileSync(
    path.join(dir, 'spec.json'),
    JSON.stringify({
      apiVersion: 'voiceform/v1',
      customer: { name: 'C', tenantId: TENANT_ID, domain: 'contoso.com' },
      users: [{ upn: 'u1@contoso.com', phoneNumber: '+12065550101' }],
    }),
  );
  expect(runCli(['sim', 'init', '--users-from', 'spec.json'], { cwd: dir }).code).toBe(0);
  s = await serveSimTenant(dir);
});
afterAll(async () => s?.stop());

describe('voiceform doctor --tenant teams', () => {
  it('passes against the emulator: pwsh, the module in range, sign-in, every Graph permission, the Teams admin API', () => {
    const r = doctor();
    expect(r.stderr).toContain('All checks passed.');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok +PowerShell +7\.\d+\.\d+/m);
    expect(r.stdout).toMatch(
      /^ok +MicrosoftTeams module +7\.6\.0 at .*MicrosoftTeams\.psd1 \(tested: 7\.0\.0 to 7\.x\)/m,
    );
    expect(r.stdout).toMatch(/^ok +sign-in +app-only to tenant/m);
    expect(r.stdout).toMatch(/^ok +Teams admin API +Get-CsTenant answered/m);
    expect(r.stdout.match(/^ok +Graph permission for /gm)).toHaveLength(6);
    expect(r.stdout + r.stderr).not.toContain(s.info.clientSecret);
  }, 120_000);

  it('names a Graph permission the app lacks, with its fix (exit 4)', () => {
    const state = JSON.parse(readFileSync(tenantFile(), 'utf8'));
    const original = structuredClone(state);
    state.app.graphRoles = DEFAULT_GRAPH_ROLES.filter((r) => r !== 'ServiceMessage.Read.All');
    writeFileSync(tenantFile(), JSON.stringify(state));
    try {
      const r = doctor();
      expect(r.code).toBe(4);
      expect(r.stdout).toMatch(
        /^FAIL +Graph permission for health: Message Center +missing ServiceMessage\.Read\.All$/m,
      );
      expect(r.stdout).toContain(
        '→ grant the application permission ServiceMessage.Read.All to the app in Entra ID and give admin consent',
      );
      expect(r.stderr).toMatch(/1 check\(s\) failed: Graph permission for health: Message Center/);
    } finally {
      writeFileSync(tenantFile(), JSON.stringify(original));
    }
  }, 120_000);

  it('refuses a MicrosoftTeams module older than the tested range (exit 4)', () => {
    const copy = path.join(dir, 'old-module');
    cpSync(path.dirname(STANDIN_MODULE), copy, { recursive: true });
    const manifest = path.join(copy, 'MicrosoftTeams.psd1');
    writeFileSync(
      manifest,
      readFileSync(manifest, 'utf8').replace(/ModuleVersion\s*=\s*'[^']*'/, "ModuleVersion = '6.5.0'"),
    );
    const r = doctor({ VOICEFORM_TEAMS_MODULE: manifest });
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/^FAIL +MicrosoftTeams module +6\.5\.0 at .*: older than Voiceform supports/m);
    expect(r.stdout).toMatch(/^skip +Teams admin API +needs PowerShell and the MicrosoftTeams module/m);
  }, 120_000);
});

describe('the 2025 number cmdlets through pwsh (stand-in declared from their pages)', () => {
  it("a plan reads the tenant's number defaults and the policies assigned to numbers", async () => {
    const own = mkdtempSync(path.join(tmpdir(), 'vf-number-cmdlets-'));
    writeFileSync(path.join(own, 'spec.json'), readFileSync(path.join(dir, 'spec.json')));
    writeFileSync(
      path.join(own, 'seed.json'),
      JSON.stringify({
        numberPolicies: [{ telephoneNumber: '12065550101', policyType: 'TenantDialPlan', policyName: 'DP-Number' }],
        numberSettings: {
          assignmentEmailEnabled: true,
          unassignmentEmailEnabled: false,
          assignmentBlockedForever: false,
          assignmentBlockedDays: null,
        },
      }),
    );
    expect(runCli(['sim', 'init', '--users-from', 'spec.json', '--seed', 'seed.json'], { cwd: own }).code).toBe(0);
    const served = await serveSimTenant(own);
    try {
      const r = runCli(['plan', 'spec.json', '--tenant', 'teams', '--format', 'json'], { cwd: own, env: served.env });
      expect(r.code).toBe(0);
      const plan = JSON.parse(r.stdout) as {
        drift?: { address: string; reason: string }[];
        warnings?: { rule: string; message: string }[];
      };
      expect(plan.drift).toContainEqual({
        address: 'userPolicy["u1@contoso.com"]',
        reason: expect.stringContaining('carries its own TenantDialPlan "DP-Number"'),
      });
      expect(plan.warnings?.map((w) => w.rule)).toContain('numbers.assignment-email');
    } finally {
      await served.stop();
    }
  }, 120_000);

  it("applies and rolls back the spec's mail settings with Set-CsPhoneNumberTenantConfiguration (no -Identity), leaving the blocks", async () => {
    const own = mkdtempSync(path.join(tmpdir(), 'vf-number-mail-'));
    const spec = JSON.parse(readFileSync(path.join(dir, 'spec.json'), 'utf8'));
    spec.phoneNumberTenantConfiguration = { assignmentEmailEnabled: false, unassignmentEmailEnabled: true };
    writeFileSync(path.join(own, 'spec.json'), JSON.stringify(spec));
    writeFileSync(
      path.join(own, 'seed.json'),
      JSON.stringify({
        numberSettings: {
          assignmentEmailEnabled: true,
          unassignmentEmailEnabled: false,
          assignmentBlockedForever: true,
          assignmentBlockedDays: null,
        },
      }),
    );
    expect(runCli(['sim', 'init', '--users-from', 'spec.json', '--seed', 'seed.json'], { cwd: own }).code).toBe(0);
    const served = await serveSimTenant(own);
    const stored = () => JSON.parse(readFileSync(path.join(own, '.voiceform/sim-tenant.json'), 'utf8'));
    try {
      const apply = runCli(['apply', 'spec.json', '--tenant', 'teams', '--auto-approve'], {
        cwd: own,
        env: served.env,
      });
      expect(apply.code).toBe(0);
      expect(stored().voice.phoneNumberTenantConfiguration).toEqual([
        { name: 'Global', assignmentEmailEnabled: false, unassignmentEmailEnabled: true },
      ]);
      expect(stored().numberSettings).toEqual({ assignmentBlockedForever: true, assignmentBlockedDays: null });
      const again = runCli(['plan', 'spec.json', '--tenant', 'teams', '--detailed-exitcode'], {
        cwd: own,
        env: served.env,
      });
      expect(again.code).toBe(0);
      expect(runCli(['rollback', '--tenant', 'teams', '--auto-approve'], { cwd: own, env: served.env }).code).toBe(0);
      expect(stored().voice.phoneNumberTenantConfiguration).toEqual([
        { name: 'Global', assignmentEmailEnabled: true, unassignmentEmailEnabled: false },
      ]);
      expect(stored().numberSettings).toEqual({ assignmentBlockedForever: true, assignmentBlockedDays: null });
    } finally {
      await served.stop();
    }
  }, 180_000);
});
