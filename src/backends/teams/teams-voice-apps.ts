import { BackendError } from '../../errors.js';
import { parseTarget, type CallTarget } from '../../kinds/call-target.js';
import { attendantTargets, DAYS, type AutoAttendant } from '../../kinds/auto-attendant.js';
import { queueTargets, type CallQueue, type RoutingMethod } from '../../kinds/call-queue.js';
import { identityKey, sameName } from '../../kinds/identity.js';
import type { ChangeOf } from '../../plan/plan-types.js';
import type { Change } from '../../plan/plan-types.js';
import type { ResourceAccountNumber } from '../../kinds/resource-account-number.js';
import {
  APPLICATION_IDS,
  RESOURCE_ACCOUNT_SKU,
  type ResourceAccount,
  type VoiceAppType,
} from '../../kinds/resource-account.js';
import type { BatchOutcome } from '../backend.js';
import { classifyPwshError } from './classify-error.js';
import { built, type BuildStep, type PwshCall, type PwshResult } from './pwsh-session.js';
import { bareName, list, text, type Raw } from './teams-fields.js';
import { absent, outputOf, type TeamsRunner } from './teams-runner.js';
import type { UserDirectory } from './user-directory.js';

/** The main-number kinds this module reads and writes. */
export const VOICE_APP_KINDS = new Set(['resourceAccount', 'resourceAccountNumber', 'callQueue', 'autoAttendant']);

export interface VoiceAppState {
  resourceAccounts: ResourceAccount[];
  resourceAccountNumbers: ResourceAccountNumber[];
  callQueues: CallQueue[];
  autoAttendants: AutoAttendant[];
}

const ROUTING: Record<string, RoutingMethod> = {
  attendant: 'attendant',
  serial: 'serial',
  roundrobin: 'roundRobin',
  longestidle: 'longestIdle',
};
const ROUTING_PARAM: Record<RoutingMethod, string> = {
  attendant: 'Attendant',
  serial: 'Serial',
  roundRobin: 'RoundRobin',
  longestIdle: 'LongestIdle',
};

const typeOfApp = (id: unknown): VoiceAppType | undefined =>
  (Object.entries(APPLICATION_IDS) as [VoiceAppType, string][]).find(([, a]) => a === text(id).toLowerCase())?.[0];

/** How long a new resource account may take to appear in Graph. */
const REPLICATION_BUDGET_MS = 120_000;

/** Get-CsCallQueue and Get-CsAutoAttendant give 100 a call ("gets the first 100 call queues"): paged with -First/-Skip. */
const PAGE = 100;

/**
 * Resource accounts, their numbers and call queues through Teams PowerShell and Graph
 * (manage-resource-accounts.md; New-/Set-/Get-CsOnlineApplicationInstance, the association cmdlets,
 * *-CsCallQueue): accounts are made by New-CsOnlineApplicationInstance, and are Entra users
 * whose usage location, licence, owner tag and deletion go through Graph. Object ids (agents,
 * accounts, a queue's Guid) are looked up here, where a write is built.
 */
export class TeamsVoiceApps {
  constructor(
    private readonly runner: TeamsRunner,
    private readonly directory: UserDirectory,
  ) {}

  private get graph() {
    const graph = this.runner.graph;
    if (!graph) throw new BackendError('resource accounts need Graph (VOICEFORM_GRAPH is off)', 'invalid');
    return graph;
  }

