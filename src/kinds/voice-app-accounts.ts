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
