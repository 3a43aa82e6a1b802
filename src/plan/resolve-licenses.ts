import { identityKey, sameName } from '../kinds/identity.js';
import type { Problem } from '../errors.js';
import type { DesiredState } from '../model/desired-state.js';
import type { CurrentState, UserLicense } from '../model/tenant-state.js';

/**
 * With `licensing.assign`: each spec user should hold the SKU (unless it is a Teams Phone SKU
 * and the user has Teams Phone through another licence), keeping every licence it already has, and have a usage location (its own if set, else its site's country). Seats are checked:
 * assigning more than the SKU has free is a preflight problem. Pure.
 */
export function resolveLicenses(
  desired: DesiredState,
  current: CurrentState,
): { userLicenses: UserLicense[]; problems: Problem[] } {
  const licensing = desired.licensing;
  if (!licensing) return { userLicenses: [], problems: [] };
  const sku = current.directory.skus.find((s) => sameName(s.skuPartNumber, licensing.sku));
  if (!sku) {
    const known = current.directory.skus.map((s) => s.skuPartNumber).join(', ') || 'none';
    return {
      userLicenses: [],
      problems: [
        {
          path: '/licensing/sku',
          rule: 'preflight.licence',
          message: `the tenant has no subscription ${licensing.sku} (it has: ${known})`,
        },
      ],
    };
  }
  // Teams Phone as the directory says it (an enabled MCOEV plan), not "holds a SKU that has one".
  const hasPhone = new Set(current.directory.users.filter((u) => u.hasTeamsPhone).map((u) => identityKey(u.upn)));
  const have = new Map(current.voice.userLicenses.map((l) => [identityKey(l.upn), l]));
  const exists = new Set(current.directory.users.filter((u) => u.exists).map((u) => identityKey(u.upn)));
  const problems: Problem[] = [];
  let needed = 0;
  const userLicenses: UserLicense[] = [];
  for (const u of desired.voice.userNumbers) {
    const key = identityKey(u.upn);
    if (!exists.has(key)) continue; // preflight names missing users
    const now = have.get(key);
    const held = now?.licenses ?? [];
    // A Teams Phone SKU is not added for a user who has Teams Phone through another licence (an E5 with MCOEV enabled).
    const covered = held.includes(sku.skuPartNumber) || (sku.teamsPhone && hasPhone.has(key));
    const licenses = covered ? [...held].sort() : [...held, sku.skuPartNumber].sort();
    if (!covered) needed++;
    const usageLocation = now?.usageLocation ?? desired.userCountries.get(key) ?? null;
    if (!usageLocation)
      problems.push({
        path: `${desired.userPaths.get(key) ?? ''}/site`,
        rule: 'preflight.usage-location',
        message: `${u.upn} has no usage location and no site to take one from`,
      });
    userLicenses.push({ upn: now?.upn ?? u.upn, usageLocation, licenses });
  }
  const free = sku.enabled - sku.consumed;
  if (needed > free)
    problems.push({
      path: '/licensing/sku',
      rule: 'preflight.seats',
      message: `${needed} user(s) need ${sku.skuPartNumber} but only ${free} seat(s) are free`,
    });
  return { userLicenses, problems };
}
