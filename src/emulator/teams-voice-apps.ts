import type { SimTenant } from '../backends/sim/sim-tenant.js';
import type { SimUser } from '../backends/sim/sim-state.js';
import { BackendError } from '../errors.js';
import { parseTarget, type CallTarget } from '../kinds/call-target.js';
import type { AutoAttendant } from '../kinds/auto-attendant.js';
import type { CallQueue, RoutingMethod } from '../kinds/call-queue.js';
import { attendantById, stableId } from './teams-auto-attendants.js';
import { identityKey } from '../kinds/identity.js';
import { APPLICATION_IDS, type VoiceAppType } from '../kinds/resource-account.js';
import { has, namedPage, need, pick, str, type Params } from './cmdlet-params.js';

type Handler = (t: SimTenant, p: Params) => unknown[];

/**
 * Resource accounts (`*-CsOnlineApplicationInstance`), their associations and call queues
 * (`*-CsCallQueue`) over the simulated tenant, whose rules (sim-voice-apps.ts) they go through.
 * Output shapes: Get-CsOnlineApplicationInstance.md, Get-CsCallQueue.md and the Set-CsCallQueue
 * output quoted in office-docs-powershell issue #10892 (Users, Agents, targets as {Id, Type}).
 */

/** A call queue's Identity: a Guid, stable for its name in this tenant (the emulator keeps no other id). */
export const callQueueId = (t: SimTenant, name: string): string => stableId(t, 'callQueue', name);

const typeOfApplication = (id: unknown): VoiceAppType => {
  const found = (Object.entries(APPLICATION_IDS) as [VoiceAppType, string][]).find(
    ([, appId]) => appId === String(id ?? '').toLowerCase(),
  );
  if (!found)
    throw new BackendError(`ApplicationId ${String(id)} is not an auto attendant's or a call queue's.`, 'invalid');
  return found[0];
};

function account(t: SimTenant, identity: string): SimUser {
  const u = t.user(identity);
  if (!u || u.accountType !== 'ResourceAccount')
    throw new BackendError(`Application instance "${identity}" was not found.`, 'not-found');
  return u;
}

const instanceRow = (t: SimTenant, u: SimUser) => ({
  ObjectId: u.id,
  TenantId: t.state.tenantId,
  UserPrincipalName: u.upn,
  ApplicationId: APPLICATION_IDS[u.applicationType ?? 'autoAttendant'],
  DisplayName: u.displayName,
  PhoneNumber: u.phoneNumber ? `tel:${u.phoneNumber}` : null,
});

function queueById(t: SimTenant, id: string): CallQueue {
  const q = t.list('callQueue').find((x) => callQueueId(t, x.name) === id.toLowerCase());
  if (!q) throw new BackendError(`Call queue "${id}" was not found.`, 'not-found');
  return q;
}

const ROUTING: Record<RoutingMethod, string> = {
  attendant: 'Attendant',
  serial: 'Serial',
  roundRobin: 'RoundRobin',
  longestIdle: 'LongestIdle',
};

const ids = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).map(String);

/** A queue's overflow or timeout target from what New-/Set-CsCallQueue bound. */
function targetFrom(t: SimTenant, action: string | undefined, target: string | undefined): CallTarget {
  switch ((action ?? '').toLowerCase()) {
    case '':
    case 'disconnect':
    case 'disconnectwithbusy':
      return 'disconnect';
    case 'sharedvoicemail':
      return `sharedVoicemail:${need({ target }, 'target')}`;
    case 'forward': {
      const to = need({ target }, 'target');
      if (/^tel:/i.test(to)) return `pstn:${to.slice(4)}`;
      const u = t.user(to);
      if (!u) throw new BackendError(`The forward target ${to} was not found.`, 'not-found');
      return u.accountType === 'ResourceAccount' ? `resourceAccount:${u.upn}` : `user:${u.upn}`;
    }
    default:
      throw new BackendError(
        `The action ${action} is not simulated (Forward, SharedVoicemail, Disconnect).`,
        'invalid',
      );
  }
}

