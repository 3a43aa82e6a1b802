/**
 * The Teams backend end to end through real processes: the built CLI signs in with
 * @azure/identity against `sim serve`, drives real pwsh with the stand-in MicrosoftTeams module,
 * and every cmdlet PowerShell binds is carried out on the simulated tenant.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli } from '../support/run-cli.js';
import { httpsJson } from '../support/https-json.js';
import { requirePwsh, serveSimTenant, STANDIN_MODULE, type ServedTenant } from '../support/sim-serve.js';

const SAMPLES = ['small-business', 'enterprise'].map((n) => path.join(ROOT, `samples/${n}.json`));
const served: ServedTenant[] = [];

async function tenantFor(
  spec: string,
  env: Record<string, string> = {},
): Promise<{ dir: string; teams: Record<string, string> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'vf-pwsh-'));
  expect(runCli(['sim', 'init', '--users-from', spec], { cwd: dir }).code).toBe(0);
  const s = await serveSimTenant(dir, env);
  served.push(s);
  return { dir, teams: s.env };
}

beforeAll(() => requirePwsh());
afterAll(async () => {
  await Promise.all(served.map((s) => s.stop()));
});

describe('the stand-in module binds like the real one', () => {
  const bind = (command: string) =>
    spawnSync('pwsh', ['-NoProfile', '-NonInteractive', '-Command', `Import-Module '${STANDIN_MODULE}'; ${command}`], {
      encoding: 'utf8',
    });

  it('refuses -TeamsEnvironmentName beside -AccessTokens (only the UserCredential set has it)', () => {
    const r = bind("Connect-MicrosoftTeams -AccessTokens 'a','b' -TeamsEnvironmentName TeamsGCCH");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/Parameter set cannot be resolved/);
    // The form Voiceform uses binds (and then fails only on the fake tokens).
    const ok = bind("Connect-MicrosoftTeams -AccessTokens 'a','b' -TenantId 't'");
    expect(ok.stderr).not.toMatch(/Parameter set cannot be resolved|A parameter cannot be found/);
  });

  it('binds $null to an Int32 parameter as 0 (why New-* calls carry no $null)', () => {
    const r = bind(
      "Get-Command New-CsOnlinePSTNGateway | ForEach-Object { $_.Parameters['MaxConcurrentSessions'].ParameterType.Name }",
    );
    expect(r.stdout.trim()).toBe('Int32');
  });
});

describe('--tenant teams through real pwsh and the stand-in module', () => {
  it.each(SAMPLES)('applies %s; the simulated tenant then plans to nothing', async (spec) => {
    const { dir, teams } = await tenantFor(spec);
    const applied = runCli(['apply', spec, '--tenant', 'teams', '--auto-approve'], { cwd: dir, env: teams });
    expect(applied.stderr).toMatch(/Apply complete/);
    expect(applied.code).toBe(0);
    const viaSim = runCli(
      ['plan', spec, '--tenant', `sim:${path.join(dir, '.voiceform/sim-tenant.json')}`, '--detailed-exitcode'],
      { cwd: dir },
    );
    expect(viaSim.stdout).toContain('No changes.');
    expect(viaSim.code).toBe(0);
    const viaTeams = runCli(['plan', spec, '--tenant', 'teams', '--detailed-exitcode'], { cwd: dir, env: teams });
    expect(viaTeams.code).toBe(0);
    // Through the PowerShell user path (Get-CsOnlineUser, policies as {Authority, Name} in strict realism): real names.
    const exported = JSON.parse(
      runCli(['export', '--tenant', 'teams'], {
        cwd: dir,
        env: { ...teams, VOICEFORM_TENANT_ID: JSON.parse(readFileSync(spec, 'utf8')).customer.tenantId },
      }).stdout,
    );
    const granted = exported.users.filter((u: { voiceRoutingPolicy?: string }) => u.voiceRoutingPolicy);
    expect(granted.length).toBeGreaterThan(0);
    for (const u of granted) expect(u.voiceRoutingPolicy).toMatch(/^(GB|US|DE)-|^Contoso-/);
  });

  it('rolls back an apply through pwsh', async () => {
    const [spec] = SAMPLES;
    const { dir, teams } = await tenantFor(spec!);
    const before = runCli(['export'], { cwd: dir }).stdout;
    expect(runCli(['apply', spec!, '--tenant', 'teams', '--auto-approve'], { cwd: dir, env: teams }).code).toBe(0);
    const rb = runCli(['rollback', '--tenant', 'teams', '--auto-approve'], { cwd: dir, env: teams });
    expect(rb.stderr).toMatch(/Rollback complete: 38 change/);
    // Teams (strict realism) renumbers route priorities as routes come and go: compare without them.
    const unprioritized = (text: string) => {
      const spec = JSON.parse(text);
      for (const r of spec.voiceRoutes) delete r.priority;
      return spec;
    };
    expect(unprioritized(runCli(['export'], { cwd: dir }).stdout)).toEqual(unprioritized(before));
  });

  it('resumes, through pwsh, an apply that was killed halfway', async () => {
    const [spec] = SAMPLES;
    const { dir, teams } = await tenantFor(spec!, { VOICEFORM_SIM_FAULTS: 'latency-ms=100' });
    const child = spawn(process.execPath, [BIN, 'apply', spec!, '--tenant', 'teams', '--auto-approve'], {
      cwd: dir,
      env: { ...process.env, ...teams },
    });
    const journalRoot = path.join(dir, '.voiceform/journals');
    let journal = '';
    for (let i = 0; i < 600 && !journal; i++) {
      await new Promise((r) => setTimeout(r, 50));
      for (const t of (() => {
        try {
          return readdirSync(journalRoot);
        } catch {
          return [];
        }
      })()) {
        for (const f of readdirSync(path.join(journalRoot, t))) {
          const text = readFileSync(path.join(journalRoot, t, f), 'utf8');
          if ((text.match(/"type":"outcome"/g) ?? []).length >= 5) journal = path.join(journalRoot, t, f);
        }
      }
    }
    expect(journal).not.toBe('');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(runCli(['plan', spec!, '--detailed-exitcode'], { cwd: dir }).code).toBe(2);
    const resumed = runCli(['resume', journal, '--tenant', 'teams', '--auto-approve'], { cwd: dir, env: teams });
    expect(resumed.code).toBe(0);
    expect(runCli(['plan', spec!, '--detailed-exitcode'], { cwd: dir }).code).toBe(0);
  });

  it('refuses a wrong client secret with exit 1 and never prints the secret', async () => {
    const [spec] = SAMPLES;
    const { dir, teams } = await tenantFor(spec!);
    const r = runCli(['plan', spec!, '--tenant', 'teams'], {
      cwd: dir,
      env: { ...teams, VOICEFORM_CLIENT_SECRET: 'not-the-secret-XYZ' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sign-in failed/);
    expect(r.stdout + r.stderr).not.toContain('not-the-secret-XYZ');
    const ok = runCli(['plan', spec!, '--tenant', 'teams'], { cwd: dir, env: teams });
    expect(ok.stdout + ok.stderr).not.toContain(teams.VOICEFORM_CLIENT_SECRET!);
  });

  it('starts pwsh without the client secret, the certificate password or the tokens in its environment', async () => {
    const [spec] = SAMPLES;
    const { dir, teams } = await tenantFor(spec!);
    const r = runCli(['plan', spec!, '--tenant', 'teams'], {
      cwd: dir,
      env: { ...teams, VOICEFORM_CERT_PASSWORD: 'unused-but-secret' },
    });
    expect(r.code).toBe(0);
    const url = teams.VOICEFORM_SIM_URL!;
    const server = served.find((s) => s.info.url === url)!;
    const { childEnv } = (await httpsJson(`${url}/_sim/stats`, { ca: server.info.caCertPath })).body as {
      childEnv: string[];
    };
    expect(childEnv).toContain('VOICEFORM_SIM_URL');
    for (const secret of [
      'VOICEFORM_CLIENT_SECRET',
      'VOICEFORM_CERT_PASSWORD',
      'VOICEFORM_GRAPH_TOKEN',
      'VOICEFORM_TEAMS_TOKEN',
    ])
      expect(childEnv).not.toContain(secret);
  });
});