  /** Every voice-app resource account, its number and every call queue, in the model's shape. */
  async read(): Promise<VoiceAppState> {
    // The three Gets in one invocation; queues and attendants come 100 a call, the rest is paged after.
    const first = await this.runner.run(
      [
        { cmdlet: 'Get-CsOnlineApplicationInstance' },
        { cmdlet: 'Get-CsCallQueue', params: { First: PAGE, Skip: 0 } },
        { cmdlet: 'Get-CsAutoAttendant', params: { First: PAGE, Skip: 0 } },
      ],
      false,
    );
    const instances = outputOf(first[0], 'Get-CsOnlineApplicationInstance');
    const queues = await this.rest('Get-CsCallQueue', outputOf(first[1], 'Get-CsCallQueue'));
    const attendants = await this.rest('Get-CsAutoAttendant', outputOf(first[2], 'Get-CsAutoAttendant'));
    const accounts = instances.filter((r) => typeOfApp(r.ApplicationId));
    const upnOfId = new Map(accounts.map((r) => [text(r.ObjectId).toLowerCase(), text(r.UserPrincipalName)]));
    // Agents, operators and transfer targets are users known by object id only: Get-CsOnlineUser takes an id.
    const byId = (e: unknown) => {
      const t = (e ?? {}) as Raw;
      return ['user', 'applicationendpoint'].includes(text(t.Type).toLowerCase()) ? [text(t.Id)] : [];
    };
    const attendantTargets = (a: Raw): string[] => [
      ...list(a.ApplicationInstances),
      ...byId(a.Operator),
      ...[a.DefaultCallFlow, ...rowsOf(a.CallFlows)].flatMap((f) =>
        rowsOf(((f ?? {}) as Raw).Menu && ((f as Raw).Menu as Raw).MenuOptions).flatMap((o) => byId(o.CallTarget)),
      ),
    ];
    const unknownIds = [
      ...new Set(
        [
          ...queues.flatMap((q) => [
            ...list(q.Users),
            // A person or an account is a target by object id; a group's voicemail is not a user.
            ...byId(q.OverflowActionTarget),
            ...byId(q.TimeoutActionTarget),
          ]),
          ...attendants.flatMap(attendantTargets),
        ].filter((id) => /^[0-9a-f-]{36}$/i.test(id) && !upnOfId.has(id.toLowerCase())),
      ),
    ];
    const numbered = accounts.filter((r) => text(r.PhoneNumber));
    const lookups: PwshCall[] = [
      ...unknownIds.map((id) => ({ cmdlet: 'Get-CsOnlineUser', params: { Identity: id } })),
      ...numbered.map((r) => ({ cmdlet: 'Get-CsOnlineUser', params: { Identity: text(r.UserPrincipalName) } })),
    ];
    const found = lookups.length ? await this.runner.run(lookups, false) : [];
    // An agent deleted from the directory stays an id (the plan then shows it as one).
    unknownIds.forEach((id, i) => {
      const row = absent(found[i]) ? undefined : outputOf(found[i], 'Get-CsOnlineUser')[0];
      if (row) upnOfId.set(id.toLowerCase(), text(row.UserPrincipalName));
    });
    const policyOf = new Map(
      numbered.map((r, i) => {
        const row = outputOf(found[unknownIds.length + i], 'Get-CsOnlineUser')[0] ?? {};
        const policy = row.OnlineVoiceRoutingPolicy;
        const name = policy && typeof policy === 'object' ? (policy as Raw).Name : policy;
        return [identityKey(text(r.UserPrincipalName)), bareName(name) || null];
      }),
    );
    const upns = accounts.map((r) => text(r.UserPrincipalName));
    const [users, skus, tags] = await Promise.all([
      upns.length ? this.graph.readUsers(upns) : Promise.resolve(new Map()),
      this.directory.skus(),
      accounts.length ? this.graph.ownerTags(accounts.map((r) => text(r.ObjectId))) : Promise.resolve(new Map()),
    ]);
    this.directory.remember(accounts.map((r) => ({ upn: text(r.UserPrincipalName), id: text(r.ObjectId) })));
    const resourceAccounts = accounts.map((r): ResourceAccount => {
      const u = users.get(text(r.UserPrincipalName).toLowerCase());
      return {
        upn: text(r.UserPrincipalName),
        displayName: text(r.DisplayName),
        type: typeOfApp(r.ApplicationId)!,
        usageLocation: u?.usageLocation ?? null,
        licensed: (u?.assignedLicenses ?? []).some(
          (l: { skuId: string }) => skus.get(l.skuId) === RESOURCE_ACCOUNT_SKU,
        ),
        owner: tags.get(text(r.ObjectId)) ?? null,
      };
    });
    const resourceAccountNumbers = numbered.map((r): ResourceAccountNumber => ({
      upn: text(r.UserPrincipalName),
      phoneNumber: text(r.PhoneNumber).replace(/^tel:/i, ''),
      voiceRoutingPolicy: policyOf.get(identityKey(text(r.UserPrincipalName))) ?? null,
    }));
    const upnOf = (id: unknown) => upnOfId.get(text(id).toLowerCase()) ?? text(id);
    const callQueues = queues.map((q) => queueOf(q, upnOf));
    const autoAttendants = attendants.map((a) => attendantOf(a, upnOf));
    return { resourceAccounts, resourceAccountNumbers, callQueues, autoAttendants };
  }

  /** The pages after a full first one ("gets the first 100"), with -First/-Skip. */
  private async rest(cmdlet: 'Get-CsCallQueue' | 'Get-CsAutoAttendant', firstPage: Raw[]): Promise<Raw[]> {
    const rows = [...firstPage];
    for (let page = firstPage; page.length === PAGE;) {
      const [r] = await this.runner.run([{ cmdlet, params: { First: PAGE, Skip: rows.length } }], false);
      page = outputOf(r, cmdlet);
      rows.push(...page);
    }
    return rows;
  }

