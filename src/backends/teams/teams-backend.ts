import { parseAddress } from '../../addr/address.js';
import { BackendError } from '../../errors.js';
import type { CurrentState } from '../../model/tenant-state.js';
import type { Change } from '../../plan/plan-types.js';
import type { ReadScope, TenantBackend } from '../backend.js';
import { classifyPwshError } from './classify-error.js';
import { PwshSession, type PwshCall, type PwshResult } from './pwsh-session.js';
import { credentialFromEnv, getTeamsTokens, type AuthOptions } from './teams-auth.js';
import { bareName, buildCurrentState, fromTeams } from './teams-read-map.js';
import { callsForChange } from './teams-write-map.js';

type Raw = Record<string, unknown>;

export interface TeamsBackendOptions extends AuthOptions {
  module?: string;
  /** Waits between retries of a retryable failure (ms); the last failure is thrown. */
  retryDelaysMs?: number[];
}

/**
 * The real backend: Cs* objects through one long-lived pwsh session with the MicrosoftTeams
 * module. Reads gather every Get in one invocation; each change is one invocation.
 */
export class TeamsBackend implements TenantBackend {
  readonly description = 'teams';
  private session: PwshSession | undefined;

  constructor(private readonly options: TeamsBackendOptions) {}

  /** pwsh round trips so far (for the benchmark). */
  get invocations(): number {
    return this.session?.invocations ?? 0;
  }

  private async open(): Promise<PwshSession> {
    if (!this.session) {
      const tokens = await getTeamsTokens(credentialFromEnv(this.options));
      this.session = new PwshSession({ module: this.options.module ?? process.env.VOICEFORM_TEAMS_MODULE ?? 'MicrosoftTeams', tenantId: this.options.tenantId, ...tokens });
    }
    return this.session;
  }

  private async run(calls: PwshCall[], stopOnError: boolean): Promise<PwshResult[]> {
    const delays = this.options.retryDelaysMs ?? [2000, 5000, 15000, 30000];
    for (let attempt = 0; ; attempt++) {
      const results = await (await this.open()).run(calls, stopOnError);
      const failed = results.find((r) => !r.ok);
      const error = failed && classifyPwshError(failed.error ?? 'unknown error', failed.errorId);
      if (!error || !error.retryable || attempt >= delays.length) return results;
      await new Promise((r) => setTimeout(r, delays[attempt]));
    }
  }

  private static output(result: PwshResult | undefined, what: string): Raw[] {
    if (!result?.ok) throw classifyPwshError(result?.error ?? `no result for ${what}`, result?.errorId);
    return result.output ?? [];
  }

  async read(scope: ReadScope): Promise<CurrentState> {
    const base: PwshCall[] = [
      { cmdlet: 'Get-CsTenant' },
      { cmdlet: 'Get-CsOnlinePSTNGateway' },
      { cmdlet: 'Get-CsOnlinePstnUsage' },
      { cmdlet: 'Get-CsOnlineVoiceRoute' },
      { cmdlet: 'Get-CsOnlineVoiceRoutingPolicy' },
      { cmdlet: 'Get-CsTenantDialPlan' },
      { cmdlet: 'Get-CsTeamsTranslationRule' },
      { cmdlet: 'Get-CsPhoneNumberAssignment', page: 1000 },
    ];
    const users = scope.users === 'all' ? [{ cmdlet: 'Get-CsOnlineUser' }] : scope.users.map((upn) => ({ cmdlet: 'Get-CsOnlineUser', params: { Identity: upn } }));
    const results = await this.run([...base, ...users], false);
    const out = (i: number) => TeamsBackend.output(results[i], base[i]?.cmdlet ?? 'Get-CsOnlineUser');
    const userResults = results.slice(base.length);
    return buildCurrentState({
      tenant: out(0)[0] ?? {},
      gateways: out(1),
      usages: out(2),
      routes: out(3),
      policies: out(4),
      dialPlans: out(5),
      translationRules: out(6),
      numbers: out(7),
      users:
        scope.users === 'all'
          ? TeamsBackend.output(userResults[0], 'Get-CsOnlineUser').map((u) => ({ upn: String(u.UserPrincipalName), user: u }))
          : scope.users.map((upn, i) => {
              const r = userResults[i];
              // A missing user is a fact for preflight; any other failed read is an error, never "absent".
              if (!r?.ok && classifyPwshError(r?.error ?? '', r?.errorId).kind === 'not-found') return { upn, user: null };
              return { upn, user: TeamsBackend.output(r, `Get-CsOnlineUser ${upn}`)[0] ?? null };
            }),
    });
  }

  async readObject(address: string): Promise<Record<string, unknown> | null> {
    const a = parseAddress(address);
    if (!a) throw new BackendError(`bad address ${address}`, 'invalid');
    if (a.kind === 'userNumber' || a.kind === 'userPolicy') {
      const state = await this.read({ users: [a.name] });
      const list = a.kind === 'userNumber' ? state.voice.userNumbers : state.voice.userPolicies;
      return (list[0] as unknown as Record<string, unknown>) ?? null;
    }
    const [cmdlet, map] = {
      translationRule: ['Get-CsTeamsTranslationRule', fromTeams.translationRule],
      gateway: ['Get-CsOnlinePSTNGateway', fromTeams.gateway],
      voiceRoute: ['Get-CsOnlineVoiceRoute', fromTeams.route],
      voiceRoutingPolicy: ['Get-CsOnlineVoiceRoutingPolicy', fromTeams.policy],
      dialPlan: ['Get-CsTenantDialPlan', fromTeams.dialPlan],
      pstnUsage: ['Get-CsOnlinePstnUsage', (u: Raw) => u],
    }[a.kind] as [string, (r: Raw) => object];
    const [result] = await this.run([{ cmdlet, params: a.kind === 'pstnUsage' ? {} : { Identity: a.name } }], false);
    if (!result?.ok && classifyPwshError(result?.error ?? '', result?.errorId).kind === 'not-found') return null;
    const rows = TeamsBackend.output(result, cmdlet);
    if (a.kind === 'pstnUsage') {
      const usage = ((rows[0]?.Usage as string[]) ?? []).find((u) => u.toLowerCase() === a.name.toLowerCase());
      return usage === undefined ? null : { name: usage };
    }
    const match = rows.map(map).find((o) => bareName((o as { name?: string; fqdn?: string }).name ?? (o as { fqdn: string }).fqdn).toLowerCase() === a.name.toLowerCase());
    return (match as Record<string, unknown>) ?? null;
  }

  async write(change: Change): Promise<void> {
    const calls = callsForChange(change);
    if (calls.length === 0) return;
    const results = await this.run(calls, true);
    const failed = results.find((r) => !r.ok);
    if (failed) throw classifyPwshError(failed.error ?? 'unknown error', failed.errorId);
  }

  async close(): Promise<void> {
    await this.session?.dispose();
    this.session = undefined;
  }
}
