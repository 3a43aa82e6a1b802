/**
 * #12 §5 through --tenant teams: two users swap numbers and a leaver's number goes to someone
 * else in one apply, through Graph numberAssignments and through Set-/Remove-CsPhoneNumberAssignment
 * (every number given up is released before any is assigned), in strict realism.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';
import { requirePwsh, serveSimTenant, type ServedTenant } from '../support/sim-serve.js';

const served: ServedTenant[] = [];
beforeAll(() => requirePwsh());
afterAll(async () => Promise.all(served.map((s) => s.stop())));

const numbers = (file: string) =>
  Object.fromEntries(
    JSON.parse(readFileSync(file, 'utf8')).users.map((u: { upn: string; phoneNumber: string | null }) => [
      u.upn.split('@')[0],
      u.phoneNumber,
    ]),
  );

describe.each([['graph'], ['pwsh']])('numbers handed on in one apply (number assignment through %s)', (path_) => {
  it("swaps two users' numbers, then gives a leaver's number to a new user", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-swap-'));
    const spec = JSON.parse(readFileSync(path.join(ROOT, 'samples/small-business.json'), 'utf8'));
    spec.users = [
      { upn: 'reception@fabrikam.co.uk', phoneNumber: '+442071234001', site: 'London' },
      { upn: 'dr.okafor@fabrikam.co.uk', phoneNumber: '+442071234002', site: 'London' },
    ];
    writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
    writeFileSync(path.join(dir, 'seed.json'), JSON.stringify({ users: [{ upn: 'practice.manager@fabrikam.co.uk' }] }));
    expect(runCli(['sim', 'init', '--users-from', 'spec.json', '--seed', 'seed.json'], { cwd: dir }).code).toBe(0);
    const s = await serveSimTenant(dir, { VOICEFORM_NUMBER_ASSIGNMENT: path_ });
    served.push(s);
    const env = { ...s.env, VOICEFORM_NUMBER_ASSIGNMENT: path_ };
    const tenantFile = path.join(dir, '.voiceform/sim-tenant.json');
    expect(runCli(['apply', 'spec.json', '--tenant', 'teams', '--auto-approve'], { cwd: dir, env }).code).toBe(0);
    spec.users[0].phoneNumber = '+442071234002';
    spec.users[1].phoneNumber = '+442071234001';
    writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
    const swapped = runCli(['apply', 'spec.json', '--tenant', 'teams', '--auto-approve'], { cwd: dir, env });
    expect(swapped.stderr).toMatch(/Apply complete/);
    expect(numbers(tenantFile)).toMatchObject({ reception: '+442071234002', 'dr.okafor': '+442071234001' });
    spec.users[1] = { upn: 'dr.okafor@fabrikam.co.uk', absent: true };
    spec.users.push({ upn: 'practice.manager@fabrikam.co.uk', phoneNumber: '+442071234001', site: 'London' });
    writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
    const handed = runCli(['apply', 'spec.json', '--tenant', 'teams', '--auto-approve'], { cwd: dir, env });
    expect(handed.stderr).toMatch(/Apply complete/);
    expect(numbers(tenantFile)).toMatchObject({ 'dr.okafor': null, 'practice.manager': '+442071234001' });
    expect(runCli(['plan', 'spec.json', '--tenant', 'teams', '--detailed-exitcode'], { cwd: dir, env }).code).toBe(0);
  }, 180_000);
});