  /** One kind's batch of changes (the executor sends one kind at a time), each carried out whole or failed. */
  async write(changes: Change[]): Promise<BatchOutcome[]> {
    const out: BatchOutcome[] = [];
    for (const c of changes) {
      try {
        if (c.kind === 'resourceAccount') await this.writeAccount(c);
        else if (c.kind === 'resourceAccountNumber') await this.run(numberCalls(c));
        else if (c.kind === 'callQueue') await this.writeQueue(c);
        else if (c.kind === 'autoAttendant') await this.writeAttendant(c);
        else throw new BackendError(`${String(c.address)} is not a main-number object`, 'invalid');
        out.push({ status: 'done' });
      } catch (err) {
        out.push({ status: 'failed', error: err as Error });
        // Stop at the first failure, as a pwsh batch does: the rest is not attempted.
        while (out.length < changes.length) out.push({ status: 'skipped' });
        return out;
      }
    }
    return out;
  }

  private async run(calls: PwshCall[]): Promise<PwshResult[]> {
    if (calls.length === 0) return [];
    const results = await this.runner.run(calls, true);
    const failed = results.find((r) => !r.ok);
    if (failed || results.length < calls.length) throw classifyPwshError(failed?.error ?? 'not run');
    return results;
  }

  /**
   * A Graph write to a resource account: a user New-CsOnlineApplicationInstance made a moment ago
   * answers 404 until it has reached Graph's replicas, so a "not found" is tried again, waiting
   * longer each time, for up to two minutes.
   */
  private async graphStep(write: () => Promise<(Error | undefined)[]>): Promise<void> {
    const deadline = Date.now() + REPLICATION_BUDGET_MS;
    for (let wait = 250; ; wait = Math.min(wait * 2, 8000)) {
      const error = (await write()).find((e) => e);
      if (!error) return;
      const notYet = error instanceof BackendError && error.kind === 'not-found';
      if (!notYet || Date.now() + wait > deadline) throw error;
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  private async writeAccount(c: ChangeOf<'resourceAccount'>): Promise<void> {
    const { before, after } = c;
    if (!after) {
      const id = (await this.directory.idsOf([c.name]))(c.name);
      if (!id) throw new BackendError(`resource account ${c.name} was not found`, 'not-found');
      return this.graphStep(() => this.graph.deleteUsers([id]));
    }
    let id: string | undefined;
    if (!before) {
      const [made] = await this.run([
        {
          cmdlet: 'New-CsOnlineApplicationInstance',
          params: {
            UserPrincipalName: after.upn,
            ApplicationId: APPLICATION_IDS[after.type],
            DisplayName: after.displayName,
          },
        },
      ]);
      id = text(outputOf(made, 'New-CsOnlineApplicationInstance')[0]?.ObjectId) || undefined;
      if (id) this.directory.remember([{ upn: after.upn, id }]);
    } else if (before.displayName !== after.displayName || before.type !== after.type) {
      await this.run([
        {
          cmdlet: 'Set-CsOnlineApplicationInstance',
          params: {
            Identity: c.name,
            ...(before.displayName !== after.displayName ? { DisplayName: after.displayName } : {}),
            ...(before.type !== after.type ? { ApplicationId: APPLICATION_IDS[after.type] } : {}),
          },
        },
      ]);
    }
    id ??= (await this.directory.idsOf([c.name]))(c.name);
    if (!id) throw new BackendError(`resource account ${c.name} was not found after it was made`, 'not-found');
    if (before) return this.writeAccountGraph(id, before, after);
    try {
      await this.writeAccountGraph(id, null, after);
    } catch (err) {
      // A new account is made whole or not at all: one without its tag would read as an admin's.
      await this.graphStep(() => this.graph.deleteUsers([id])).catch((undo: Error) => {
        throw new BackendError(
          `${(err as Error).message}; removing the half-made resource account ${c.name} failed too: ${undo.message}`,
          'other',
          { hint: `delete ${c.name} in the Microsoft Entra admin center` },
        );
      });
      throw err;
    }
  }

  /** A resource account's owner tag, usage location and licence (Graph). */
  private async writeAccountGraph(id: string, before: ResourceAccount | null, after: ResourceAccount): Promise<void> {
    if ((before?.owner ?? null) !== after.owner) {
      // An extension is replaced by deleting it first (POST of an existing one is a conflict).
      if (before?.owner) await this.graphStep(() => this.graph.writeOwnerTags([{ userId: id, owner: null }]));
      if (after.owner) await this.graphStep(() => this.graph.writeOwnerTags([{ userId: id, owner: after.owner }]));
    }
    const skuId = [...(await this.directory.skus())].find(([, part]) => part === RESOURCE_ACCOUNT_SKU)?.[0];
    if ((after.licensed || before?.licensed) && !skuId)
      throw new BackendError(
        `the tenant has no ${RESOURCE_ACCOUNT_SKU} (Teams Phone Resource Account) subscription`,
        'invalid',
      );
    const add = after.licensed && !before?.licensed ? [skuId!] : [];
    const remove = !after.licensed && before?.licensed ? [skuId!] : [];
    const location =
      after.usageLocation && after.usageLocation !== (before?.usageLocation ?? null) ? after.usageLocation : undefined;
    if (location || add.length || remove.length || (!after.usageLocation && before?.usageLocation))
      await this.graphStep(() =>
        this.graph.writeLicenses([
          {
            userId: id,
            usageLocation: location,
            add,
            remove,
            clearUsageLocation: !after.usageLocation && Boolean(before?.usageLocation),
          },
        ]),
      );
  }

  /** A queue's or attendant's row by its name (-NameFilter matches parts of names: the exact one is picked). */
  private async appRow(cmdlet: 'Get-CsCallQueue' | 'Get-CsAutoAttendant', name: string): Promise<Raw> {
    const [r] = await this.run([{ cmdlet, params: { NameFilter: name } }]);
    const row = outputOf(r, cmdlet).find((q) => sameName(text(q.Name), name));
    if (!row)
      throw new BackendError(
        `${cmdlet === 'Get-CsCallQueue' ? 'call queue' : 'auto attendant'} ${name} was not found`,
        'not-found',
      );
    return row;
  }

  /** Object ids of the people and accounts a change names. */
  private async ids(upns: string[]): Promise<(upn: string) => string> {
    const idOf = await this.directory.idsOf(upns);
    return (upn) => {
      const id = idOf(upn);
      if (!id) throw new BackendError(`${upn} was not found`, 'not-found');
      return id;
    };
  }

  /**
   * A voice app's resource accounts: the ones leaving are taken off before the app changes (or
   * goes), the ones joining are associated after it exists; never an account on two apps.
   */
  private async associations(
    before: string[],
    after: string[] | undefined,
    idOf: (upn: string) => string,
  ): Promise<(appId: string, type: 'CallQueue' | 'AutoAttendant') => Promise<void>> {
    const had = new Set(before.map(identityKey));
    const wants = new Set((after ?? []).map(identityKey));
    const dropped = before.filter((u) => !wants.has(identityKey(u)));
    if (dropped.length)
      await this.run([
        { cmdlet: 'Remove-CsOnlineApplicationInstanceAssociation', params: { Identities: dropped.map(idOf) } },
      ]);
    const added = (after ?? []).filter((u) => !had.has(identityKey(u)));
    return async (appId, type) => {
      if (added.length)
        await this.run([
          {
            cmdlet: 'New-CsOnlineApplicationInstanceAssociation',
            params: { Identities: added.map(idOf), ConfigurationId: appId, ConfigurationType: type },
          },
        ]);
    };
  }

  private async writeQueue(c: ChangeOf<'callQueue'>): Promise<void> {
    const { before, after } = c;
    const people = [
      ...(before?.resourceAccounts ?? []),
      ...(after?.resourceAccounts ?? []),
      ...(after?.agents ?? []),
      ...(after?.callerIdResourceAccounts ?? []),
      ...(after ? targetPeople(queueTargets(after)) : []),
    ];
    const idOf = await this.ids(people);
    const join = await this.associations(before?.resourceAccounts ?? [], after?.resourceAccounts, idOf);
    if (!after) {
      await this.run([
        {
          cmdlet: 'Remove-CsCallQueue',
          params: { Identity: text((await this.appRow('Get-CsCallQueue', c.name)).Identity) },
        },
      ]);
      return;
    }
    const params = queueParams(after, idOf);
    let id: string;
    if (!before) {
      const [made] = await this.run([{ cmdlet: 'New-CsCallQueue', params: { Name: after.name, ...params } }]);
      id =
        text(outputOf(made, 'New-CsCallQueue')[0]?.Identity) ||
        text((await this.appRow('Get-CsCallQueue', after.name)).Identity);
    } else {
      id = text((await this.appRow('Get-CsCallQueue', c.name)).Identity);
      await this.run([{ cmdlet: 'Set-CsCallQueue', params: { Identity: id, ...params } }]);
    }
    await join(id, 'CallQueue');
  }

  /**
   * An attendant is built in memory and created whole (New-CsAutoAttendant), or read, given new
   * parts and written whole (Set-CsAutoAttendant -Instance); the schedules its old parts used are
   * removed after (they are objects of their own: New-/Remove-CsOnlineSchedule).
   */
  private async writeAttendant(c: ChangeOf<'autoAttendant'>): Promise<void> {
    const { before, after } = c;
    const people = [
      ...(before?.resourceAccounts ?? []),
      ...(after?.resourceAccounts ?? []),
      ...(after ? targetPeople(attendantTargets(after)) : []),
    ];
    const idOf = await this.ids(people);
    const join = await this.associations(before?.resourceAccounts ?? [], after?.resourceAccounts, idOf);
    const row = before ? await this.appRow('Get-CsAutoAttendant', c.name) : undefined;
    const oldSchedules = rowsOf(row?.CallHandlingAssociations).map((l) => text(l.ScheduleId));
    let id = text(row?.Identity);
    if (!after) await this.run([{ cmdlet: 'Remove-CsAutoAttendant', params: { Identity: id } }]);
    else {
      const { steps, params } = attendantBuild(after, idOf);
      if (!before) {
        const [made] = await this.run([
          { cmdlet: 'New-CsAutoAttendant', params: { Name: after.name, ...params }, build: steps },
        ]);
        id = text(outputOf(made, 'New-CsAutoAttendant')[0]?.Identity);
      } else {
        await this.run([
          {
            cmdlet: 'Set-CsAutoAttendant',
            params: { Instance: built('changed') },
            build: [
              { name: 'current', cmdlet: 'Get-CsAutoAttendant', params: { Identity: id } },
              ...steps,
              { name: 'changed', from: 'current', set: params },
            ],
          },
        ]);
      }
      await join(id, 'AutoAttendant');
    }
    // A schedule already gone is no failure: what matters is that none is left behind.
    if (oldSchedules.length) {
      const results = await this.runner.run(
        oldSchedules.map((s) => ({ cmdlet: 'Remove-CsOnlineSchedule', params: { Id: s } })),
        false,
      );
      const failed = results.find((r) => !r.ok && !absent(r));
      if (failed) throw classifyPwshError(failed.error ?? 'not run');
    }
  }
}

/** The UPNs of the people and accounts among targets. */
function targetPeople(targets: CallTarget[]): string[] {
  return targets
    .map(parseTarget)
    .filter((t) => t.type === 'user' || t.type === 'resourceAccount')
    .map((t) => t.value);
}

/** New-/Set-CsCallQueue's parameters for a queue (every managed one: Set- sends the whole queue). */
function queueParams(q: CallQueue, idOf: (upn: string) => string): Record<string, unknown> {
  const target = (t: CallTarget, disconnect: string): [string, string | undefined] => {
    const { type, value } = parseTarget(t);
    if (type === 'pstn') return ['Forward', `tel:${value}`];
    if (type === 'user' || type === 'resourceAccount') return ['Forward', idOf(value)];
    if (type === 'sharedVoicemail') return ['SharedVoicemail', value];
    return [disconnect, undefined];
  };
  const [overflowAction, overflowTarget] = target(q.overflow.transferTo, 'DisconnectWithBusy');
  const [timeoutAction, timeoutTarget] = target(q.timeout.transferTo, 'Disconnect');
  return {
    LanguageId: q.language,
    Users: q.agents.map(idOf),
    RoutingMethod: ROUTING_PARAM[q.routingMethod],
    PresenceBasedRouting: q.presenceBasedRouting,
    AllowOptOut: q.allowOptOut,
    ConferenceMode: q.conferenceMode,
    AgentAlertTime: q.agentAlertTimeS,
    ...(q.greeting !== null ? { WelcomeTextToSpeechPrompt: q.greeting } : {}),
    OverflowThreshold: q.overflow.threshold,
    OverflowAction: overflowAction,
    ...(overflowTarget ? { OverflowActionTarget: overflowTarget } : {}),
    TimeoutThreshold: q.timeout.seconds,
    TimeoutAction: timeoutAction,
    ...(timeoutTarget ? { TimeoutActionTarget: timeoutTarget } : {}),
    OboResourceAccountIds: q.callerIdResourceAccounts.map(idOf),
  };
}

/** A queue from Get-CsCallQueue's row; `upnOf` turns object ids into UPNs. Pure. */
export function queueOf(q: Raw, upnOf: (id: unknown) => string): CallQueue {
  const target = (action: unknown, t: unknown): CallTarget => {
    const to = (t ?? {}) as Raw;
    switch (text(action).toLowerCase()) {
      case 'forward': {
        const id = text(to.Id);
        if (/^tel:/i.test(id)) return `pstn:${id.slice(4)}`;
        return text(to.Type).toLowerCase() === 'applicationendpoint'
          ? `resourceAccount:${upnOf(id)}`
          : `user:${upnOf(id)}`;
      }
      case 'sharedvoicemail':
        return `sharedVoicemail:${text(to.Id)}`;
      default:
        return 'disconnect';
    }
  };
  return {
    name: text(q.Name),
    language: text(q.LanguageId),
    resourceAccounts: list(q.ApplicationInstances).map(upnOf),
    agents: list(q.Users).map(upnOf),
    routingMethod: ROUTING[text(q.RoutingMethod).toLowerCase()] ?? 'attendant',
    presenceBasedRouting: q.PresenceBasedRouting === true,
    allowOptOut: q.AllowOptOut === true,
    conferenceMode: q.ConferenceMode === true,
    agentAlertTimeS: Number(q.AgentAlertTime),
    greeting: q.WelcomeTextToSpeechPrompt ? text(q.WelcomeTextToSpeechPrompt) : null,
    overflow: { threshold: Number(q.OverflowThreshold), transferTo: target(q.OverflowAction, q.OverflowActionTarget) },
    timeout: { seconds: Number(q.TimeoutThreshold), transferTo: target(q.TimeoutAction, q.TimeoutActionTarget) },
    callerIdResourceAccounts: list(q.OboResourceAccountIds).map(upnOf),
  };
}

/** A resource account's number and voice routing policy: Set-/Remove-CsPhoneNumberAssignment and the grant. Pure. */
export function numberCalls(c: ChangeOf<'resourceAccountNumber'>): PwshCall[] {
  const { before, after } = c;
  const calls: PwshCall[] = [];
  const grant = (policy: string | null): PwshCall => ({
    cmdlet: 'Grant-CsOnlineVoiceRoutingPolicy',
    params: { Identity: c.name, PolicyName: policy },
  });
  const number = (verb: 'Set' | 'Remove', n: string): PwshCall => ({
    cmdlet: `${verb}-CsPhoneNumberAssignment`,
    params: { Identity: c.name, PhoneNumber: n, PhoneNumberType: 'DirectRouting' },
  });
  if (before && before.phoneNumber !== after?.phoneNumber) calls.push(number('Remove', before.phoneNumber));
  if (!after) return [...calls, grant(null)];
  if (before ? !sameName(before.voiceRoutingPolicy ?? '', after.voiceRoutingPolicy ?? '') : after.voiceRoutingPolicy)
    calls.push(grant(after.voiceRoutingPolicy));
  if (before?.phoneNumber !== after.phoneNumber) calls.push(number('Set', after.phoneNumber));
  return calls;
}

/** A callable entity `{Id, Type}` read back as the model's target. Pure. */
function targetOfEntity(e: Raw | null | undefined, upnOf: (id: unknown) => string): CallTarget {
  const id = text(e?.Id);
  switch (text(e?.Type).toLowerCase()) {
    case 'user':
      return `user:${upnOf(id)}`;
    case 'applicationendpoint':
      return `resourceAccount:${upnOf(id)}`;
    case 'externalpstn':
      return `pstn:${id.replace(/^tel:/i, '')}`;
    case 'sharedvoicemail':
      return `sharedVoicemail:${id}`;
    default:
      return 'disconnect';
  }
}

const rowsOf = (v: unknown): Raw[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]) as Raw[];
const firstPrompt = (v: unknown): string | null => {
  const p = rowsOf(v)[0];
  return p?.TextToSpeechPrompt ? text(p.TextToSpeechPrompt) : null;
};
/** `09:00`, `09:00:00` or a TimeSpan's text → `09:00`; a whole day's end → `24:00`. */
const clock = (v: unknown): string => {
  const t = text(v);
  return /^1\.00:00/.test(t) || /^24:00/.test(t) ? '24:00' : t.slice(0, 5);
};
/** The days a fixed schedule's range covers: `d/m/yyyy H:mm` (New-CsOnlineDateTimeRange.md) or ISO. */
function rangeDays(r: Raw): string[] {
  const at = (v: unknown): number => {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(text(v));
    return m ? Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1])) : Date.parse(`${text(v).slice(0, 10)}T00:00:00Z`);
  };
  const start = at(r.Start);
  const end = r.End ? at(r.End) : start + 86_400_000;
  const out: string[] = [];
  for (let d = start; d < end; d += 86_400_000) out.push(new Date(d).toISOString().slice(0, 10));
  return out;
}

