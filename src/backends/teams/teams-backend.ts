import { identityKey } from '../../kinds/identity.js';
import { isUserKind, type Address } from '../../addr/address.js';
import { BackendError } from '../../errors.js';
import { GRANTS } from '../../kinds/grants.js';
import { TENANT_KINDS, type TenantKind } from '../../kinds/registry.js';
import type { CurrentState, UserLicense } from '../../model/tenant-state.js';
import type { Change } from '../../plan/plan-types.js';
import type { BatchOutcome, ReadScope, TenantReaderWriter } from '../backend.js';
import type { VoiceObject } from '../../kinds/registry.js';
import { writeGrantsInBatches } from './batch-grants.js';
import { createGraphClient } from '../graph/graph-client.js';
import { graphEndpoint } from '../graph/clouds.js';
import { GraphDirectory, isTeamsPhoneSku, type GraphUser } from '../graph/graph-directory.js';
import { classifyPwshError } from './classify-error.js';
import { PwshSession, type PwshCall, type PwshResult } from './pwsh-session.js';
import { credentialFromEnv, getTeamsTokens, type AuthOptions } from './teams-auth.js';
import { buildCurrentState } from './teams-read-map.js';
import { getAllCall, licenceOf, pickObject, userVoiceObject, usersOnlyState } from './teams-objects.js';
import { numberSteps } from './number-steps.js';
import { callsForChange } from './teams-write-map.js';

type Raw = Record<string, unknown>;

export interface TeamsBackendOptions extends AuthOptions {
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
 * The real backend: Cs* objects through one long-lived pwsh session with the MicrosoftTeams
 * module. Reads gather every Get in one invocation; each change is one invocation.
 */
export class TeamsBackend implements TenantReaderWriter {
  readonly description = 'teams';
  private session: PwshSession | undefined;

  constructor(private readonly options: TeamsBackendOptions) {}

  /** pwsh invocations so far (printed by apply, read by the benchmark). */
  get roundTrips(): number {
    return this.session?.invocations ?? 0;
  }

  private graph: GraphDirectory | undefined;

  private opening: Promise<PwshSession> | undefined;