/** A target as Get-CsCallQueue prints it: the action and `{Id, Type}`. */
function targetShape(t: SimTenant, target: CallTarget, disconnect: string): { action: string; target: unknown } {
  const { type, value } = parseTarget(target);
  const idOf = (upn: string) => t.user(upn)?.id ?? upn;
  if (type === 'pstn') return { action: 'Forward', target: { Id: `tel:${value}`, Type: 'Phone' } };
  if (type === 'user') return { action: 'Forward', target: { Id: idOf(value), Type: 'User' } };
  if (type === 'resourceAccount')
    return { action: 'Forward', target: { Id: idOf(value), Type: 'ApplicationEndpoint' } };
  if (type === 'sharedVoicemail') return { action: 'SharedVoicemail', target: { Id: value, Type: 'SharedVoicemail' } };
  return { action: disconnect, target: null };
}

function queueShape(t: SimTenant, q: CallQueue): Record<string, unknown> {
  const idOf = (upn: string) => t.user(upn)?.id ?? upn;
  const overflow = targetShape(t, q.overflow.transferTo, 'DisconnectWithBusy');
  const timeout = targetShape(t, q.timeout.transferTo, 'Disconnect');
  return {
    Identity: callQueueId(t, q.name),
    TenantId: t.state.tenantId,
    Name: q.name,
    LanguageId: q.language,
    RoutingMethod: ROUTING[q.routingMethod],
    Users: q.agents.map(idOf),
    Agents: q.agents.map((a) => ({ ObjectId: idOf(a), OptIn: true })),
    AllowOptOut: q.allowOptOut,
    ConferenceMode: q.conferenceMode,
    PresenceBasedRouting: q.presenceBasedRouting,
    AgentAlertTime: q.agentAlertTimeS,
    WelcomeTextToSpeechPrompt: q.greeting,
    OverflowThreshold: q.overflow.threshold,
    OverflowAction: overflow.action,
    OverflowActionTarget: overflow.target,
    TimeoutThreshold: q.timeout.seconds,
    TimeoutAction: timeout.action,
    TimeoutActionTarget: timeout.target,
    ApplicationInstances: q.resourceAccounts.map(idOf),
    OboResourceAccountIds: q.callerIdResourceAccounts.map(idOf),
  };
}

const ROUTING_BY_NAME = new Map(Object.entries(ROUTING).map(([k, v]) => [v.toLowerCase(), k as RoutingMethod]));

/** The queue New-CsCallQueue makes, or Set-CsCallQueue leaves (New-CsCallQueue.md's defaults). */
function mergeQueue(t: SimTenant, q: CallQueue, p: Params): CallQueue {
  const upnOf = (id: string) => {
    const u = t.user(id);
    if (!u) throw new BackendError(`User ${id} was not found.`, 'not-found');
    return u.upn;
  };
  const routing = (v: unknown) => {
    const r = ROUTING_BY_NAME.get(String(v).toLowerCase());
    if (!r)
      throw new BackendError(
        `RoutingMethod ${String(v)} is not one of Attendant, Serial, RoundRobin, LongestIdle.`,
        'invalid',
      );
    return r;
  };
  const int = (v: unknown) => Number(v);
  // The agents' parameter is -Users (bound by the stand-in as User on New-, Users on Set-).
  const agentKey = has(p, 'Users') ? 'Users' : 'User';
  const next: CallQueue = {
    ...q,
    name: pick(p, 'Name', q.name, String),
    language: pick(p, 'LanguageId', q.language, String),
    routingMethod: pick(p, 'RoutingMethod', q.routingMethod, routing),
    agents: pick(p, agentKey, q.agents, (v) => ids(v).map(upnOf)),
    allowOptOut: pick(p, 'AllowOptOut', q.allowOptOut, Boolean),
    conferenceMode: pick(p, 'ConferenceMode', q.conferenceMode, Boolean),
    presenceBasedRouting: pick(p, 'PresenceBasedRouting', q.presenceBasedRouting, Boolean),
    agentAlertTimeS: pick(p, 'AgentAlertTime', q.agentAlertTimeS, int),
    greeting: pick(p, 'WelcomeTextToSpeechPrompt', q.greeting, (v) => (v === null ? null : String(v))),
    callerIdResourceAccounts: pick(p, 'OboResourceAccountIds', q.callerIdResourceAccounts, (v) => ids(v).map(upnOf)),
    overflow: {
      threshold: pick(p, 'OverflowThreshold', q.overflow.threshold, int),
      transferTo:
        has(p, 'OverflowAction') || has(p, 'OverflowActionTarget')
          ? targetFrom(t, str(p, 'OverflowAction'), str(p, 'OverflowActionTarget'))
          : q.overflow.transferTo,
    },
    timeout: {
      seconds: pick(p, 'TimeoutThreshold', q.timeout.seconds, (v) => Math.round(Number(v) / 15) * 15),
      transferTo:
        has(p, 'TimeoutAction') || has(p, 'TimeoutActionTarget')
          ? targetFrom(t, str(p, 'TimeoutAction'), str(p, 'TimeoutActionTarget'))
          : q.timeout.transferTo,
    },
  };
  if (next.agentAlertTimeS < 15 || next.agentAlertTimeS > 180)
    throw new BackendError('AgentAlertTime must be between 15 and 180 seconds.', 'invalid');
  if (next.overflow.threshold < 0 || next.overflow.threshold > 200)
    throw new BackendError('OverflowThreshold must be between 0 and 200.', 'invalid');
  return next;
}

