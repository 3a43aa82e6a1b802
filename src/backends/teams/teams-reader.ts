import { identityKey } from '../../kinds/identity.js';
import { isUserKind, type Address } from '../../addr/address.js';
import { BackendError } from '../../errors.js';
import { GRANTS } from '../../kinds/grants.js';
import { kindDef, TENANT_KINDS, type TenantKind, type VoiceObject } from '../../kinds/registry.js';
import type { CurrentState, UserPolicy } from '../../model/tenant-state.js';
import type { ReadScope } from '../backend.js';
import { isTeamsPhoneSku, type GraphUser } from '../graph/graph-directory.js';
import type { PwshCall, PwshResult } from './pwsh-session.js';
import type { Raw } from './teams-fields.js';
import { buildCurrentState, grantsOf } from './teams-read-map.js';
import { teamsKind } from './teams-kinds.js';
import { findNamed, getAllCall, licenceOf, pickObject, userVoiceObject, usersOnlyState } from './teams-objects.js';
import { outputOf, userOf, type TeamsRunner } from './teams-runner.js';
import type { UserDirectory } from './user-directory.js';
import { TeamsVoiceApps, VOICE_APP_KINDS, type VoiceAppState } from './teams-voice-apps.js';
import { LIS_KINDS, lisFromRows, type LisState } from './teams-lis.js';

type UserRow = { upn: string; user: Raw | null };

/**
 * Reads a real tenant: Cs* objects through PowerShell (every Get of a read in one invocation),
 * users, licences and domains through Graph, users' voice state through Graph's userConfigurations
 * in the global cloud (PowerShell elsewhere, or with VOICEFORM_GRAPH=off).
 */
export class TeamsReader {
  private readonly voiceApps: TeamsVoiceApps;

  constructor(
    private readonly runner: TeamsRunner,
    private readonly directory: UserDirectory,
  ) {
    this.voiceApps = new TeamsVoiceApps(runner, directory);
  }

  async read(scope: ReadScope): Promise<CurrentState> {
    await this.runner.open();
    const graph = this.runner.graph;
    // Get-CsTenant, one Get per tenant-wide kind (in registry order), then, where the cloud has
    // them, the number list and the policies assigned to numbers.
    const numberList = this.runner.numberCmdletsAvailable;
    const numbersAt = 1 + READ_KINDS.length;
    const base: PwshCall[] = [
      { cmdlet: 'Get-CsTenant' },
      ...READ_KINDS.map((k) => getAllCall(k.kind)),
      ...(numberList ? [NUMBER_LIST, NUMBER_POLICIES] : []),
    ];
    // With Graph, users' voice state comes from userConfigurations in $batch round trips (the
    // module's per-user Get-CsOnlineUser is what makes bulk reads take hours); else PowerShell.
    const viaGraph = graph !== undefined && scope.users !== 'all';
    const voiceViaGraph = viaGraph && this.runner.adminTeamsViaGraph;
    const userCalls: PwshCall[] = voiceViaGraph
      ? []
      : scope.users === 'all'
        ? [{ cmdlet: 'Get-CsOnlineUser' }]
        : scope.users.map((upn) => ({ cmdlet: 'Get-CsOnlineUser', params: { Identity: upn } }));
    const upns = scope.users === 'all' ? [] : [...scope.users];
    const [results, directory] = await Promise.all([
      this.runner.run([...base, ...userCalls], false),
      viaGraph ? graph.readDirectory(upns) : undefined,
    ]);
    const out = (i: number) => outputOf(results[i], base[i]?.cmdlet ?? 'Get-CsOnlineUser');
    const userResults = results.slice(base.length);
    const users: UserRow[] =
      directory && voiceViaGraph
        ? await this.usersFromGraph(upns, directory.ids)
        : scope.users === 'all'
          ? outputOf(userResults[0], 'Get-CsOnlineUser')
              .filter(isPerson)
              .map((u) => ({ upn: String(u.UserPrincipalName), user: u }))
          : scope.users.map((upn, i) => userOf(upn, userResults[i]));
    const objects = Object.fromEntries(READ_KINDS.map((k, i) => [k.kind, kindRows(k.kind, results[i + 1])]));
    const state = buildCurrentState({
      tenant: out(0)[0] ?? {},
      objects,
      numbers: numberList ? out(numbersAt) : numbersFromLineUris(users),
      users,
    });
    const settings = numberSettingsOf(results[1 + READ_KINDS.findIndex((k) => k.kind === SETTINGS_KIND)]);
    if (settings) state.directory.numberSettings = settings;
    // Resource accounts are Entra users (their licence and owner tag are Graph's): without Graph, not read.
    const voiceApps = graph ? await this.voiceApps.read() : undefined;
    if (voiceApps) Object.assign(state.voice, voiceApps);
    const unread = TENANT_KINDS.filter((k) => !graph && teamsKind(k.kind).voiceApp);
    if (unread.length > 0)
      state.directory.unreadKinds = {
        kinds: unread.map((k) => k.kind),
        why: 'resource accounts are Entra users whose licence and owner tag are read through Graph, and VOICEFORM_GRAPH is off',
      };
    if (numberList) {
      const numberPolicies = numberPoliciesOf(results[numbersAt + 1]);
      if (numberPolicies) state.directory.numberPolicies = numberPolicies;
    } else
      state.directory.numberWritesUnavailable = `Set-/Remove-CsPhoneNumberAssignment are not offered in the ${this.runner.cloud} cloud`;
    if (!directory) return state;
    this.directory.rememberGraphUsers(directory.ids);
    const skuParts = this.directory.rememberSkus(directory.skus);
    state.directory.users = directory.users;
    // An SBC domain must be verified (Graph) and enabled for Teams (Get-CsTenant VerifiedDomains Status Enabled).
    const teamsEnabled = new Set(state.directory.verifiedDomains.map((d) => identityKey(d)));
    state.directory.verifiedDomains = directory.verifiedDomains.filter((d) => teamsEnabled.has(identityKey(d)));
    state.directory.skus = directory.skus.map((k) => ({
      skuId: k.skuId,
      skuPartNumber: k.skuPartNumber,
      enabled: k.enabled,
      consumed: k.consumed,
      teamsPhone: isTeamsPhoneSku(k),
    }));
    state.voice.userLicenses = [...directory.ids.values()].flatMap((u) => licenceOf(u, skuParts) ?? []);
    return state;
  }

