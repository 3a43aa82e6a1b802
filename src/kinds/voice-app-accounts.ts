import { attendantTargets, type AutoAttendant } from './auto-attendant.js';
import { queueTargets, type CallQueue } from './call-queue.js';
import type { CallTarget } from './call-target.js';
import { identityKey } from './identity.js';
import type { Spec } from './spec-document.js';

/**
 * The resource account a transfer to a spec's queue or attendant rings (its first one): Teams
 * transfers to a voice app through its resource account. Undefined for an app the spec lacks.
 */
export function voiceAppAccountOf(
  spec: Spec,
): (type: 'callQueue' | 'autoAttendant', name: string) => string | undefined {
  return (type, name) => {
    const apps = (type === 'callQueue' ? spec.callQueues : spec.autoAttendants) ?? [];
    return apps.find((a) => identityKey(a.name) === identityKey(name))?.resourceAccounts[0];
  };
}

/**
 * The people a voice app sends calls to: every queue's agents and every transfer to a user. They
 * are read with the spec's users (the plan checks they exist and can take calls).
 */
export function voiceAppPeople(voice: {
  callQueues: CallQueue[];
  autoAttendants: AutoAttendant[];
}): { upn: string; agent: boolean }[] {
  const users = (targets: CallTarget[]) =>
    targets.filter((t) => t.startsWith('user:')).map((t) => t.slice('user:'.length));
  const out = new Map<string, { upn: string; agent: boolean }>();
  for (const q of voice.callQueues) {
    for (const upn of q.agents) out.set(identityKey(upn), { upn, agent: true });
    for (const upn of users(queueTargets(q)))
      if (!out.has(identityKey(upn))) out.set(identityKey(upn), { upn, agent: false });
  }
  for (const a of voice.autoAttendants)
    for (const upn of users(attendantTargets(a)))
      if (!out.has(identityKey(upn))) out.set(identityKey(upn), { upn, agent: false });
  return [...out.values()];
}
