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
  callQueues: { agents: string[]; overflow: { transferTo: string }; timeout: { transferTo: string } }[];
  autoAttendants: {
    menu: { options: Record<string, string> };
    afterHours: { transferTo: string } | null;
    holidays: Record<string, { transferTo: string }>;
    operator: string | null;
  }[];
}): { upn: string; agent: boolean }[] {
  const users = (targets: (string | null | undefined)[]) =>
    targets.filter((t): t is string => typeof t === 'string' && t.startsWith('user:')).map((t) => t.slice(5));
  const out = new Map<string, { upn: string; agent: boolean }>();
  for (const q of voice.callQueues) {
    for (const upn of q.agents) out.set(identityKey(upn), { upn, agent: true });
    for (const upn of users([q.overflow.transferTo, q.timeout.transferTo]))
      if (!out.has(identityKey(upn))) out.set(identityKey(upn), { upn, agent: false });
  }
  for (const a of voice.autoAttendants) {
    const targets = [
      ...Object.values(a.menu.options),
      a.afterHours?.transferTo,
      ...Object.values(a.holidays).map((h) => h.transferTo),
      a.operator,
    ];
    for (const upn of users(targets)) if (!out.has(identityKey(upn))) out.set(identityKey(upn), { upn, agent: false });
  }
  return [...out.values()];
}
