import { targetSpec, type CallTarget } from '../kinds/call-target.js';
import type { AutoAttendantSpec } from '../kinds/auto-attendant.js';
import type { CallQueueSpec } from '../kinds/call-queue.js';
import { identityKey } from '../kinds/identity.js';
import { OWNER_TAG, type ResourceAccountSpec } from '../kinds/resource-account.js';
import type { TenantVoiceState } from '../kinds/registry.js';

/**
 * Resource accounts (with their numbers), call queues and auto attendants as spec entries: a
 * transfer to a voice app's resource account names the app again, so the export plans empty. Pure.
 */
export function exportVoiceApps(v: TenantVoiceState): {
  resourceAccounts: ResourceAccountSpec[];
  callQueues: CallQueueSpec[];
  autoAttendants: AutoAttendantSpec[];
} {
  const apps = new Map<string, { type: 'callQueue' | 'autoAttendant'; name: string }>();
  for (const q of v.callQueues)
    for (const upn of q.resourceAccounts) apps.set(identityKey(upn), { type: 'callQueue', name: q.name });
  for (const a of v.autoAttendants)
    for (const upn of a.resourceAccounts) apps.set(identityKey(upn), { type: 'autoAttendant', name: a.name });
  const to = (t: CallTarget) => targetSpec(t, (upn) => apps.get(identityKey(upn)));
  const numbers = new Map(v.resourceAccountNumbers.map((n) => [identityKey(n.upn), n]));
  const resourceAccounts = v.resourceAccounts.map((a): ResourceAccountSpec => {
    const n = numbers.get(identityKey(a.upn));
    return {
      upn: a.upn,
      displayName: a.displayName,
      type: a.type,
      ...(a.usageLocation ? { usageLocation: a.usageLocation } : {}),
      ...(n ? { phoneNumber: n.phoneNumber } : {}),
      ...(n?.voiceRoutingPolicy ? { voiceRoutingPolicy: n.voiceRoutingPolicy } : {}),
      ...(a.owner === OWNER_TAG ? {} : { owned: false }),
    };
  });
  const callQueues = v.callQueues.map((q): CallQueueSpec => ({
    name: q.name,
    language: q.language,
    resourceAccounts: q.resourceAccounts,
    agents: q.agents,
    routingMethod: q.routingMethod,
    presenceBasedRouting: q.presenceBasedRouting,
    allowOptOut: q.allowOptOut,
    conferenceMode: q.conferenceMode,
    agentAlertTimeS: q.agentAlertTimeS,
    ...(q.greeting !== null ? { greeting: q.greeting } : {}),
    overflow: { threshold: q.overflow.threshold, transferTo: to(q.overflow.transferTo) },
    timeout: { seconds: q.timeout.seconds, transferTo: to(q.timeout.transferTo) },
    callerIdResourceAccounts: q.callerIdResourceAccounts,
  }));
  const autoAttendants = v.autoAttendants.map((a): AutoAttendantSpec => ({
    name: a.name,
    language: a.language,
    timeZone: a.timeZone,
    resourceAccounts: a.resourceAccounts,
    ...(a.greeting !== null ? { greeting: a.greeting } : {}),
    ...(a.businessHours ? { businessHours: a.businessHours } : {}),
    holidays: Object.entries(a.holidays).map(([name, h]) => ({
      name,
      dates: h.dates,
      ...(h.greeting !== null ? { greeting: h.greeting } : {}),
      transferTo: to(h.transferTo),
    })),
    menu: {
      ...(a.menu.prompt !== null ? { prompt: a.menu.prompt } : {}),
      directorySearch: a.menu.directorySearch,
      options: Object.entries(a.menu.options).map(([key, t]) => ({ key, transferTo: to(t) })),
    },
    ...(a.afterHours
      ? {
          afterHours: {
            ...(a.afterHours.greeting !== null ? { greeting: a.afterHours.greeting } : {}),
            transferTo: to(a.afterHours.transferTo),
          },
        }
      : {}),
    ...(a.operator ? { operator: to(a.operator) } : {}),
  }));
  return { resourceAccounts, callQueues, autoAttendants };
}