  /**
   * Users holding a voice policy of their own: one Get-CsOnlineUser -Filter "<policy type> -ne
   * $null" per grant (Get-CsOnlineUser.md's filter syntax, `OnPremHostingProvider -ne $null`), in
   * one invocation; the filters are constants, never built from a name.
   */
  async readGrantHolders(): Promise<UserPolicy[]> {
    await this.runner.open();
    const results = await this.runner.run(
      GRANTS.map((g) => ({ cmdlet: 'Get-CsOnlineUser', params: { Filter: `${g.policyType} -ne $null` } })),
      false,
    );
    const byUpn = new Map<string, Raw>();
    results.forEach((r) => {
      for (const row of outputOf(r, 'Get-CsOnlineUser -Filter'))
        if (isPerson(row)) byUpn.set(identityKey(String(row.UserPrincipalName)), row);
    });
    return [...byUpn.values()].map(grantsOf).filter((p): p is UserPolicy => p !== null);
  }

  /** Many objects in one pwsh invocation: one Get per kind (users: Get-CsOnlineUser + the number list). */
  async readObjects(addresses: readonly Address[]): Promise<(VoiceObject | null)[]> {
    if (addresses.length > 0 && addresses.every((a) => VOICE_APP_KINDS.has(a.kind))) {
      await this.runner.open();
      const apps = await this.voiceApps.read();
      return addresses.map((a) =>
        findNamed(a.kind as TenantKind, a.name, apps[kindDef(a.kind).list as keyof VoiceAppState] as object[]),
      );
    }
    if (addresses.length > 0 && addresses.every((a) => a.kind === 'userLicense'))
      return this.readLicences(addresses.map((a) => a.name));
    await this.runner.open();
    const userVoice = (a: Address) => a.kind === 'userNumber' || a.kind === 'userPolicy';
    if (this.runner.adminTeamsViaGraph && addresses.length > 0 && addresses.every(userVoice))
      return this.readUserVoiceViaGraph(addresses);
    const upns = [...new Set(addresses.filter(userVoice).map((a) => a.name))];
    // One Get per kind (all of its objects) rather than one per object: a batch of 35 routes is one cmdlet call to read.
    const asked = addresses.filter((a) => !isUserKind(a.kind)).map((a) => a.kind as TenantKind);
    // An object of the LIS is named through its address's and place's ids: the whole LIS is read.
    const kinds = [...new Set(asked.some((k) => LIS_KINDS.has(k)) ? [...asked, ...LIS_KINDS] : asked)];
    const numberList = upns.length > 0 && this.runner.numberCmdletsAvailable;
    const calls: PwshCall[] = [
      ...(numberList ? [NUMBER_LIST] : []),
      ...upns.map((upn) => ({ cmdlet: 'Get-CsOnlineUser', params: { Identity: upn } })),
      ...kinds.map((k) => getAllCall(k)),
    ];
    const results = await this.runner.run(calls, false);
    const userOffset = numberList ? 1 : 0;
    const users = upns.map((upn, i) => userOf(upn, results[userOffset + i]));
    this.directory.rememberUsers(users);
    const state = upns.length
      ? usersOnlyState(
          numberList ? outputOf(results[0], 'Get-CsPhoneNumberAssignment') : numbersFromLineUris(users),
          users,
        )
      : undefined;
    const rows = new Map(kinds.map((k, i) => [k, kindRows(k, results[userOffset + upns.length + i])]));
    const lis = kinds.some((k) => LIS_KINDS.has(k)) ? lisFromRows(Object.fromEntries(rows)) : undefined;
    return addresses.map((a) => {
      if (isUserKind(a.kind)) return userVoiceObject(state!, a);
      if (lis && LIS_KINDS.has(a.kind as TenantKind))
        return findNamed(a.kind as TenantKind, a.name, lis[kindDef(a.kind).list as keyof LisState]);
      return pickObject(a.kind as TenantKind, a.name, rows.get(a.kind as TenantKind)!);
    });
  }