const NEW_QUEUE = (name: string): CallQueue => ({
  name,
  language: 'en-US',
  resourceAccounts: [],
  agents: [],
  routingMethod: 'attendant',
  presenceBasedRouting: true,
  allowOptOut: true,
  conferenceMode: true,
  agentAlertTimeS: 30,
  greeting: null,
  overflow: { threshold: 50, transferTo: 'disconnect' },
  timeout: { seconds: 1200, transferTo: 'disconnect' },
  callerIdResourceAccounts: [],
});

/** The voice app a resource account is associated with, if any. */
function appOf(
  t: SimTenant,
  upn: string,
):
  | {
      type: 'CallQueue' | 'AutoAttendant';
      id: string;
      kind: 'callQueue' | 'autoAttendant';
      app: CallQueue | AutoAttendant;
    }
  | undefined {
  const holds = (accounts: string[]) => accounts.some((u) => identityKey(u) === identityKey(upn));
  const queue = t.list('callQueue').find((q) => holds(q.resourceAccounts));
  if (queue) return { type: 'CallQueue', id: callQueueId(t, queue.name), kind: 'callQueue', app: queue };
  const attendant = t.list('autoAttendant').find((a) => holds(a.resourceAccounts));
  if (attendant)
    return {
      type: 'AutoAttendant',
      id: stableId(t, 'autoAttendant', attendant.name),
      kind: 'autoAttendant',
      app: attendant,
    };
  return undefined;
}

/** Associates accounts with an app, or (null) takes them off theirs. */
function reassociate(
  t: SimTenant,
  kind: 'callQueue' | 'autoAttendant',
  app: CallQueue | AutoAttendant,
  accounts: string[],
): void {
  if (kind === 'callQueue') t.update('callQueue', { ...(app as CallQueue), resourceAccounts: accounts });
  else t.update('autoAttendant', { ...(app as AutoAttendant), resourceAccounts: accounts });
}

