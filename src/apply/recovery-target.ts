import type { VoiceObject } from '../backends/backend.js';
import { isUserKind, parseAddress, uniqueKey } from '../addr/address.js';
import { emptyVoiceState, listOf, type TenantVoiceState } from '../kinds/registry.js';
import type { JournalHeader, JournalRecord } from './journal.js';


/** What to restore and where: the objects as they should be, and the addresses in scope. */
export interface RecoveryTarget {
  voice: TenantVoiceState;
  scope: Set<string>;
  /** Users named in the scope (to read them from the tenant). */
  users: string[];
}

function targetFrom(values: [string, VoiceObject | null][]): RecoveryTarget {
  const voice = emptyVoiceState();
  const scope = new Set<string>();
  const users: string[] = [];
  for (const [address, value] of values) {
    const a = parseAddress(address);
    if (!a) continue;
    scope.add(uniqueKey(a));
    if (isUserKind(a.kind)) users.push(a.name);
    if (value) (listOf(voice, a.kind) as object[]).push(value);
  }
  return { voice, scope, users };
}

/**
 * Rollback target: the pre-image of every object a step was started for (its intent was
 * journalled, whether or not its outcome was: a step may have reached the tenant and the process
 * died before saying so). Pure.
 */
export function invertJournal(header: JournalHeader, records: JournalRecord[]): RecoveryTarget {
  const started = new Set(records.filter((r) => r.type === 'intent').map((r) => (r as { address: string }).address));
  return targetFrom(Object.entries(header.preImage).filter(([address]) => started.has(address)));
}

/** Resume target: every object of the plan as the plan wants it. Pure. */
export function resumeJournal(header: JournalHeader): RecoveryTarget {
  return targetFrom(header.plan.changes.map((c) => [c.address, c.after]));
}
