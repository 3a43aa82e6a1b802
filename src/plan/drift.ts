import { identityKey } from '../kinds/identity.js';
import { Address } from '../addr/address.js';
import { isOrgDefault } from '../kinds/grants.js';
import { KINDS, kindDef, listOf, type TenantVoiceState } from '../kinds/registry.js';
import type { DesiredState } from '../model/desired-state.js';
import type { UserPolicy } from '../model/tenant-state.js';
import { ownedKeys } from './diff-tenant.js';
import { nameOf } from '../addr/address.js';
import { baseNumber, inRange, type NumberRange } from '../model/number-range.js';
import { GRANTS } from '../kinds/grants.js';

/** What the plan cannot change but the reviewer must see: it alters what the spec means. */
export interface Drift {
  address: string;
  reason: string;
}

/**
 * Drift beside the changes. Pure.
 * - Voiceform's own objects (marked) that left the spec while prune is off: they stay, and go on
 *   routing calls, though nobody asks for them any more.
 * - A route Voiceform does not manage in a PSTN usage that managed routes or policies use: Teams
 *   tries every route of a usage, so it changes where the managed policies' calls go.
 */
export function findDrift(desired: TenantVoiceState, current: TenantVoiceState, prune: boolean): Drift[] {
  const drift: Drift[] = [];
  const owned = ownedKeys(current);
  const wanted = new Set<string>();
  for (const { kind } of KINDS) for (const o of listOf(desired, kind)) wanted.add(Address.ofObject(kind, o).key);
  if (!prune) {
    for (const { kind } of KINDS) {
      for (const o of listOf(current, kind)) {
        const name = nameOf(kind, o);
        const key = Address.of(kind, name).key;
        if (owned.has(key) && !wanted.has(key) && !isOrgDefault(kind, name))
          drift.push({
            address: String(Address.of(kind, name)),
            reason: 'Voiceform created it and the spec no longer has it; prune is off, so it stays (and keeps working)',
          });
      }
    }
  }
  // Usages the spec's routes and policies route calls through.
  const managedUsages = new Set(
    [
      ...desired.voiceRoutes.flatMap((r) => r.pstnUsages),
      ...desired.voiceRoutingPolicies.flatMap((p) => p.pstnUsages),
    ].map((u) => identityKey(u)),
  );
  for (const route of current.voiceRoutes) {
    const key = Address.of('voiceRoute', route.name).key;
    if (owned.has(key) || wanted.has(key)) continue;
    const shared = route.pstnUsages.filter((u) => managedUsages.has(identityKey(u)));
    if (shared.length > 0)
      drift.push({
        address: String(Address.of('voiceRoute', route.name)),
        reason: `not managed by Voiceform, but in PSTN usage ${shared.map((u) => `"${u}"`).join(', ')} with the spec's routes: calls of the policies using it may leave through this route`,
      });
  }
  return drift;
}

/**
 * People the spec does not list who hold a number in one of its sites' ranges: someone removed
 * from the spec keeps their number and grants (Voiceform never touches what the spec does not
 * name), so the reviewer is told, and how to offboard them. `listed`: lower-cased UPNs of every
 * user in the spec (absent ones too). Pure.
 */
export function unlistedNumberHolders(
  ranges: readonly NumberRange[],
  assigned: readonly { phoneNumber: string; upn: string; holder?: 'application' }[],
  listed: ReadonlySet<string>,
): Drift[] {
  const drift: Drift[] = [];
  for (const a of assigned) {
    // A resource account's number (an auto attendant's main number) is not a person to offboard.
    if (a.holder === 'application' || listed.has(identityKey(a.upn))) continue;
    const range = ranges.find((r) => inRange(r, a.phoneNumber));
    if (!range) continue;
    drift.push({
      address: String(Address.of('userNumber', a.upn)),
      reason: `holds ${a.phoneNumber}, in site ${range.site}'s range (${range.path}), but the spec does not list this user: to offboard, list it with "absent": true (its number and Voiceform's grants are removed); else add it to the spec`,
    });
  }
  return drift.sort((x, y) => x.address.localeCompare(y.address));
}

/**
 * Policies assigned to the spec's users' numbers (Set-CsPhoneNumberPolicyAssignment, 2025) that
 * contradict the user's grant in the spec: for calls on that number Teams uses the number's
 * policy, so the spec's grant does not say what happens. Pure.
 */
export function numberPolicyDrift(
  desired: Pick<TenantVoiceState, 'userNumbers' | 'userPolicies'>,
  numberPolicies: readonly { phoneNumber: string; policyType: string; policyName: string }[] | undefined,
): Drift[] {
  if (!numberPolicies?.length) return [];
  const digits = (n: string) => baseNumber(n).replace(/\D/g, '');
  const byNumber = new Map<string, typeof numberPolicies>();
  for (const p of numberPolicies)
    byNumber.set(digits(p.phoneNumber), [...(byNumber.get(digits(p.phoneNumber)) ?? []), p]);
  const drift: Drift[] = [];
  for (const u of desired.userNumbers) {
    if (!u.phoneNumber) continue;
    const grants = desired.userPolicies.find((p) => identityKey(p.upn) === identityKey(u.upn)) as
      Record<string, unknown> | undefined;
    for (const p of byNumber.get(digits(u.phoneNumber)) ?? []) {
      const grant = GRANTS.find((g) => identityKey(g.policyType) === identityKey(p.policyType));
      if (!grant) continue;
      const wanted = (grants?.[grant.attribute] as string | null | undefined) ?? null;
      if (wanted !== null && identityKey(wanted) === identityKey(p.policyName)) continue;
      drift.push({
        address: String(Address.of('userPolicy', u.upn)),
        reason: `the number ${u.phoneNumber} carries its own ${p.policyType} "${p.policyName}" (Set-CsPhoneNumberPolicyAssignment), which overrides ${wanted ? `the spec's "${wanted}"` : "the user's Global policy"} for calls on that number`,
      });
    }
  }
  return drift;
}

/**
 * People the spec does not list who hold one of its policies (a user removed from the spec keeps
 * their grants: Voiceform never touches what the spec does not name). Pure.
 */
export function unlistedGrantHolders(
  desired: Pick<DesiredState, 'voice' | 'userPaths'>,
  holders: readonly UserPolicy[],
): Drift[] {
  const managed = new Map(
    GRANTS.map((g) => [
      g.attribute,
      new Set((listOf(desired.voice, g.policyKind) as object[]).map((o) => identityKey(nameOf(g.policyKind, o)))),
    ]),
  );
  const drift: Drift[] = [];
  for (const h of holders) {
    if (desired.userPaths.has(identityKey(h.upn))) continue;
    const held = GRANTS.flatMap((g) => {
      const name = (h as unknown as Record<string, string | null>)[g.attribute];
      return name && managed.get(g.attribute)!.has(identityKey(name))
        ? [`${kindDef(g.policyKind).label} "${name}"`]
        : [];
    });
    if (held.length === 0) continue;
    drift.push({
      address: String(Address.of('userPolicy', h.upn)),
      reason: `holds the spec's ${held.join(', ')}, but the spec does not list this user: to offboard, list it with "absent": true (its grants of the spec's policies are removed); else add it to the spec`,
    });
  }
  return drift.sort((x, y) => x.address.localeCompare(y.address));
}