const DAY_PROPS = DAYS.map((d) => [d, `${d.charAt(0).toUpperCase()}${d.slice(1)}Hours`] as const);

/** An auto attendant from Get-CsAutoAttendant's row (its Schedules inline); `upnOf` turns object ids into UPNs. Pure. */
export function attendantOf(a: Raw, upnOf: (id: unknown) => string): AutoAttendant {
  const flow = (a.DefaultCallFlow ?? {}) as Raw;
  const menu = (flow.Menu ?? {}) as Raw;
  const optionTarget = (o: Raw): CallTarget =>
    text(o.Action).toLowerCase() === 'transfercalltotarget' ? targetOfEntity(o.CallTarget as Raw, upnOf) : 'disconnect';
  const options = Object.fromEntries(
    rowsOf(menu.MenuOptions).map((o) => {
      const dtmf = text(o.DtmfResponse);
      const key = dtmf === 'ToneStar' ? '*' : dtmf === 'TonePound' ? '#' : dtmf.replace(/^Tone/, '');
      return [key, optionTarget(o)];
    }),
  );
  const flows = rowsOf(a.CallFlows);
  const schedules = rowsOf(a.Schedules);
  const handled = (flowId: unknown) => {
    const f = flows.find((x) => text(x.Id) === text(flowId)) ?? {};
    const option = rowsOf((f.Menu as Raw | undefined)?.MenuOptions)[0];
    return { greeting: firstPrompt(f.Greetings), transferTo: option ? optionTarget(option) : 'disconnect' };
  };
  let businessHours: AutoAttendant['businessHours'] = null;
  let afterHours: AutoAttendant['afterHours'] = null;
  const holidays: AutoAttendant['holidays'] = {};
  for (const link of rowsOf(a.CallHandlingAssociations)) {
    const s = schedules.find((x) => text(x.Id) === text(link.ScheduleId)) ?? {};
    if (text(link.Type).toLowerCase() === 'afterhours') {
      const weekly = (s.WeeklyRecurrentSchedule ?? {}) as Raw;
      businessHours = Object.fromEntries(
        DAY_PROPS.map(([day, prop]) => [
          day,
          rowsOf(weekly[prop]).map((r) => `${clock(r.Start)}-${clock(r.End)}`),
        ]).filter(([, ranges]) => (ranges as string[]).length > 0),
      );
      afterHours = handled(link.CallFlowId);
    } else {
      const fixed = (s.FixedSchedule ?? {}) as Raw;
      holidays[text(s.Name)] = {
        dates: rowsOf(fixed.DateTimeRanges).flatMap(rangeDays).sort(),
        ...handled(link.CallFlowId),
      };
    }
  }
  const search = text(menu.DirectorySearchMethod).toLowerCase();
  return {
    name: text(a.Name),
    language: text(a.LanguageId),
    timeZone: text(a.TimeZoneId),
    resourceAccounts: list(a.ApplicationInstances).map(upnOf),
    greeting: firstPrompt(flow.Greetings),
    menu: {
      prompt: firstPrompt(menu.Prompts),
      directorySearch: search === 'byname' ? 'byName' : search === 'byextension' ? 'byExtension' : 'none',
      options,
    },
    businessHours,
    afterHours,
    holidays,
    operator: a.Operator ? targetOfEntity(a.Operator as Raw, upnOf) : null,
  };
}

