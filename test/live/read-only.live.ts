/**
 * Read-only smoke test against a real tenant (VOICEFORM_LIVE=1; never run in CI, never counted):
 * signs in, reads everything, exports, validates the export, plans it (a real tenant's export
 * must plan to nothing) and plans your spec, printing the diff. It never applies anything.
 *
 *   VOICEFORM_LIVE=1 VOICEFORM_TENANT_ID=<guid> VOICEFORM_CLIENT_ID=<app id> \
 *   VOICEFORM_CERT_PATH=<pem> (or VOICEFORM_CLIENT_SECRET=…) [VOICEFORM_LIVE_SPEC=customers/x.json] \
 *   [VOICEFORM_CLOUD=usgov] npm run test:live
 *
 * The app needs the Teams Administrator role and Graph application permissions
 * User.Read.All, Organization.Read.All, Domain.Read.All, TeamsUserConfiguration.Read.All
 * (reference/teams-graph-fidelity.md §7); PowerShell 7 and the MicrosoftTeams module installed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const live = process.env.VOICEFORM_LIVE === '1';
const dir = mkdtempSync(path.join(tmpdir(), 'vf-live-'));
const teams = (args: string[]) => runCli([...args, '--tenant', 'teams'], { cwd: dir });

describe.runIf(live)('a real tenant, read only', () => {
  it('exports the voice configuration, which validates and plans to nothing', () => {
    const exported = teams(['export', '--name', 'Live tenant']);
    expect(exported.stderr).not.toMatch(/^Error:/m);
    expect(exported.code).toBe(0);
    writeFileSync(path.join(dir, 'exported.json'), exported.stdout);
    const spec = JSON.parse(exported.stdout);
    console.log(
      `exported: ${spec.gateways.length} gateways, ${spec.pstnUsages.length} usages, ${spec.voiceRoutes.length} routes, ${spec.voiceRoutingPolicies.length} policies, ${spec.dialPlans.length} dial plans, ${spec.users.length} users with numbers`,
    );
    expect(runCli(['validate', 'exported.json'], { cwd: dir }).code).toBe(0);
    const plan = teams(['plan', 'exported.json', '--detailed-exitcode']);
    console.log(plan.stdout);
    expect(plan.code).toBe(0);
  });

  it.runIf(Boolean(process.env.VOICEFORM_LIVE_SPEC))('plans your spec and prints the diff', () => {
    const plan = teams(['plan', path.resolve(process.env.VOICEFORM_LIVE_SPEC ?? ''), '--detailed-exitcode']);
    console.log(plan.stdout, plan.stderr);
    expect([0, 2]).toContain(plan.code);
  });
});
