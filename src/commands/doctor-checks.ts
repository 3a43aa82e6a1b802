/**
 * What `voiceform doctor` judges, apart from how it finds out: versions against the ranges
 * Voiceform is tested with, and an app's Graph permissions against what each command needs. Pure.
 */

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
  /** What to do about it (a failure or a warning). */
  fix?: string;
}

/** The Node.js major versions Voiceform runs on (package.json engines). */
export const NODE_MIN_MAJOR = 20;
/** PowerShell: 7.4 and later (the suite runs 7.6.9). */
export const PWSH_MIN = '7.4.0';
/**
 * The MicrosoftTeams module versions Voiceform is tested against: 7.x, the line that renamed the
 * number parameters (-TelephoneNumber, -NumberType) and takes app-only -AccessTokens. Older is
 * refused; 8.x and previews warn (not yet tested).
 */
export const TEAMS_MODULE_RANGE = { min: '7.0.0', untestedFromMajor: 8 };

const parts = (v: string): number[] =>
  v
    .split(/[.-]/)
    .slice(0, 3)
    .map((x) => Number.parseInt(x, 10) || 0);

/** -1, 0 or 1, by the first three numeric parts. */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0) ? -1 : 1;
  return 0;
}

export function judgeNode(version: string): Check {
  const major = parts(version)[0]!;
  return major >= NODE_MIN_MAJOR
    ? { name: 'Node.js', status: 'ok', detail: version }
    : {
        name: 'Node.js',
        status: 'fail',
        detail: `${version}: Voiceform needs ${NODE_MIN_MAJOR} or later`,
        fix: `install Node.js ${NODE_MIN_MAJOR} LTS or later`,
      };
}

const INSTALL_PWSH = 'dotnet tool install --global PowerShell --version 7.6.9 (then add ~/.dotnet/tools to PATH)';

export function judgePwsh(version: string | undefined): Check {
  if (!version) return { name: 'PowerShell', status: 'fail', detail: 'pwsh is not on PATH', fix: INSTALL_PWSH };
  if (compareVersions(version, PWSH_MIN) < 0)
    return {
      name: 'PowerShell',
      status: 'fail',
      detail: `${version}: Voiceform needs ${PWSH_MIN} or later`,
      fix: INSTALL_PWSH,
    };
  return { name: 'PowerShell', status: 'ok', detail: version };
}

export function judgeTeamsModule(found: { version: string; prerelease?: string; path?: string } | undefined): Check {
  const name = 'MicrosoftTeams module';
  const range = `tested: ${TEAMS_MODULE_RANGE.min} to ${TEAMS_MODULE_RANGE.untestedFromMajor - 1}.x`;
  const install = 'Install-Module MicrosoftTeams -Scope CurrentUser -RequiredVersion <a 7.x version> (pwsh)';
  if (!found)
    return { name, status: 'fail', detail: `not found (${range})`, fix: `${install}; or set VOICEFORM_TEAMS_MODULE` };
  const label = `${found.version}${found.prerelease ? `-${found.prerelease}` : ''}${found.path ? ` at ${found.path}` : ''}`;
  if (compareVersions(found.version, TEAMS_MODULE_RANGE.min) < 0)
    return { name, status: 'fail', detail: `${label}: older than Voiceform supports (${range})`, fix: install };
  if (parts(found.version)[0]! >= TEAMS_MODULE_RANGE.untestedFromMajor || found.prerelease)
    return {
      name,
      status: 'warn',
      detail: `${label}: ${found.prerelease ? 'a preview' : 'newer than tested'} (${range})`,
      fix: 'run `voiceform conformance` against a test tenant before relying on it, or install a 7.x version',
    };
  return { name, status: 'ok', detail: `${label} (${range})` };
}

/** Graph application permissions per use: each inner list is "any one of". */
export interface PermissionNeed {
  use: string;
  anyOf: string[][];
  /** Only where the API exists (the /admin/teams APIs: the global cloud). */
  globalOnly?: boolean;
}

export const GRAPH_PERMISSION_NEEDS: PermissionNeed[] = [
  {
    use: 'plan/apply: read users, licences and domains',
    anyOf: [
      ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
      ['Organization.Read.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
      ['Domain.Read.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    ],
  },
  {
    use: 'apply with licensing: usage locations and licences',
    anyOf: [
      ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
      ['LicenseAssignment.ReadWrite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
    ],
  },
  {
    use: "plan/apply: users' voice configuration (admin/teams/userConfigurations)",
    anyOf: [['TeamsUserConfiguration.Read.All']],
    globalOnly: true,
  },
  {
    use: 'apply: phone numbers (admin/teams/telephoneNumberManagement)',
    anyOf: [['TeamsTelephoneNumber.ReadWrite.All']],
    globalOnly: true,
  },
  { use: 'health: call records', anyOf: [['CallRecords.Read.All', 'CallRecord-PstnCalls.Read.All']] },
  { use: 'health: Message Center', anyOf: [['ServiceMessage.Read.All']] },
];

/** One check per use of Graph: what the token's roles lack for it, and the fix. */
export function judgeGraphPermissions(roles: readonly string[], cloud: string): Check[] {
  const held = new Set(roles.map((r) => r.toLowerCase()));
  return GRAPH_PERMISSION_NEEDS.map((need): Check => {
    const name = `Graph permission for ${need.use}`;
    if (need.globalOnly && cloud !== 'global')
      return { name, status: 'skip', detail: `not used in the ${cloud} cloud (PowerShell instead)` };
    const missing = need.anyOf.filter((group) => !group.some((p) => held.has(p.toLowerCase())));
    if (missing.length === 0) return { name, status: 'ok', detail: 'granted' };
    const wanted = missing.map((g) => g[0]!);
    return {
      name,
      status: 'fail',
      detail: `missing ${missing.map((g) => (g.length > 1 ? `${g[0]} (or ${g.slice(1).join(', ')})` : g[0])).join('; ')}`,
      fix: `grant the application permission${wanted.length > 1 ? 's' : ''} ${wanted.join(', ')} to the app in Entra ID and give admin consent`,
    };
  });
}

/** The `roles` (application permissions) and `scp` (delegated) of a JWT access token, never its signature. */
export function tokenPermissions(token: string): string[] {
  const payload = token.split('.')[1];
  if (!payload) return [];
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { roles?: unknown; scp?: unknown };
    const roles = Array.isArray(claims.roles) ? claims.roles.map(String) : [];
    const scopes = typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : [];
    return [...roles, ...scopes];
  } catch {
    return [];
  }
}

const MARK: Record<CheckStatus, string> = { ok: 'ok', warn: 'WARN', fail: 'FAIL', skip: 'skip' };

/** One line per check, its fix under it. Pure. */
export function formatChecks(checks: readonly Check[]): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  return checks
    .flatMap((c) => [
      `${MARK[c.status].padEnd(4)}  ${c.name.padEnd(width)}  ${c.detail}`,
      ...(c.fix && (c.status === 'fail' || c.status === 'warn') ? [`      → ${c.fix}`] : []),
    ])
    .join('\n');
}