/**
 * What builds an attendant's parts in memory, in order (runner-script.ts `Invoke-VfBuild`), and
 * the New-CsAutoAttendant parameters naming them: prompts, callable entities, menu options, the
 * default menu and call flow; a weekly schedule of the business hours with -Complement and its
 * after-hours call flow; one fixed schedule and call flow per holiday; their call handling
 * associations; the operator (New-CsAutoAttendant.md example 1). Pure.
 */
export function attendantBuild(
  a: AutoAttendant,
  idOf: (upn: string) => string,
): { steps: BuildStep[]; params: Record<string, unknown> } {
  const steps: BuildStep[] = [];
  let n = 0;
  const step = (cmdlet: string, params: Record<string, unknown>): string => {
    const name = `v${n++}`;
    steps.push({ name, cmdlet, params });
    return name;
  };
  const promptOf = (textToSay: string | null) =>
    textToSay === null ? [] : [built(step('New-CsAutoAttendantPrompt', { TextToSpeechPrompt: textToSay }))];
  const entity = (target: CallTarget): string | undefined => {
    const { type, value } = parseTarget(target);
    const [identity, entityType] =
      type === 'user'
        ? [idOf(value), 'User']
        : type === 'resourceAccount'
          ? [idOf(value), 'ApplicationEndpoint']
          : type === 'pstn'
            ? [`tel:${value}`, 'ExternalPstn']
            : type === 'sharedVoicemail'
              ? [value, 'SharedVoicemail']
              : [undefined, undefined];
    return identity ? step('New-CsAutoAttendantCallableEntity', { Identity: identity, Type: entityType }) : undefined;
  };
  const option = (target: CallTarget, dtmf: string) => {
    const to = entity(target);
    return built(
      step('New-CsAutoAttendantMenuOption', {
        Action: to ? 'TransferCallToTarget' : 'DisconnectCall',
        DtmfResponse: dtmf,
        ...(to ? { CallTarget: built(to) } : {}),
      }),
    );
  };
  const automaticFlow = (name: string, h: { greeting: string | null; transferTo: CallTarget }) => {
    const greetings = promptOf(h.greeting);
    const menu = step('New-CsAutoAttendantMenu', {
      Name: `${name} menu`,
      MenuOptions: [option(h.transferTo, 'Automatic')],
    });
    return step('New-CsAutoAttendantCallFlow', {
      Name: name,
      Menu: built(menu),
      ...(greetings.length ? { Greetings: greetings } : {}),
    });
  };
  const greetings = promptOf(a.greeting);
  const menuPrompts = promptOf(a.menu.prompt);
  const options = Object.entries(a.menu.options).map(([key, target]) =>
    option(target, key === '*' ? 'ToneStar' : key === '#' ? 'TonePound' : `Tone${key}`),
  );
  const search = { byName: 'ByName', byExtension: 'ByExtension', none: 'None' }[a.menu.directorySearch];
  const menu = step('New-CsAutoAttendantMenu', {
    Name: 'Default menu',
    ...(options.length ? { MenuOptions: options } : {}),
    ...(menuPrompts.length ? { Prompts: menuPrompts } : {}),
    DirectorySearchMethod: search,
    ...(a.menu.directorySearch === 'byName' ? { EnableDialByName: true } : {}),
  });
  const defaultFlow = step('New-CsAutoAttendantCallFlow', {
    Name: 'Default call flow',
    Menu: built(menu),
    ...(greetings.length ? { Greetings: greetings } : {}),
  });
  const flows: unknown[] = [];
  const associations: unknown[] = [];
  if (a.businessHours && a.afterHours) {
    const days = Object.fromEntries(
      DAY_PROPS.filter(([day]) => (a.businessHours![day] ?? []).length > 0).map(([day, prop]) => [
        prop,
        a.businessHours![day]!.map((r) => {
          const [start, end] = r.split('-');
          return built(step('New-CsOnlineTimeRange', { Start: start, End: end === '24:00' ? '1.00:00' : end }));
        }),
      ]),
    );
    const schedule = step('New-CsOnlineSchedule', {
      Name: `${a.name} business hours`,
      WeeklyRecurrentSchedule: true,
      Complement: true,
      ...days,
    });
    const flow = automaticFlow('After hours call flow', a.afterHours);
    flows.push(built(flow));
    associations.push(
      built(
        step('New-CsAutoAttendantCallHandlingAssociation', {
          Type: 'AfterHours',
          ScheduleId: built(schedule, 'Id'),
          CallFlowId: built(flow, 'Id'),
        }),
      ),
    );
  }
  for (const [name, h] of Object.entries(a.holidays)) {
    const ranges = h.dates.map((d) => {
      const day = new Date(`${d}T00:00:00Z`);
      const next = new Date(day.getTime() + 86_400_000);
      const fmt = (x: Date) => `${x.getUTCDate()}/${x.getUTCMonth() + 1}/${x.getUTCFullYear()} 00:00`;
      return built(step('New-CsOnlineDateTimeRange', { Start: fmt(day), End: fmt(next) }));
    });
    const schedule = step('New-CsOnlineSchedule', { Name: name, FixedSchedule: true, DateTimeRanges: ranges });
    const flow = automaticFlow(`${name} call flow`, h);
    flows.push(built(flow));
    associations.push(
      built(
        step('New-CsAutoAttendantCallHandlingAssociation', {
          Type: 'Holiday',
          ScheduleId: built(schedule, 'Id'),
          CallFlowId: built(flow, 'Id'),
        }),
      ),
    );
  }
  const operator = a.operator ? entity(a.operator) : undefined;
  return {
    steps,
    params: {
      LanguageId: a.language,
      TimeZoneId: a.timeZone,
      DefaultCallFlow: built(defaultFlow),
      CallFlows: flows,
      CallHandlingAssociations: associations,
      Operator: operator ? built(operator) : null,
    },
  };
}
