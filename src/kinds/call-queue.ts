import type { Problem } from '../errors.js';
import { checkTarget, targetOf, type CallTarget, type CallTargetSpec } from './call-target.js';
import type { KindDef } from './kind-def.js';
import { checkLanguage } from './voice-app-lists.js';
import { voiceAppAccountOf } from './voice-app-accounts.js';

export type RoutingMethod = 'attendant' | 'serial' | 'roundRobin' | 'longestIdle';

/**
 * `*-CsCallQueue`: its agents (`-User`), how they are rung, what happens when the queue is full
 * (overflow) or a caller waited too long (timeout), the resource accounts associated with it and
 * those its agents call out as (`-OboResourceAccountIds`). Defaults are New-CsCallQueue's.
 */
export interface CallQueue {
  name: string;
  language: string;
  resourceAccounts: string[];
  /** UPNs, in order (serial routing rings them in this order). */
  agents: string[];
  routingMethod: RoutingMethod;
  presenceBasedRouting: boolean;
  allowOptOut: boolean;
  conferenceMode: boolean;
  agentAlertTimeS: number;
  greeting: string | null;
  overflow: { threshold: number; transferTo: CallTarget };
  timeout: { seconds: number; transferTo: CallTarget };
  callerIdResourceAccounts: string[];
}

export interface CallQueueSpec {
  name: string;
  language?: string;
  resourceAccounts: string[];
  agents?: string[];
  routingMethod?: RoutingMethod;
  presenceBasedRouting?: boolean;
  allowOptOut?: boolean;
  conferenceMode?: boolean;
  agentAlertTimeS?: number;
  greeting?: string;
  overflow?: { threshold?: number; transferTo?: CallTargetSpec };
  timeout?: { seconds?: number; transferTo?: CallTargetSpec };
  callerIdResourceAccounts?: string[];
}

/** New-CsCallQueue's ranges. */
export const CALL_QUEUE_LIMITS = {
  agentAlertTimeMin: 15,
  agentAlertTimeMax: 180,
  overflowThresholdMax: 200,
  timeoutMax: 2700,
  /** "Agents: up to 20 agents can be added directly" (create-a-phone-system-call-queue.md). */
  agents: 20,
};

/** Where a queue sends the calls its agents do not take: overflow and timeout. */
export const queueTargets = (q: CallQueue): CallTarget[] => [q.overflow.transferTo, q.timeout.transferTo];

function checkQueue(q: CallQueueSpec, where: (suffix: string) => string): Problem[] {
  const problems = q.language === undefined ? [] : checkLanguage(q.language, where('/language'));
  const range = (value: number | undefined, min: number, max: number, path: string, what: string) => {
    if (value !== undefined && (value < min || value > max))
      problems.push({ path: where(path), rule: 'call-queue.range', message: `${what} is ${min} to ${max} (${value})` });
  };
  range(
    q.agentAlertTimeS,
    CALL_QUEUE_LIMITS.agentAlertTimeMin,
    CALL_QUEUE_LIMITS.agentAlertTimeMax,
    '/agentAlertTimeS',
    'agentAlertTimeS',
  );
  range(
    q.overflow?.threshold,
    0,
    CALL_QUEUE_LIMITS.overflowThresholdMax,
    '/overflow/threshold',
    'the overflow threshold',
  );
  range(q.timeout?.seconds, 0, CALL_QUEUE_LIMITS.timeoutMax, '/timeout/seconds', 'the timeout');
  // "rounded to the nearest 15th interval": a value Teams would change is a plan that never settles.
  if (q.timeout?.seconds !== undefined && q.timeout.seconds % 15 !== 0)
    problems.push({
      path: where('/timeout/seconds'),
      rule: 'call-queue.timeout',
      message: `Teams rounds a queue's timeout to a multiple of 15 seconds (${q.timeout.seconds})`,
    });
  if ((q.agents ?? []).length > CALL_QUEUE_LIMITS.agents)
    problems.push({
      path: where('/agents'),
      rule: 'call-queue.agents',
      message: `a queue takes at most ${CALL_QUEUE_LIMITS.agents} agents directly (${q.agents!.length})`,
    });
  // OverflowAction is DisconnectWithBusy, Forward, Voicemail or SharedVoicemail; TimeoutAction the same with Disconnect.
  problems.push(...checkTarget(q.overflow?.transferTo, where('/overflow/transferTo')));
  problems.push(...checkTarget(q.timeout?.transferTo, where('/timeout/transferTo')));
  return problems;
}

export const callQueueKind: KindDef<'callQueue', 'callQueues', CallQueue, CallQueueSpec> = {
  kind: 'callQueue',
  list: 'callQueues',
  label: 'call queue',
  identity: 'name',
  ownership: 'resource-account',
  dependsOn: ['resourceAccount'],
  caseless: ['resourceAccounts', 'agents', 'callerIdResourceAccounts'],
  fromSpec: (spec) => {
    const accountOf = voiceAppAccountOf(spec);
    return (spec.callQueues ?? []).map((q) => ({
      name: q.name,
      language: q.language ?? 'en-US',
      resourceAccounts: [...q.resourceAccounts],
      agents: [...(q.agents ?? [])],
      routingMethod: q.routingMethod ?? 'attendant',
      presenceBasedRouting: q.presenceBasedRouting ?? true,
      allowOptOut: q.allowOptOut ?? true,
      conferenceMode: q.conferenceMode ?? true,
      agentAlertTimeS: q.agentAlertTimeS ?? 30,
      greeting: q.greeting ?? null,
      overflow: { threshold: q.overflow?.threshold ?? 50, transferTo: targetOf(q.overflow?.transferTo, accountOf) },
      timeout: { seconds: q.timeout?.seconds ?? 1200, transferTo: targetOf(q.timeout?.transferTo, accountOf) },
      callerIdResourceAccounts: [...(q.callerIdResourceAccounts ?? [])],
    }));
  },
  uses: (q) =>
    [...new Set([...q.resourceAccounts, ...q.callerIdResourceAccounts].map((u) => u.toLowerCase()))].map((upn) => ({
      kind: 'resourceAccount',
      name: upn,
    })),
  references: (q) => [
    ...q.resourceAccounts.map((upn, i) => ({ kind: 'resourceAccount', name: upn, path: `/resourceAccounts/${i}` })),
    ...(q.callerIdResourceAccounts ?? []).map((upn, i) => ({
      kind: 'resourceAccount',
      name: upn,
      path: `/callerIdResourceAccounts/${i}`,
    })),
  ],
  checkSpecEntry: checkQueue,
};
