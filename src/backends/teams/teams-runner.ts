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
  /** Reconnect when the session's tokens have less than this left (default: 5 min, or a quarter of a shorter lifetime). */
  tokenRefreshMarginMs?: number;
}

/**
 * Sign-in, the one long-lived pwsh session and Graph client, and retries: what the reader and the
 * writer share. Signs in once, however many callers ask at the same time (independent kinds write
 * at once).
 */
export class TeamsRunner {
  private session: PwshSession | undefined;
  private opening: Promise<PwshSession> | undefined;
  private credential: ReturnType<typeof credentialFromEnv> | undefined;
  /** When the session's tokens expire (ms since the epoch), and how long they were given for. */
  private expiresOn: number | undefined;
  private lifetimeMs = 3_600_000;
  /** Invocations of sessions closed for fresh tokens. */
  private invocationsBefore = 0;
  private queue: Promise<unknown> = Promise.resolve();
  /** Graph's directory, once signed in (absent with VOICEFORM_GRAPH=off). */
  graph: GraphDirectory | undefined;

  constructor(readonly options: TeamsRunnerOptions) {}

  get cloud(): CloudName {
    return this.options.cloud ?? 'global';
  }

  /** pwsh invocations so far (printed by apply, read by the benchmark). */
  get invocations(): number {
    return this.invocationsBefore + (this.session?.invocations ?? 0);
  }

  /** Signs in (once, however many callers ask at the same time) and opens the session. */
  open(): Promise<PwshSession> {
    return this.connect();
  }

  /**
   * The session for the next invocation. Connect-MicrosoftTeams -AccessTokens cannot renew its
   * tokens, and a run may outlive them (a whole-tenant export, a large apply's read-backs, a
   * worker): with less than the margin left, the session is closed and opened again with fresh
   * tokens (fidelity review N4). Called only inside `exclusive`, so no invocation is in flight on
   * the session it closes.
   */
  private async fresh(): Promise<PwshSession> {
    const margin = this.options.tokenRefreshMarginMs ?? Math.min(5 * 60_000, this.lifetimeMs / 4);
    if (this.session && this.expiresOn !== undefined && this.expiresOn - Date.now() < margin) await this.reconnect();
    return this.connect();
  }

  /**
   * One invocation at a time: the session runs them one after another anyway (one pwsh), and a
   * session closed for fresh tokens must have none in flight.
   */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Drops the session (and its tokens): the next call signs in afresh. */
  private async reconnect(): Promise<void> {
    const old = this.session;
    this.session = undefined;
    this.opening = undefined;
    this.expiresOn = undefined;
    this.invocationsBefore += old?.invocations ?? 0;
    await old?.dispose();
  }

  private connect(): Promise<PwshSession> {
    this.opening ??= (async () => {
      this.credential ??= credentialFromEnv(this.options);
      const { expiresOn, ...tokens } = await getTeamsTokens(this.credential, this.cloud);
      this.expiresOn = expiresOn;
      this.lifetimeMs = Math.max(0, expiresOn - Date.now());
      this.session = new PwshSession({
        module: this.options.module,
        tenantId: this.options.tenantId,
        env: this.options.childEnv,
        ...tokens,
      });
      // Users, licences and domains come from Graph (VOICEFORM_GRAPH=off reads them through PowerShell);
      // the Graph client asks the credential for a token per request, so it never goes stale.
      if (this.options.graph && !this.graph)
        this.graph = new GraphDirectory(
          createGraphClient(this.credential, graphEndpoint(this.cloud, this.options.env)),
        );
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

  /**
   * Get-/Set-/Remove-CsPhoneNumberAssignment exist in commercial, GCC, GCCH and DoD, not in
   * 21Vianet (Get-CsPhoneNumberAssignment.md): there numbers are read from users' LineUri and never written.
   */
  get numberCmdletsAvailable(): boolean {
    return this.cloud !== 'china';
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
    let reconnected = false;
    for (let attempt = 0; todo.length > 0; attempt++) {
      const got = await this.exclusive(async () =>
        (await this.fresh()).run(
          todo.map((i) => calls[i]!),
          stopOnError,
        ),
      );
      const again: number[] = [];
      let authFailed = false;
      todo.forEach((i, k) => {
        const r = got[k];
        results[i] = r;
        const error = r && !r.ok ? classifyPwshError(r.error ?? 'unknown error') : undefined;
        // A read refused for its token (expired early, revoked) is asked again once, signed in afresh;
        // a write is not (it may have run).
        const staleRead = error?.kind === 'auth' && calls[i]!.cmdlet.startsWith('Get-') && !reconnected;
        if (staleRead) authFailed = true;
        const retry = r ? staleRead || (error?.retryable ?? false) : again.length > 0;
        if (retry && attempt < delays.length) again.push(i);
      });
      if (authFailed) {
        reconnected = true;
        await this.exclusive(() => this.reconnect());
      }
      // A call skipped after a failure that is not retried stays without a result (the caller reports it as skipped).
      if (again.length === 0) break;
      await new Promise((r) => setTimeout(r, delays[attempt]));
      todo = again;
    }
    const ran = results.findIndex((r) => r === undefined);
    return (ran < 0 ? results : results.slice(0, ran)) as PwshResult[];
  }

  async close(): Promise<void> {
    await this.reconnect();
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