  /** Signs in once, however many callers ask at the same time (independent kinds write at once). */
  private open(): Promise<PwshSession> {
    this.opening ??= (async () => {
      const credential = credentialFromEnv(this.options);
      const cloud = this.options.cloud ?? 'global';
      const tokens = await getTeamsTokens(credential, cloud);
      this.session = new PwshSession({ module: this.options.module, tenantId: this.options.tenantId, env: this.options.childEnv, ...tokens });
      // Users, licences and domains come from Graph (VOICEFORM_GRAPH=off reads them through PowerShell).
      if (this.options.graph) this.graph = new GraphDirectory(createGraphClient(credential, graphEndpoint(this.options.cloud ?? 'global', this.options.env)));
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
  private get adminTeamsViaGraph(): boolean {
    return this.graph !== undefined && (this.options.cloud ?? 'global') === 'global';
  }

  /** Numbers go through Graph's numberAssignments unless VOICEFORM_NUMBER_ASSIGNMENT=pwsh (or outside the global cloud). */
  private get numbersViaGraph(): boolean {
    return this.adminTeamsViaGraph && this.options.numberAssignment === 'graph';
  }

  /**
   * Runs calls, retrying those that failed for a retryable reason (throttling, propagation) after
   * a wait: never the ones that succeeded (a second New-* would fail as a duplicate). With
   * stopOnError the calls after a failure never ran, so they go again with it.
   */
  private async run(calls: PwshCall[], stopOnError: boolean): Promise<PwshResult[]> {
    const delays = this.options.retryDelaysMs ?? [2000, 5000, 15000, 30000];
    const results: (PwshResult | undefined)[] = calls.map(() => undefined);
    let todo = calls.map((_, i) => i);
    for (let attempt = 0; todo.length > 0; attempt++) {
      const got = await (await this.open()).run(todo.map((i) => calls[i]!), stopOnError);
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

  /** A read that failed because the object is not there: a fact, unlike any other failed read. */
  private static absent(result: PwshResult | undefined): boolean {
    return !result?.ok && classifyPwshError(result?.error ?? '').kind === 'not-found';
  }

  /** A Get-CsOnlineUser result: the user, null when missing; any other failure throws (never "absent"). */
  private static userOf(upn: string, result: PwshResult | undefined): { upn: string; user: Raw | null } {
    return { upn, user: TeamsBackend.absent(result) ? null : (TeamsBackend.output(result, `Get-CsOnlineUser ${upn}`)[0] ?? null) };
  }

  private static output(result: PwshResult | undefined, what: string): Raw[] {
    if (!result?.ok) throw classifyPwshError(result?.error ?? `no result for ${what}`);
    return result.output ?? [];
  }

  async read(scope: ReadScope): Promise<CurrentState> {
    await this.open();
    // Get-CsTenant, one Get per tenant-wide kind (in registry order), then the number list.
    const base: PwshCall[] = [
      { cmdlet: 'Get-CsTenant' },
      ...TENANT_KINDS.map((k) => getAllCall(k.kind)),
      { cmdlet: 'Get-CsPhoneNumberAssignment', page: 1000 },
    ];
    // With Graph, users' voice state comes from userConfigurations in $batch round trips (the
    // module's per-user Get-CsOnlineUser is what makes bulk reads take hours); else PowerShell.
    const viaGraph = this.graph !== undefined && scope.users !== 'all';
    const voiceViaGraph = viaGraph && this.adminTeamsViaGraph;
    const userCalls: PwshCall[] = voiceViaGraph ? [] : scope.users === 'all' ? [{ cmdlet: 'Get-CsOnlineUser' }] : scope.users.map((upn) => ({ cmdlet: 'Get-CsOnlineUser', params: { Identity: upn } }));
    const upns = scope.users === 'all' ? [] : [...scope.users];
    const [results, directory] = await Promise.all([this.run([...base, ...userCalls], false), viaGraph ? this.graph!.readDirectory(upns) : undefined]);
    const out = (i: number) => TeamsBackend.output(results[i], base[i]?.cmdlet ?? 'Get-CsOnlineUser');
    const userResults = results.slice(base.length);
    const users = directory && voiceViaGraph
      ? await this.usersFromGraph(upns, directory.ids)
      : scope.users === 'all'
        ? TeamsBackend.output(userResults[0], 'Get-CsOnlineUser').map((u) => ({ upn: String(u.UserPrincipalName), user: u }))
        : scope.users.map((upn, i) => TeamsBackend.userOf(upn, userResults[i]));
    const objects = Object.fromEntries(TENANT_KINDS.map((k, i) => [k.kind, out(i + 1)]));
    const state = buildCurrentState({ tenant: out(0)[0] ?? {}, objects, numbers: out(base.length - 1), users });
    if (directory) {
      for (const [upn, u] of directory.ids) this.objectIds.set(upn, u.id);
      state.directory.users = directory.users;
      // An SBC domain must be verified (Graph) and enabled for Teams (Get-CsTenant VerifiedDomains Status Enabled).
      const teamsEnabled = new Set(state.directory.verifiedDomains.map((d) => identityKey(d)));
      state.directory.verifiedDomains = directory.verifiedDomains.filter((d) => teamsEnabled.has(identityKey(d)));
      state.directory.skus = directory.skus.map((k) => ({ skuId: k.skuId, skuPartNumber: k.skuPartNumber, enabled: k.enabled, consumed: k.consumed, teamsPhone: isTeamsPhoneSku(k) }));
      this.skuParts = new Map(directory.skus.map((k) => [k.skuId, k.skuPartNumber]));
      state.voice.userLicenses = [...directory.ids.values()].flatMap((u) => licenceOf(u, this.skuParts) ?? []);
    }
    return state;
  }

  /** userNumber / userPolicy objects: users and configurations from Graph, number types from PowerShell. */
  private async readUserVoiceViaGraph(parsed: readonly Address[]): Promise<(VoiceObject | null)[]> {
    const upns = [...new Set(parsed.map((a) => a.name))];
    // Users whose object id an earlier read gave need no user lookup: their configuration is read by id.
    const unknown = upns.filter((upn) => !this.objectIds.has(identityKey(upn)));
    // Number types come from the number list: grants alone do not need it.
    const needNumbers = parsed.some((a) => a.kind === 'userNumber');
    const [numbers, graphUsers] = await Promise.all([
      needNumbers ? this.run([{ cmdlet: 'Get-CsPhoneNumberAssignment', page: 1000 }], false) : Promise.resolve([{ ok: true, output: [] }]),
      unknown.length ? this.graph!.readUsers(unknown) : new Map<string, GraphUser | null>(),
    ]);
    for (const [upn, u] of graphUsers) if (u) this.objectIds.set(upn, u.id);
    const ids = new Map(upns.flatMap((upn) => {
      const id = this.objectIds.get(identityKey(upn));
      return id ? [[identityKey(upn), { id, userPrincipalName: upn }] as const] : [];
    }));
    const users = await this.usersFromGraph(upns, ids);
    const state = usersOnlyState(TeamsBackend.output(numbers[0], 'Get-CsPhoneNumberAssignment'), users);
    return parsed.map((a) => userVoiceObject(state, a));
  }

  /** Graph users + their Teams configurations, in the shape Get-CsOnlineUser would give (numbers and grants; directory facts when known). */
  private async usersFromGraph(upns: string[], ids: Map<string, Pick<GraphUser, 'id' | 'userPrincipalName'> & Partial<GraphUser>>): Promise<{ upn: string; user: Raw | null }[]> {
    const configs = await this.graph!.readUserConfigurations([...ids.values()].map((u) => u.id));
    return upns.map((upn) => {
      const u = ids.get(identityKey(upn));
      const cfg = u ? configs.get(u.id) : null;
      if (!u || !cfg) return { upn, user: null };
      const direct = (type: string) => cfg.effectivePolicyAssignments.find((p) => p.policyType === type && p.policyAssignment.assignmentType === 'direct')?.policyAssignment.displayName ?? null;
      const primary = cfg.telephoneNumbers.find((n) => n.assignmentCategory.toLowerCase() === 'primary') ?? cfg.telephoneNumbers[0];
      const grants = Object.fromEntries(GRANTS.map((g) => [g.policyType, direct(g.policyType)]));
      return {
        upn,
        user: { Identity: u.id, UserPrincipalName: u.userPrincipalName, AccountEnabled: u.accountEnabled, UsageLocation: u.usageLocation, LineUri: primary ? `tel:${primary.telephoneNumber}` : null, ...grants },
      };
    });
  }

  /** Many objects in one pwsh invocation: one Get per object (users: Get-CsOnlineUser + the number list). */
  async readObjects(parsed: readonly Address[]): Promise<(VoiceObject | null)[]> {
    if (parsed.length > 0 && parsed.every((a) => a.kind === 'userLicense')) return this.readLicences(parsed.map((a) => a.name));
    await this.open();
    const userVoice = (a: Address) => a.kind === 'userNumber' || a.kind === 'userPolicy';
    if (this.adminTeamsViaGraph && parsed.length > 0 && parsed.every(userVoice)) return this.readUserVoiceViaGraph(parsed);
    const upns = [...new Set(parsed.filter(userVoice).map((a) => a.name))];
    // One Get per kind (all of its objects) rather than one per object: a batch of 35 routes is one cmdlet call to read.
    const kinds = [...new Set(parsed.filter((a) => !isUserKind(a.kind)).map((a) => a.kind as TenantKind))];
    const calls: PwshCall[] = [
      ...(upns.length ? [{ cmdlet: 'Get-CsPhoneNumberAssignment', page: 1000 }] : []),
      ...upns.map((upn) => ({ cmdlet: 'Get-CsOnlineUser', params: { Identity: upn } })),
      ...kinds.map((k) => getAllCall(k)),
    ];
    const results = await this.run(calls, false);
    const userOffset = upns.length ? 1 : 0;
    const users = upns.map((upn, i) => TeamsBackend.userOf(upn, results[userOffset + i]));
    this.rememberIds(users);
    const state = upns.length ? usersOnlyState(TeamsBackend.output(results[0], 'Get-CsPhoneNumberAssignment'), users) : undefined;
    const rows = new Map(kinds.map((k, i) => [k, TeamsBackend.output(results[userOffset + upns.length + i], k)]));
    return parsed.map((a) => (isUserKind(a.kind) ? userVoiceObject(state!, a) : pickObject(a.kind as TenantKind, a.name, rows.get(a.kind as TenantKind)!)));
  }

  /** ObjectIds by UPN, from reads: batch policy assignment wants ObjectIds (a UPN that differs from the SIP address fails). */
  private readonly objectIds = new Map<string, string>();
  private rememberIds(users: { upn: string; user: Raw | null }[]): void {
    for (const u of users) if (u.user?.Identity) this.objectIds.set(identityKey(u.upn), String(u.user.Identity));
  }

  /** Changes of one kind in one invocation (grants as batch policy assignments); stops at the first failure. */
  async writeMany(changes: Change[]): Promise<BatchOutcome[]> {
    await this.open();
    if (changes.every((c) => c.kind === 'userLicense')) return this.writeLicencesViaGraph(changes);
    if (changes.every((c) => c.kind === 'userNumber')) return this.numbersViaGraph ? this.writeNumbersViaGraph(changes) : this.writeNumbersViaPwsh(changes);
    if (changes.length > 1 && changes.every((c) => c.kind === 'pstnUsage' && (c.action === 'create' || c.action === 'delete'))) return this.writeUsages(changes);
    if (changes.every((c) => c.kind === 'userPolicy')) return writeGrantsInBatches(changes, (calls) => this.run(calls, false), (upn) => this.objectIds.get(identityKey(upn)));
    const calls = changes.map((c) => callsForChange(c));
    const results = await this.run(calls.flat(), true);
    let k = 0;
    return calls.map((cs): BatchOutcome => {
      const mine = results.slice(k, (k += cs.length));
      const failed = mine.find((r) => !r.ok);
      if (failed) return { status: 'failed', error: classifyPwshError(failed.error ?? 'unknown error') };
      return mine.length < cs.length ? { status: 'skipped' } : { status: 'done' };
    });
  }

  private skuParts = new Map<string, string>();

  /** userLicense objects, read from Graph. */
  private async readLicences(upns: string[]): Promise<(VoiceObject | null)[]> {
    await this.open();
    if (!this.graph) throw new BackendError('licences need Graph (VOICEFORM_GRAPH is off)', 'invalid');
    if (this.skuParts.size === 0) this.skuParts = new Map((await this.graph.readSkus()).map((k) => [k.skuId, k.skuPartNumber]));
    const users = await this.graph.readUsers(upns);
    return upns.map((upn) => {
      const u = users.get(identityKey(upn));
      if (u) this.objectIds.set(identityKey(upn), u.id);
      return (u && licenceOf(u, this.skuParts)) ?? null;
    });
  }

  /**
   * Usages added to (or removed from) the one Global list in a single Set-CsOnlinePstnUsage
   * (`@{Add=…}` / `@{Remove=…}` take lists): the executor batches creates apart from deletes.
   */
  private async writeUsages(changes: Change[]): Promise<BatchOutcome[]> {
    const names = changes.map((c) => c.name);
    const edit = changes[0]!.action === 'delete' ? { Remove: names } : { Add: names };
    const [result] = await this.run([{ cmdlet: 'Set-CsOnlinePstnUsage', params: { Identity: 'Global', Usage: edit } }], true);
    const error = result?.ok ? undefined : classifyPwshError(result?.error ?? 'unknown error');
    return changes.map((): BatchOutcome => (error ? { status: 'failed', error } : { status: 'done' }));
  }

  /** Usage locations and licences through Graph, batched. */
  private async writeLicencesViaGraph(changes: Change[]): Promise<BatchOutcome[]> {
    if (!this.graph) throw new BackendError('licences need Graph (VOICEFORM_GRAPH is off)', 'invalid');
    const idOfPart = new Map([...this.skuParts].map(([id, part]) => [part, id]));
    const writes = changes.map((c) => {
      const next = c.after as UserLicense | null;
      const prev = c.before as UserLicense | null;
      const had = prev?.licenses ?? [];
      const want = next?.licenses ?? [];
      return {
        userId: this.objectIds.get(identityKey(c.name)) ?? c.name,
        usageLocation: next?.usageLocation && next.usageLocation !== prev?.usageLocation ? next.usageLocation : undefined,
        add: want.filter((l) => !had.includes(l)).map((l) => idOfPart.get(l) ?? l),
        remove: had.filter((l) => !want.includes(l)).map((l) => idOfPart.get(l) ?? l),
        clearUsageLocation: !next?.usageLocation && Boolean(prev?.usageLocation),
      };
    });
    const errors = await this.graph.writeLicenses(writes);
    return errors.map((e): BatchOutcome => (e ? { status: 'failed', error: e } : { status: 'done' }));
  }

  /**
   * Number changes as Graph assignNumber / unassignNumber operations, batched and polled: every
   * unassignment first (a change of number type needs it), then every assignment.
   */
  private async writeNumbersViaGraph(changes: Change[]): Promise<BatchOutcome[]> {
    const steps = changes.map((c) => (c.kind === 'userNumber' ? numberSteps(c.name, c.before, c.after, this.objectIds.get(identityKey(c.name))) : new BackendError(`${c.address} is not a number change`, 'invalid')));
    const errors: (Error | undefined)[] = steps.map((s) => (s instanceof Error ? s : undefined));
    for (const action of ['unassignNumber', 'assignNumber'] as const) {
      const todo = steps.flatMap((s, i) => {
        const body = s instanceof Error || errors[i] ? undefined : action === 'assignNumber' ? s.assign : s.unassign;
        return body ? [{ i, op: { action, body: body as Record<string, unknown> } }] : [];
      });
      const results = todo.length ? await this.graph!.numberOperations(todo.map((t) => t.op)) : [];
      results.forEach((e, k) => (errors[todo[k]!.i] ??= e));
    }
    return errors.map((e): BatchOutcome => (e ? { status: 'failed', error: e } : { status: 'done' }));
  }

  /**
   * Numbers through Set-/Remove-CsPhoneNumberAssignment: every Remove of the batch first, then
   * every Set, so a number one user gives up can go to another in the same batch.
   */
  private async writeNumbersViaPwsh(changes: Change[]): Promise<BatchOutcome[]> {
    const calls = changes.map((c) => callsForChange(c));
    const errors: (Error | undefined)[] = changes.map(() => undefined);
    for (const phase of ['Remove-', 'Set-']) {
      const todo = calls.flatMap((cs, i) => (errors[i] ? [] : cs.filter((c) => c.cmdlet.startsWith(phase)).map((call) => ({ i, call }))));
      if (todo.length === 0) continue;
      const results = await this.run(todo.map((t) => t.call), false);
      todo.forEach((t, k) => {
        const r = results[k];
        if (!r?.ok) errors[t.i] ??= classifyPwshError(r?.error ?? 'not run');
      });
    }
    return errors.map((e): BatchOutcome => (e ? { status: 'failed', error: e } : { status: 'done' }));
  }

  async close(): Promise<void> {
    await this.session?.dispose();
    this.session = undefined;
    this.opening = undefined;
  }
}
