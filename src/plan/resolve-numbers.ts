import { identityKey } from '../kinds/identity.js';
import type { Problem } from '../errors.js';
import type { DesiredState } from '../model/desired-state.js';
import type { CurrentState, UserNumber } from '../model/tenant-state.js';
import type { ResourceAccountNumber } from '../kinds/resource-account-number.js';
import { inRange, type NumberRange } from '../model/number-range.js';

/**
 * Resolves `"auto"` numbers deterministically: a user (or resource account) who already holds a
 * number in the site's ranges keeps it; the others, users first and each in spec order, get the
 * lowest number that nobody holds and no other spec user or account asks for. Re-planning after an
 * apply therefore never reshuffles. Pure.
 */
export function resolveAutoNumbers(
  desired: DesiredState,
  current: CurrentState,
): { userNumbers: UserNumber[]; resourceAccountNumbers: ResourceAccountNumber[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const held = new Map<string, string>(); // number → holder (lower-case UPN)
  for (const a of current.directory.assignedNumbers) held.set(a.phoneNumber, identityKey(a.upn));
  const asked = [...desired.voice.userNumbers, ...desired.voice.resourceAccountNumbers];
  const wanted = new Set(asked.filter((u) => u.phoneNumber !== 'auto').map((u) => u.phoneNumber!));
  const currentNumber = new Map(
    [...current.voice.userNumbers, ...current.voice.resourceAccountNumbers].map((u) => [
      identityKey(u.upn),
      u.phoneNumber,
    ]),
  );
  const resolved = new Map<string, string>();

  for (const u of asked) {
    if (u.phoneNumber !== 'auto') continue;
    const key = identityKey(u.upn);
    const now = currentNumber.get(key);
    const ranges = desired.autoRanges.get(key) ?? [];
    if (now && ranges.some((r) => inRange(r, now)) && !wanted.has(now)) resolved.set(key, now);
  }
  const taken = (n: string): boolean => held.has(n) || wanted.has(n);
  const chosen = new Set(resolved.values());
  const cursors = new Map<NumberRange, bigint>();
  for (const u of asked) {
    const key = identityKey(u.upn);
    if (u.phoneNumber !== 'auto' || resolved.has(key)) continue;
    const number = lowestFree(desired.autoRanges.get(key) ?? [], cursors, (n) => taken(n) || chosen.has(n));
    if (!number) {
      problems.push({
        path: `${desired.userPaths.get(key) ?? '/resourceAccounts'}/phoneNumber`,
        rule: 'preflight.no-free-number',
        message: `no free number left in the site's ranges for ${u.upn}`,
      });
      continue;
    }
    chosen.add(number);
    resolved.set(key, number);
  }
  const settle = <T extends { upn: string; phoneNumber: string | null }>(list: T[]): T[] =>
    list
      .filter((u) => u.phoneNumber !== 'auto' || resolved.has(identityKey(u.upn)))
      .map((u) => (u.phoneNumber === 'auto' ? { ...u, phoneNumber: resolved.get(identityKey(u.upn))! } : u));
  return {
    userNumbers: settle(desired.voice.userNumbers),
    resourceAccountNumbers: settle(desired.voice.resourceAccountNumbers),
    problems,
  };
}

/** Lowest free number across ranges; each range's cursor only moves up (linear overall). */
function lowestFree(
  ranges: NumberRange[],
  cursors: Map<NumberRange, bigint>,
  isTaken: (n: string) => boolean,
): string | undefined {
  let best: bigint | undefined;
  let bestRange: NumberRange | undefined;
  for (const r of ranges) {
    let n = cursors.get(r) ?? r.from;
    while (n <= r.to && isTaken(`+${n}`)) n++;
    cursors.set(r, n);
    if (n <= r.to && (best === undefined || n < best)) {
      best = n;
      bestRange = r;
    }
  }
  if (best === undefined || !bestRange) return undefined;
  cursors.set(bestRange, best + 1n);
  return `+${best}`;
}
