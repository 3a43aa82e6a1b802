import type { CloudName } from '../graph/clouds.js';
import { graphEndpoint } from '../graph/clouds.js';
import { createGraphClient } from '../graph/graph-client.js';
import { GraphDirectory } from '../graph/graph-directory.js';
import { classifyPwshError } from './classify-error.js';
import { PwshSession, type PwshCall, type PwshResult } from './pwsh-session.js';
import { credentialFromEnv, getTeamsTokens, type AuthOptions } from './teams-auth.js';
import type { Raw } from './teams-fields.js';

export interface TeamsRunnerOptions extends AuthOptions {
  /** The MicrosoftTeams module (a name or a path; tests use the stand-in). */
  module: string;
  /** Users, licences and domains through Graph (off: through PowerShell only). */
  graph: boolean;
  /** Number assignment through Graph numberAssignments (default) or Set-CsPhoneNumberAssignment. */
  numberAssignment: 'graph' | 'pwsh';
  /** The pwsh child's environment without secrets (config.ts builds it once). */
  childEnv: Record<string, string>;
  /** Waits between retries of a retryable failure (ms); the last failure is thrown. */
  retryDelaysMs?: number[];
}

/**
 * Sign-in, the one long-lived pwsh session and Graph client, and retries: what the reader and the
 * writer share. Signs in once, however many callers ask at the same time (independent kinds write
 * at once).
 */
export class TeamsRunner {
  private session: PwshSession | undefined;
  private opening: Promise<PwshSession> | undefined;
  /** Graph's directory, once signed in (absent with VOICEFORM_GRAPH=off). */
  graph: GraphDirectory | undefined;

  constructor(readonly options: TeamsRunnerOptions) {}

  get cloud(): CloudName {
    return this.options.cloud ?? 'global';
  }

  /** pwsh invocations so far (printed by apply, read by the benchmark). */
  get invocations(): number {
    return this.session?.invocations ?? 0;
  }

  open(): Promise<PwshSession> {
    this.opening ??= (async () => {
      const credential = credentialFromEnv(this.options);
      const tokens = await getTeamsTokens(credential, this.cloud);
      this.session = new PwshSession({
        module: this.options.module,
        tenantId: this.options.tenantId,
        env: this.options.childEnv,
        ...tokens,
      });
      // Users, licences and domains come from Graph (VOICEFORM_GRAPH=off reads them through PowerShell).
      if (this.options.graph)
        this.graph = new GraphDirectory(createGraphClient(credential, graphEndpoint(this.cloud, this.options.env)));
      return this.session;
    })().catch((err: unknown) => {
      this.opening = undefined;
      throw err;
    });
    return this.opening;
  }

  /**
   * The Graph `/admin/teams` APIs (userConfigurations, numberAssignments) exist in the global cloud
   * only: elsewhere users' voice state and numbers go through PowerShell.
   */
  get adminTeamsViaGraph(): boolean {
    return this.graph !== undefined && this.cloud === 'global';
  }

  /** Numbers go through Graph's numberAssignments unless VOICEFORM_NUMBER_ASSIGNMENT=pwsh (or outside the global cloud). */
  get numbersViaGraph(): boolean {
    return this.adminTeamsViaGraph && this.options.numberAssignment === 'graph';
  }

  /**
   * Runs calls, retrying those that failed for a retryable reason (throttling, propagation) after
   * a wait: never the ones that succeeded (a second New-* would fail as a duplicate). With
   * stopOnError the calls after a failure never ran, so they go again with it.
   */
  async run(calls: PwshCall[], stopOnError: boolean): Promise<PwshResult[]> {
    const delays = this.options.retryDelaysMs ?? [2000, 5000, 15000, 30000];
    const results: (PwshResult | undefined)[] = calls.map(() => undefined);
    let todo = calls.map((_, i) => i);
    for (let attempt = 0; todo.length > 0; attempt++) {
      const got = await (
        await this.open()
      ).run(
        todo.map((i) => calls[i]!),
        stopOnError,
      );
      const again: number[] = [];
      todo.forEach((i, k) => {
        const r = got[k];
        results[i] = r;
        const retry = r ? !r.ok && classifyPwshError(r.error ?? 'unknown error').retryable : again.length > 0;
        if (retry && attempt < delays.length) again.push(i);
      });
      // A call skipped after a failure that is not retried stays without a result (the caller reports it as skipped).
      if (again.length === 0) break;
      await new Promise((r) => setTimeout(r, delays[attempt]));
      todo = again;
    }
    const ran = results.findIndex((r) => r === undefined);
    return (ran < 0 ? results : results.slice(0, ran)) as PwshResult[];
  }

  async close(): Promise<void> {
    await this.session?.dispose();
    this.session = undefined;
    this.opening = undefined;
  }
}

/** A read that failed because the object is not there: a fact, unlike any other failed read. */
export function absent(result: PwshResult | undefined): boolean {
  return !result?.ok && classifyPwshError(result?.error ?? '').kind === 'not-found';
}

/** A call's output; a failed call throws its classified error. */
export function outputOf(result: PwshResult | undefined, what: string): Raw[] {
  if (!result?.ok) throw classifyPwshError(result?.error ?? `no result for ${what}`);
  return result.output ?? [];
}

/** A Get-CsOnlineUser result: the user, null when missing; any other failure throws (never "absent"). */
export function userOf(upn: string, result: PwshResult | undefined): { upn: string; user: Raw | null } {
  return { upn, user: absent(result) ? null : (outputOf(result, `Get-CsOnlineUser ${upn}`)[0] ?? null) };
}
