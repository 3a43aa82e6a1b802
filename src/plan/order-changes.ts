import { identityKey } from '../kinds/identity.js';
import { kindRank } from '../addr/address.js';
import { KINDS, kindDef } from '../kinds/registry.js';
import type { Change } from './plan-types.js';

/**
 * Dependency order: creates, updates and replaces first, kind by kind from the referenced to the
 * referencing (translation rules → gateways → usages → routes → policies → dial plans → user
 * numbers → user grants); then deletions in reverse, so nothing is removed while referenced and
 * nothing references what does not exist yet. Within a kind, by name (deterministic). Pure.
 */
export function orderChanges(changes: Change[]): Change[] {
  const byName = (a: Change, b: Change): number =>
    identityKey(a.name) < identityKey(b.name) ? -1 : identityKey(a.name) > identityKey(b.name) ? 1 : 0;
  // A number taken away (a user's, a resource account's) goes before any number is given: a
  // leaver's number may be handed on, the receptionist's may become the main number.
  const released = (c: Change) => kindDef(c.kind).releasedFirst === true && c.action === 'delete';
  const upserts = changes
    .filter((c) => c.action !== 'delete')
    .sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || byName(a, b));
  const deletes = changes
    .filter((c) => c.action === 'delete' && !released(c))
    .sort((a, b) => kindRank(b.kind) - kindRank(a.kind) || byName(a, b));
  const firstRank = Math.min(...KINDS.filter((k) => k.releasedFirst).map((k) => kindRank(k.kind)));
  const firstNumber = upserts.findIndex((c) => kindRank(c.kind) >= firstRank);
  const at = firstNumber < 0 ? upserts.length : firstNumber;
  const releases = changes.filter(released).sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || byName(a, b));
  return [...upserts.slice(0, at), ...releases, ...upserts.slice(at), ...deletes];
}
