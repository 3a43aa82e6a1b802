import { spawnSync } from 'node:child_process';
import { access } from 'node:fs/promises';
import type { Config } from '../config.js';
import { PreconditionFailed } from '../errors.js';
import type { IoHost } from '../io/io-host.js';
import { simTenantPath } from '../backends/open/open-tenant.js';
import { CLOUDS, cloudOf, graphEndpoint, type CloudName } from '../backends/graph/clouds.js';
import {
  formatChecks,
  judgeGraphPermissions,
  judgeNode,
  judgePwsh,
  judgeTeamsModule,
  tokenPermissions,
  type Check,
} from './doctor-checks.js';

export interface DoctorOptions {
  tenant?: string;
  cloud?: string;
  deviceCode?: boolean;
}

/**
 * `voiceform doctor [--tenant teams] [--cloud …]`: the operator's environment, each check with
 * its fix. Exit 0 when nothing fails (warnings allowed), 4 with the list of what is missing.
 */
export async function doctorCommand(options: DoctorOptions, io: IoHost, config: Config): Promise<number> {
  const checks: Check[] = [judgeNode(process.versions.node)];
  if (options.tenant === 'teams') checks.push(...(await teamsChecks(options, config)));
  else checks.push(await simCheck(options.tenant, config));
  checks.push(await databaseCheck(config));
  io.out(formatChecks(checks));
  const failed = checks.filter((c) => c.status === 'fail');
  if (failed.length > 0)
    throw new PreconditionFailed(
      `${failed.length} check(s) failed: ${failed.map((c) => c.name).join(', ')}`,
      'fix each as its line says, then run voiceform doctor again',
    );
  const warned = checks.filter((c) => c.status === 'warn').length;
  io.err(warned > 0 ? `All checks passed, ${warned} with a warning.` : 'All checks passed.');
  return 0;
}

async function simCheck(tenant: string | undefined, config: Config): Promise<Check> {
  const file = simTenantPath(tenant, config.home);
  return access(file).then(
    (): Check => ({ name: 'simulated tenant', status: 'ok', detail: file }),
    (): Check => ({
      name: 'simulated tenant',
      status: 'warn',
      detail: `${file} does not exist yet`,
      fix: 'voiceform sim init --users-from SPEC',
    }),
  );
}

async function databaseCheck(config: Config): Promise<Check> {
  if (!config.databaseUrl)
    return { name: 'database', status: 'skip', detail: 'none configured (history is embedded, locks are local)' };
  const { openPostgres, redactUrl } = await import('../store/database.js');
  try {
    const db = await openPostgres(config.databaseUrl);
    try {
      await db.query('SELECT 1');
    } finally {
      await db.close().catch(() => undefined);
    }
    return { name: 'database', status: 'ok', detail: redactUrl(config.databaseUrl) };
  } catch (err) {
    return {
      name: 'database',
      status: 'fail',
      detail: `${redactUrl(config.databaseUrl)}: ${(err as Error).message}`,
      fix: 'check --database / VOICEFORM_DATABASE_URL, that the server accepts connections, and PGPASSWORD or ~/.pgpass',
    };
  }
}

/** The module's version as PowerShell sees it: a path's manifest, or the newest installed by name. */
const MODULE_PROBE = `
$m = $env:VF_DOCTOR_MODULE
if (Test-Path -LiteralPath $m) {
  $d = Import-PowerShellDataFile -LiteralPath $m
  [pscustomobject]@{ version = [string]$d.ModuleVersion; prerelease = [string]$d.PrivateData.PSData.Prerelease; path = $m } | ConvertTo-Json -Compress
} else {
  $x = Get-Module -ListAvailable -Name $m | Sort-Object Version -Descending | Select-Object -First 1
  if ($x) { [pscustomobject]@{ version = [string]$x.Version; prerelease = [string]$x.PrivateData.PSData.Prerelease; path = $x.Path } | ConvertTo-Json -Compress } else { 'null' }
}`;

