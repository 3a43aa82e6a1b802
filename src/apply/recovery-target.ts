import type { VoiceObject } from '../kinds/registry.js';
import { isUserKind, type Address } from '../addr/address.js';
import { emptyVoiceState, listOf, type TenantVoiceState } from '../kinds/registry.js';
import { startedKeys, type JournalHeader, type JournalRecord } from './journal.js';

/** What to restore and where: the objects as they should be, and the addresses in scope. */
export interface RecoveryTarget {
  voice: TenantVoiceState;
  scope: Set<string>;
  /** Users named in the scope (to read them from the tenant). */
  users: string[];
  /**
   * Per address in scope (`Address.key` form): the object before and after the journalled run's step.
   * An object found in a state that is neither (nor a mix of the two, a step cut short) was
   * changed by someone else and is left alone.
   */
  step: Map<string, { before: VoiceObject | null; after: VoiceObject | null }>;
}

/** `values`: [address, the target state, the step's before and after]. */
function targetFrom(
  values: [Address, VoiceObject | null, { before: VoiceObject | null; after: VoiceObject | null }][],
): RecoveryTarget {
  const voice = emptyVoiceState();
  const scope = new Set<string>();
  const users: string[] = [];
  const step = new Map<string, { before: VoiceObject | null; after: VoiceObject | null }>();
  for (const [a, value, ends] of values) {
    scope.add(a.key);
    step.set(a.key, ends);
    if (isUserKind(a.kind)) users.push(a.name);
    if (value) (listOf(voice, a.kind) as object[]).push(value);
  }
  return { voice, scope, users, step };
}

/**
 * Rollback target: the pre-image of every object a step was started for (its intent was
 * journalled, whether or not its outcome was: a step may have reached the tenant and the process
 * died before saying so). Pure.
 */
export function invertJournal(header: JournalHeader, records: JournalRecord[], damaged = false): RecoveryTarget {
  // A damaged line may have been an intent: then every step counts as started (safe, because only
  // objects still as the apply left them are restored).
  const started = damaged ? new Set(header.plan.changes.map((c) => c.address.key)) : startedKeys(records);
  // Restored only from what the apply wrote (an object still as it was needs nothing).
  return targetFrom(
    header.plan.changes
      .filter((c) => started.has(c.address.key))
      .map((c) => [c.address, header.preImage[String(c.address)] ?? null, c]),
  );
}

/** Resume target: every object of the plan as the plan wants it, from the state the plan found. Pure. */
export function resumeJournal(header: JournalHeader): RecoveryTarget {
  return targetFrom(header.plan.changes.map((c) => [c.address, c.after, c]));
}
