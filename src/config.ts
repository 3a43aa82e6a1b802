import path from 'node:path';

/**
 * Everything Voiceform takes from its environment, read once at start (cli/main) and passed
 * down: no backend reads process.env itself. Secrets stay in `env` for the credential and never
 * reach a child process (`childEnv` is an allow-list).
 */
export interface Config {
  /** Where journals, locks and the default sim tenant live (VOICEFORM_HOME, default ./.voiceform). */
  home: string;
  /** VOICEFORM_TENANT_ID: the tenant for --tenant teams when no spec or journal names it. */
  tenantId?: string;
  /** VOICEFORM_TEAMS_MODULE: the MicrosoftTeams module's name or path. */
  teamsModule: string;
  /** VOICEFORM_GRAPH=off reads users, licences and domains through PowerShell only. */
  graph: boolean;
  /** VOICEFORM_NUMBER_ASSIGNMENT=pwsh assigns numbers with Set-CsPhoneNumberAssignment instead of Graph. */
  numberAssignment: 'graph' | 'pwsh';
  /** VOICEFORM_SIM_FAULTS: fault injection for the simulated tenant (tests, demos). */
  simFaults?: string;
  /** VOICEFORM_WORKER_FAULTS: a queue worker's fault hooks for tests (`die-after-fetch`). */
  workerFaults?: string;
  /** VOICEFORM_SIM_REALISM: `strict` makes `sim serve` as asynchronous as the documented service. */
  simRealism?: string;
  /** VOICEFORM_RETRY_DELAYS_MS (e.g. `2000,5000,15000,30000`): waits before retrying a throttled or not-yet-propagated call. */
  retryDelaysMs?: number[];
  /** VOICEFORM_DATABASE_URL or --database: a shared PostgreSQL for run history and tenant locks (else PGlite under home). */
  databaseUrl?: string;
  /** The environment as read at start: credentials (VOICEFORM_CLIENT_*, VOICEFORM_CERT_*), cloud and endpoint overrides. */
  env: NodeJS.ProcessEnv;
  /** The environment a pwsh child gets: what PowerShell and .NET need to start, nothing secret. */
  childEnv: Record<string, string>;
}

/** Names a child process may inherit: locale, paths, .NET/PowerShell settings, and the emulator's URL. */
const CHILD_ENV =
  /^(PATH|HOME|USER|LOGNAME|SHELL|LANG|LANGUAGE|LC_[A-Z]+|TZ|TMPDIR|TMP|TEMP|XDG_[A-Z_]+|PSModulePath|POWERSHELL_[A-Z_]+|DOTNET_[A-Z_]+|SystemRoot|VOICEFORM_SIM_URL)$/;

/** The allow-listed part of an environment (values as they are). */
export function childEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => CHILD_ENV.test(e[0]) && typeof e[1] === 'string'),
  );
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    home: path.resolve(env.VOICEFORM_HOME ?? '.voiceform'),
    tenantId: env.VOICEFORM_TENANT_ID || undefined,
    teamsModule: env.VOICEFORM_TEAMS_MODULE || 'MicrosoftTeams',
    graph: env.VOICEFORM_GRAPH !== 'off',
    numberAssignment: env.VOICEFORM_NUMBER_ASSIGNMENT === 'pwsh' ? 'pwsh' : 'graph',
    simFaults: env.VOICEFORM_SIM_FAULTS,
    workerFaults: env.VOICEFORM_WORKER_FAULTS,
    simRealism: env.VOICEFORM_SIM_REALISM || undefined,
    retryDelaysMs: env.VOICEFORM_RETRY_DELAYS_MS
      ? env.VOICEFORM_RETRY_DELAYS_MS.split(',')
          .map(Number)
          .filter((n) => Number.isFinite(n) && n >= 0)
      : undefined,
    databaseUrl: env.VOICEFORM_DATABASE_URL || undefined,
    env: { ...env },
    childEnv: childEnvironment(env),
  };
}