/** Runs a constant script in pwsh (values only through the environment, never in the text). */
function pwsh(script: string, env: Record<string, string>): string | undefined {
  const r = spawnSync('pwsh', ['-NoProfile', '-NonInteractive', '-Command', script], {
    encoding: 'utf8',
    timeout: 120_000,
    env,
  });
  return r.error || r.status !== 0 ? undefined : r.stdout.trim();
}

async function teamsChecks(options: DoctorOptions, config: Config): Promise<Check[]> {
  const checks: Check[] = [];
  let cloud: CloudName;
  try {
    cloud = cloudOf(options.cloud, config.env);
  } catch (err) {
    return [{ name: 'cloud', status: 'fail', detail: (err as Error).message, fix: 'global, usgov, usgovdod or china' }];
  }
  checks.push({
    name: 'cloud',
    status: 'ok',
    detail: `${cloud}: Graph ${graphEndpoint(cloud, config.env)}, sign-in ${config.env.VOICEFORM_AUTHORITY_HOST || CLOUDS[cloud].login}`,
  });
  const pwshVersion = pwsh('$PSVersionTable.PSVersion.ToString()', config.childEnv);
  checks.push(judgePwsh(pwshVersion));
  let moduleOk = false;
  if (pwshVersion) {
    const out = pwsh(MODULE_PROBE, { ...config.childEnv, VF_DOCTOR_MODULE: config.teamsModule });
    const found =
      out && out !== 'null' ? (JSON.parse(out) as { version: string; prerelease?: string; path?: string }) : undefined;
    const module = judgeTeamsModule(found && { ...found, prerelease: found.prerelease || undefined });
    moduleOk = module.status !== 'fail';
    checks.push(module);
  } else checks.push({ name: 'MicrosoftTeams module', status: 'skip', detail: 'needs PowerShell' });

  const tenantId = config.tenantId;
  if (!tenantId) {
    checks.push({
      name: 'sign-in',
      status: 'fail',
      detail: 'no tenant id to sign in to',
      fix: 'set VOICEFORM_TENANT_ID to the customer tenant id',
    });
    return checks;
  }
  // Sign-in, MSAL and PowerShell load only here (doctor without --tenant teams never needs them).
  const { credentialFromEnv, getTeamsTokens } = await import('../backends/teams/teams-auth.js');
  let graphToken: string;
  try {
    const credential = credentialFromEnv({ tenantId, cloud, deviceCode: options.deviceCode, env: config.env });
    graphToken = (await getTeamsTokens(credential, cloud)).graphToken;
    checks.push({
      name: 'sign-in',
      status: 'ok',
      detail: `${options.deviceCode ? 'device code' : 'app-only'} to tenant ${tenantId}`,
    });
  } catch (err) {
    const e = err as Error & { hint?: string };
    checks.push({ name: 'sign-in', status: 'fail', detail: e.message, fix: e.hint ?? 'check the credential' });
    return checks;
  }
  checks.push(...judgeGraphPermissions(tokenPermissions(graphToken), cloud));

  if (!moduleOk) {
    checks.push({ name: 'Teams admin API', status: 'skip', detail: 'needs PowerShell and the MicrosoftTeams module' });
    return checks;
  }
  const { TeamsRunner } = await import('../backends/teams/teams-runner.js');
  const runner = new TeamsRunner({
    tenantId,
    cloud,
    deviceCode: options.deviceCode,
    env: config.env,
    module: config.teamsModule,
    graph: false,
    numberAssignment: config.numberAssignment,
    childEnv: config.childEnv,
    retryDelaysMs: [],
  });
  try {
    const [r] = await runner.run([{ cmdlet: 'Get-CsTenant' }], false);
    checks.push(
      r?.ok
        ? { name: 'Teams admin API', status: 'ok', detail: 'Get-CsTenant answered' }
        : {
            name: 'Teams admin API',
            status: 'fail',
            detail: `Get-CsTenant failed: ${r?.error ?? 'no result'}`,
            fix: 'give the app the Teams Administrator role (or Teams Telephony Administrator) and application_access on the Skype and Teams Tenant Admin API',
          },
    );
  } catch (err) {
    checks.push({ name: 'Teams admin API', status: 'fail', detail: (err as Error).message, fix: 'see the message' });
  } finally {
    await runner.close();
  }
  return checks;
}