  /** userNumber / userPolicy objects: users and configurations from Graph, number types from PowerShell. */
  private async readUserVoiceViaGraph(addresses: readonly Address[]): Promise<(VoiceObject | null)[]> {
    const upns = [...new Set(addresses.map((a) => a.name))];
    // Number types come from the number list: grants alone do not need it.
    const needNumbers = addresses.some((a) => a.kind === 'userNumber');
    // Users whose object id an earlier read gave need no user lookup: their configuration is read by id.
    const [numbers, idOf] = await Promise.all([
      needNumbers ? this.runner.run([NUMBER_LIST], false) : Promise.resolve([{ ok: true, output: [] }]),
      this.directory.idsOf(upns),
    ]);
    const ids = new Map(
      upns.flatMap((upn) => {
        const id = idOf(upn);
        return id ? [[identityKey(upn), { id, userPrincipalName: upn }] as const] : [];
      }),
    );
    const users = await this.usersFromGraph(upns, ids);
    const state = usersOnlyState(outputOf(numbers[0], 'Get-CsPhoneNumberAssignment'), users);
    return addresses.map((a) => userVoiceObject(state, a));
  }

  /** Graph users + their Teams configurations, in the shape Get-CsOnlineUser would give (numbers and grants; directory facts when known). */
  private async usersFromGraph(
    upns: string[],
    ids: Map<string, Pick<GraphUser, 'id' | 'userPrincipalName'> & Partial<GraphUser>>,
  ): Promise<UserRow[]> {
    const configs = await this.runner.graph!.readUserConfigurations([...ids.values()].map((u) => u.id));
    return upns.map((upn) => {
      const u = ids.get(identityKey(upn));
      const cfg = u ? configs.get(u.id) : null;
      if (!u || !cfg) return { upn, user: null };
      const direct = (type: string) =>
        cfg.effectivePolicyAssignments.find(
          (p) => p.policyType === type && p.policyAssignment.assignmentType === 'direct',
        )?.policyAssignment.displayName ?? null;
      const primary =
        cfg.telephoneNumbers.find((n) => n.assignmentCategory.toLowerCase() === 'primary') ?? cfg.telephoneNumbers[0];
      const grants = Object.fromEntries(GRANTS.map((g) => [g.policyType, direct(g.policyType)]));
      return {
        upn,
        user: {
          Identity: u.id,
          UserPrincipalName: u.userPrincipalName,
          AccountEnabled: u.accountEnabled,
          UsageLocation: u.usageLocation,
          LineUri: primary ? `tel:${primary.telephoneNumber}` : null,
          ...grants,
        },
      };
    });
  }

