import { identityKey } from '../../kinds/identity.js';
import { GRANTS } from '../../kinds/grants.js';
import type { Change } from '../../plan/plan-types.js';
import type { BatchOutcome } from '../backend.js';
import { classifyPwshError } from './classify-error.js';
import type { PwshCall, PwshResult } from './pwsh-session.js';

/** Teams takes at most 5,000 users per batch policy assignment. */
export const MAX_BATCH_USERS = 5000;

type Run = (calls: PwshCall[]) => Promise<PwshResult[]>;

interface Grant {
  policyType: (typeof GRANTS)[number]['policyType'];
  policyName: string | null;
  identities: string[];
  changeIndexes: number[];
}

/** Groups the grants of many userPolicy changes by (policy type of kinds/grants.ts, policy name), ≤ 5,000 users each. Pure. */
export function groupGrants(changes: Change[], idOf: (upn: string) => string): Grant[] {
  const groups = new Map<string, Grant>();
  changes.forEach((c, index) => {
    if (c.kind !== 'userPolicy') return;
    const wants = GRANTS.map(
      (g) => [g.policyType, c.after?.[g.attribute] ?? null, c.before?.[g.attribute] ?? null] as const,
    );
    for (const [policyType, want, had] of wants) {
      if (want === had) continue;
      let key = `${policyType}\u0000${want ?? ''}\u0000`;
      let n = 0;
      while ((groups.get(`${key}${n}`)?.identities.length ?? 0) >= MAX_BATCH_USERS) n++;
      key = `${key}${n}`;
      const g = groups.get(key) ?? { policyType, policyName: want, identities: [], changeIndexes: [] };
      g.identities.push(idOf(c.name));
      g.changeIndexes.push(index);
      groups.set(key, g);
    }
  });
  return [...groups.values()];
}

/**
 * Operations in flight at once: Microsoft asks callers to "submit a few batches at a time"
 * (New-CsBatchPolicyAssignmentOperation.md); more wait for one to complete.
 */
export const MAX_BATCHES_IN_FLIGHT = 3;

/** The operation is done: the module reports `Completed` (the docs also show `Complete`). */
const finished = (status: unknown): boolean => /^complete(d)?$/i.test(String(status ?? ''));

/**
 * Grants for many users through New-CsBatchPolicyAssignmentOperation (one per policy, ≤ 5,000
 * users, at most MAX_BATCHES_IN_FLIGHT at once), polled with Get-CsBatchPolicyAssignmentOperation
 * until complete; per-user failures become that change's failure. Users are named by object id:
 * a UPN that differs from the SIP address is a documented per-user failure, so a user whose id is
 * unknown fails here instead of being sent by UPN.
 */
export async function writeGrantsInBatches(
  changes: Change[],
  run: Run,
  idOf: (upn: string) => string | undefined,
  pollDelaysMs = [1500, 2000, 5000, 10000, 30000],
): Promise<BatchOutcome[]> {
  const outcomes: BatchOutcome[] = changes.map(() => ({ status: 'done' }));
  const unknown = new Set(changes.filter((c) => idOf(c.name) === undefined).map((c) => identityKey(c.name)));
  changes.forEach((c, ix) => {
    if (unknown.has(identityKey(c.name)))
      outcomes[ix] = {
        status: 'failed',
        error: classifyPwshError(`no object id known for ${c.name}: the user was not found in the tenant`),
      };
  });
  const known = changes
    .map((change, index) => ({ change, index }))
    .filter(({ change }) => !unknown.has(identityKey(change.name)));
  // groupGrants numbers the known changes; map back to indexes into `changes`.
  const queue = groupGrants(
    known.map((k) => k.change),
    (upn) => idOf(upn)!,
  ).map((g) => ({ ...g, changeIndexes: g.changeIndexes.map((k) => known[k]!.index) }));
  // Each operation in flight and how often it was polled: the wait before a poll follows the youngest one.
  const pending = new Map<string, Grant & { polls: number }>();
  for (let attempt = 0; queue.length > 0 || pending.size > 0; attempt++) {
    const submit = queue.splice(0, MAX_BATCHES_IN_FLIGHT - pending.size);
    const created = await run(
      submit.map((g) => ({
        cmdlet: 'New-CsBatchPolicyAssignmentOperation',
        params: {
          PolicyType: g.policyType,
          PolicyName: g.policyName,
          Identity: g.identities,
          OperationName: `voiceform ${g.policyType} ${g.policyName ?? '(unassign)'}`,
        },
      })),
    );
    created.forEach((r, i) => {
      const g = submit[i]!;
      if (!r.ok)
        for (const ix of g.changeIndexes)
          outcomes[ix] = { status: 'failed', error: classifyPwshError(r.error ?? 'batch not created') };
      else {
        const id = operationIdOf(r.output?.[0]);
        // No id: nothing to poll (polling "undefined" would fail for hours before giving up).
        if (!id)
          for (const ix of g.changeIndexes)
            outcomes[ix] = {
              status: 'failed',
              error: classifyPwshError('New-CsBatchPolicyAssignmentOperation returned no operation id'),
            };
        else pending.set(id, { ...g, polls: 0 });
      }
    });
    if (pending.size === 0) continue;
    const youngest = Math.min(...[...pending.values()].map((g) => g.polls));
    await new Promise((r) => setTimeout(r, pollDelaysMs[Math.min(youngest, pollDelaysMs.length - 1)]));
    for (const g of pending.values()) g.polls++;
    const ids = [...pending.keys()];
    const polled = await run(
      ids.map((id) => ({ cmdlet: 'Get-CsBatchPolicyAssignmentOperation', params: { Identity: id } })),
    );
    polled.forEach((r, i) => {
      const op = r.output?.[0] as { OverallStatus?: string; UserState?: { Id: string; Result: string }[] } | undefined;
      if (!r.ok || !finished(op?.OverallStatus)) return;
      const g = pending.get(ids[i]!)!;
      pending.delete(ids[i]!);
      const resultOf = new Map((op!.UserState ?? []).map((u) => [identityKey(u.Id), u.Result]));
      g.identities.forEach((id, k) => {
        const result = resultOf.get(identityKey(id));
        if (result !== 'Success')
          outcomes[g.changeIndexes[k]!] = {
            status: 'failed',
            error: classifyPwshError(
              `${g.policyType} for ${changes[g.changeIndexes[k]!]!.name}: ${result ?? 'no result'}`,
            ),
          };
      });
    });
    if (attempt > 400) throw classifyPwshError('batch policy assignment did not complete in time');
  }
  return outcomes;
}

/**
 * The operation id New-CsBatchPolicyAssignmentOperation returns: the page's OUTPUTS name an
 * `OperationId`, the module declares `[OutputType([System.String])]`; either is taken. Pure.
 */
export function operationIdOf(output: unknown): string | undefined {
  const id =
    typeof output === 'string' ? output : (output as { OperationId?: unknown } | null | undefined)?.OperationId;
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : undefined;
}