export const VOICE_APP_CMDLETS: [string, Handler][] = [
  [
    'Get-CsOnlineApplicationInstance',
    (t, p) => {
      const wanted = [str(p, 'Identity'), ...(str(p, 'Identities')?.split(',') ?? [])]
        .filter((x): x is string => Boolean(x))
        .map((x) => x.trim());
      const rows = wanted.length
        ? wanted.map((w) => account(t, w))
        : t.state.users.filter((u) => u.accountType === 'ResourceAccount' && u.applicationType);
      const skip = Number(p.Skip ?? 0);
      const size = has(p, 'ResultSize') ? Number(p.ResultSize) : rows.length;
      return rows.slice(skip, skip + size).map((u) => instanceRow(t, u));
    },
  ],
  [
    'New-CsOnlineApplicationInstance',
    (t, p) => {
      const upn = need(p, 'UserPrincipalName');
      t.create('resourceAccount', {
        upn,
        displayName: str(p, 'DisplayName') ?? upn,
        type: typeOfApplication(p.ApplicationId),
        usageLocation: null,
        licensed: false,
        owner: null,
      });
      return [instanceRow(t, account(t, upn))];
    },
  ],
  [
    'Set-CsOnlineApplicationInstance',
    (t, p) => {
      const u = account(t, need(p, 'Identity'));
      const before = t.find('resourceAccount', u.upn)!;
      t.update('resourceAccount', {
        ...before,
        displayName: pick(p, 'DisplayName', before.displayName, String),
        type: pick(p, 'ApplicationId', before.type, typeOfApplication),
      });
      return [instanceRow(t, account(t, u.upn))];
    },
  ],
  [
    'Get-CsOnlineApplicationInstanceAssociation',
    (t, p) => {
      const u = account(t, need(p, 'Identity'));
      const app = appOf(t, u.upn);
      return app ? [{ Id: u.id, ConfigurationId: app.id, ConfigurationType: app.type, CallPriority: 3 }] : [];
    },
  ],
  [
    'New-CsOnlineApplicationInstanceAssociation',
    (t, p) => {
      const type = String(p.ConfigurationType ?? '').toLowerCase();
      if (type !== 'callqueue' && type !== 'autoattendant')
        throw new BackendError(
          `ConfigurationType ${String(p.ConfigurationType)} is not CallQueue or AutoAttendant.`,
          'invalid',
        );
      const kind = type === 'callqueue' ? 'callQueue' : 'autoAttendant';
      const id = need(p, 'ConfigurationId');
      const app = kind === 'callQueue' ? queueById(t, id) : attendantById(t, id);
      const upns = ids(p.Identities).map((x) => account(t, x).upn);
      reassociate(t, kind, app, [...app.resourceAccounts, ...upns]);
      return upns.map((upn) => ({
        Id: account(t, upn).id,
        ConfigurationId: id.toLowerCase(),
        ConfigurationType: kind === 'callQueue' ? 'CallQueue' : 'AutoAttendant',
        CallPriority: has(p, 'CallPriority') ? Number(p.CallPriority) : 3,
      }));
    },
  ],
  [
    'Remove-CsOnlineApplicationInstanceAssociation',
    (t, p) => {
      for (const id of ids(p.Identities)) {
        const upn = account(t, id).upn;
        const app = appOf(t, upn);
        if (!app) throw new BackendError(`Application instance ${id} has no association.`, 'not-found');
        reassociate(
          t,
          app.kind,
          app.app,
          app.app.resourceAccounts.filter((u) => identityKey(u) !== identityKey(upn)),
        );
      }
      return [];
    },
  ],
  [
    'Get-CsCallQueue',
    (t, p) => {
      const id = str(p, 'Identity');
      if (id) return [queueShape(t, queueById(t, id))];
      return namedPage(t.list('callQueue'), p).map((q) => queueShape(t, q));
    },
  ],
  [
    'New-CsCallQueue',
    (t, p) => {
      const queue = mergeQueue(t, NEW_QUEUE(need(p, 'Name')), p);
      t.create('callQueue', queue);
      return [queueShape(t, t.find('callQueue', queue.name)!)];
    },
  ],
  [
    'Set-CsCallQueue',
    (t, p) => {
      const queue = queueById(t, need(p, 'Identity'));
      if (has(p, 'Name') && identityKey(String(p.Name)) !== identityKey(queue.name))
        throw new BackendError('Renaming a call queue is not simulated.', 'invalid');
      t.update('callQueue', mergeQueue(t, queue, p));
      return [queueShape(t, t.find('callQueue', queue.name)!)];
    },
  ],
  [
    'Remove-CsCallQueue',
    (t, p) => {
      // Its associations go with it (Voiceform removes them first all the same: manage-resource-accounts.md's order).
      t.remove('callQueue', queueById(t, need(p, 'Identity')).name);
      return [];
    },
  ],
];