  /** userLicense objects, read from Graph. */
  private async readLicences(upns: string[]): Promise<(VoiceObject | null)[]> {
    await this.runner.open();
    const graph = this.runner.graph;
    if (!graph) throw new BackendError('licences need Graph (VOICEFORM_GRAPH is off)', 'invalid');
    const [skuParts, users] = await Promise.all([this.directory.skus(), graph.readUsers(upns)]);
    this.directory.rememberGraphUsers(users);
    return upns.map((upn) => {
      const u = users.get(identityKey(upn));
      return (u && licenceOf(u, skuParts)) ?? null;
    });
  }
}

/**
 * Without -Identity, Get-CsOnlineUser lists every row of the directory: resource accounts, guests,
 * ineligible and soft-deleted users too (Get-CsOnlineUser.md, AccountType and
 * SoftDeletionTimestamp). Only people are users to manage; a row without AccountType (older
 * module versions) counts as one.
 */
export function isPerson(row: Raw): boolean {
  const type = row.AccountType;
  if (type !== undefined && type !== null && String(type) !== 'User') return false;
  return (
    row.SoftDeletionTimestamp === undefined || row.SoftDeletionTimestamp === null || row.SoftDeletionTimestamp === ''
  );
}

/** The tenant-wide kinds read by one Get each; the main-number kinds are teams-voice-apps.ts's. */
const READ_KINDS = TENANT_KINDS.filter((k) => !teamsKind(k.kind).voiceApp);

/** The kind read by Get-CsPhoneNumberTenantConfiguration, whose row also carries the assignment blocks. */
const SETTINGS_KIND = 'phoneNumberTenantConfiguration';

/** A kind's Get output; for a 2025 cmdlet the module may lack, a failed Get is no object (teams-kinds.ts). */
function kindRows(kind: TenantKind, result: PwshResult | undefined): Raw[] {
  return teamsKind(kind).optional && !result?.ok ? [] : outputOf(result, `Get-${teamsKind(kind).noun}`);
}

/**
 * The assignment blocks of Get-CsPhoneNumberTenantConfiguration's row (2025; its mail settings
 * are read as their kind), or undefined when it could not be read (a module without the cmdlet).
 */
export function numberSettingsOf(result: PwshResult | undefined): CurrentState['directory']['numberSettings'] {
  const row = result?.ok ? result.output?.[0] : undefined;
  if (!row) return undefined;
  const days = Number(row.AssignmentBlockedDays);
  return {
    assignmentBlockedForever: row.AssignmentBlockedForever === true,
    assignmentBlockedDays:
      row.AssignmentBlockedDays === null || row.AssignmentBlockedDays === undefined || !(days > 0) ? null : days,
  };
}

/** Every number with a policy of its own (2025; a module without the cmdlet: left out). */
const NUMBER_POLICIES: PwshCall = { cmdlet: 'Get-CsPhoneNumberPolicyAssignment' };

/** Get-CsPhoneNumberPolicyAssignment's rows in the model (numbers as E.164), or undefined when not read. */
export function numberPoliciesOf(result: PwshResult | undefined): CurrentState['directory']['numberPolicies'] {
  if (!result?.ok) return undefined;
  return (result.output ?? []).map((r) => {
    const n = String(r.TelephoneNumber ?? '');
    return {
      phoneNumber: n.startsWith('+') ? n : `+${n}`,
      policyType: String(r.PolicyType),
      policyName: String(r.PolicyName),
    };
  });
}

/** The tenant's number list, paged. */
const NUMBER_LIST: PwshCall = { cmdlet: 'Get-CsPhoneNumberAssignment', page: 1000 };

/**
 * Where Get-CsPhoneNumberAssignment is not offered (21Vianet: "only available in commercial, GCC,
 * GCCH and DoD"), the numbers of the users read, from their LineUri (`tel:+4420…;ext=1`): the
 * tenant's other numbers stay unknown, and their type is taken to be Direct Routing.
 */
export function numbersFromLineUris(users: readonly { user: Raw | null }[]): Raw[] {
  return users.flatMap(({ user }) => {
    const uri = typeof user?.LineUri === 'string' ? user.LineUri.replace(/^tel:/i, '') : '';
    return uri
      ? [
          {
            TelephoneNumber: uri,
            NumberType: 'DirectRouting',
            AssignedPstnTargetId: user!.Identity,
            PstnAssignmentStatus: 'UserAssigned',
          },
        ]
      : [];
  });
}
