import { BackendError } from '../../errors.js';
import { parseTarget, type CallTarget } from '../../kinds/call-target.js';
import type { CallQueue, RoutingMethod } from '../../kinds/call-queue.js';
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
import type { PwshCall, PwshResult } from './pwsh-session.js';
import { bareName, list, text, type Raw } from './teams-fields.js';
import { absent, outputOf, type TeamsRunner } from './teams-runner.js';
import type { UserDirectory } from './user-directory.js';

/** The main-number kinds this module reads and writes (auto attendants are not here yet). */
export const VOICE_APP_KINDS = new Set(['resourceAccount', 'resourceAccountNumber', 'callQueue']);

export interface VoiceAppState {
  resourceAccounts: ResourceAccount[];
  resourceAccountNumbers: ResourceAccountNumber[];
  callQueues: CallQueue[];
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

/** Get-CsCallQueue gives 100 queues a call ("gets the first 100 call queues"): paged with -First/-Skip. */
const QUEUE_PAGE = 100;

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
    const [instances, queues] = await Promise.all([this.instances(), this.queueRows()]);
    const accounts = instances.filter((r) => typeOfApp(r.ApplicationId));
    const upnOfId = new Map(accounts.map((r) => [text(r.ObjectId).toLowerCase(), text(r.UserPrincipalName)]));
    // Agents and transfer targets are users known by object id only: Get-CsOnlineUser takes an id.
    const unknownIds = [
      ...new Set(
        queues.flatMap((q) =>
          [
            ...list(q.Users),
            // A person or an account is a target by object id; a group's voicemail is not a user.
            ...[q.OverflowActionTarget, q.TimeoutActionTarget]
              .map((t) => (t ?? {}) as Raw)
              .filter((t) => ['user', 'applicationendpoint'].includes(text(t.Type).toLowerCase()))
              .map((t) => text(t.Id)),
          ].filter((id) => /^[0-9a-f-]{36}$/i.test(id) && !upnOfId.has(id.toLowerCase())),
        ),
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
    return { resourceAccounts, resourceAccountNumbers, callQueues };
  }

  private async instances(): Promise<Raw[]> {
    const [r] = await this.runner.run([{ cmdlet: 'Get-CsOnlineApplicationInstance' }], false);
    return outputOf(r, 'Get-CsOnlineApplicationInstance');
  }

  private async queueRows(): Promise<Raw[]> {
    const rows: Raw[] = [];
    for (let skip = 0; ; skip += QUEUE_PAGE) {
      const [r] = await this.runner.run(
        [{ cmdlet: 'Get-CsCallQueue', params: { First: QUEUE_PAGE, Skip: skip } }],
        false,
      );
      const page = outputOf(r, 'Get-CsCallQueue');
      rows.push(...page);
      if (page.length < QUEUE_PAGE) return rows;
    }
  }

  /** One kind's batch of changes (the executor sends one kind at a time), each carried out whole or failed. */
  async write(changes: Change[]): Promise<BatchOutcome[]> {
    const out: BatchOutcome[] = [];
    for (const c of changes) {
      try {
        if (c.kind === 'resourceAccount') await this.writeAccount(c);
        else if (c.kind === 'resourceAccountNumber') await this.run(numberCalls(c));
        else if (c.kind === 'callQueue') await this.writeQueue(c);
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

  /** A queue's Guid by its name (Get-CsCallQueue -NameFilter matches parts of names: the exact one is picked). */
  private async queueId(name: string): Promise<string> {
    const [r] = await this.run([{ cmdlet: 'Get-CsCallQueue', params: { NameFilter: name } }]);
    const row = outputOf(r, 'Get-CsCallQueue').find((q) => sameName(text(q.Name), name));
    if (!row) throw new BackendError(`call queue ${name} was not found`, 'not-found');
    return text(row.Identity);
  }

  private async writeQueue(c: ChangeOf<'callQueue'>): Promise<void> {
    const { before, after } = c;
    const accounts = [...(before?.resourceAccounts ?? []), ...(after?.resourceAccounts ?? [])];
    const people = [
      ...(after?.agents ?? []),
      ...(after?.callerIdResourceAccounts ?? []),
      ...[after?.overflow.transferTo, after?.timeout.transferTo]
        .map((t) => (t ? parseTarget(t) : undefined))
        .filter((t) => t?.type === 'user' || t?.type === 'resourceAccount')
        .map((t) => t!.value),
    ];
    const idOf = await this.directory.idsOf([...accounts, ...people]);
    const need = (upn: string) => {
      const id = idOf(upn);
      if (!id) throw new BackendError(`${upn} was not found`, 'not-found');
      return id;
    };
    const had = new Set((before?.resourceAccounts ?? []).map(identityKey));
    const wants = new Set((after?.resourceAccounts ?? []).map(identityKey));
    const dropped = (before?.resourceAccounts ?? []).filter((u) => !wants.has(identityKey(u)));
    const added = (after?.resourceAccounts ?? []).filter((u) => !had.has(identityKey(u)));
    // Associations go first when leaving, last when joining: never a moment with an account on two apps.
    if (dropped.length)
      await this.run([
        { cmdlet: 'Remove-CsOnlineApplicationInstanceAssociation', params: { Identities: dropped.map(need) } },
      ]);
    if (!after) {
      await this.run([{ cmdlet: 'Remove-CsCallQueue', params: { Identity: await this.queueId(c.name) } }]);
      return;
    }
    const params = queueParams(after, need);
    let id: string;
    if (!before) {
      const [made] = await this.run([{ cmdlet: 'New-CsCallQueue', params: { Name: after.name, ...params } }]);
      id = text(outputOf(made, 'New-CsCallQueue')[0]?.Identity) || (await this.queueId(after.name));
    } else {
      id = await this.queueId(c.name);
      await this.run([{ cmdlet: 'Set-CsCallQueue', params: { Identity: id, ...params } }]);
    }
    if (added.length)
      await this.run([
        {
          cmdlet: 'New-CsOnlineApplicationInstanceAssociation',
          params: { Identities: added.map(need), ConfigurationId: id, ConfigurationType: 'CallQueue' },
        },
      ]);
  }
}

/** New-/Set-CsCallQueue's parameters for a queue (every managed one: Set- sends the whole queue). */
function queueParams(q: CallQueue, idOf: (upn: string) => string): Record<string, unknown> {
  const target = (t: CallTarget, disconnect: string): [string, string | undefined] => {
    const { type, value } = parseTarget(t);
    if (type === 'pstn') return ['Forward', `tel:${value}`];
    if (type === 'user' || type === 'resourceAccount') return ['Forward', idOf(value)];
    if (type === 'sharedVoicemail' || type === 'voicemail') return ['SharedVoicemail', value];
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
