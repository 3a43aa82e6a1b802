import { sameName } from '../kinds/identity.js';
import type { TenantVoiceState } from '../kinds/registry.js';
import { plainMatch, type Matcher } from '../simulate/bounded-match.js';
import { simulateCall } from '../simulate/simulate-call.js';

/** Where one dialled emergency number goes from a caller's dial plan and policies. */
export type EmergencyDial =
  { ok: true; route: string; gateways: string[]; policy: string } | { ok: false; why: string; fix: string };

/**
 * How Teams places an emergency call over Direct Routing: the dialled string is normalized by the
 * caller's dial plan (Teams clients do not prepend '+'), then matched against the dial strings and
 * masks of the emergency call routing policy, whose PSTN usage's routes carry it (the lowest
 * priority first). Pure.
 */
export function dialEmergency(
  voice: TenantVoiceState,
  dialled: string,
  caller: { dialPlan: string | null; voiceRoutingPolicy: string | null; emergencyCallRoutingPolicy: string | null },
  match: Matcher = plainMatch,
): EmergencyDial {
  const sim = simulateCall(voice, dialled, caller.dialPlan, caller.voiceRoutingPolicy, match);
  if (sim.normalized !== dialled)
    return {
      ok: false,
      why: `dial plan ${sim.dialPlan}'s normalization rule ${sim.rule?.name} turns ${dialled} into ${sim.normalized}`,
      fix: `keep ${dialled} as dialled: exclude the emergency numbers from rule ${sim.rule?.name}'s pattern, or add a rule before it that translates ^(${dialled})$ to $1`,
    };
  const name = caller.emergencyCallRoutingPolicy;
  if (!name)
    return {
      ok: false,
      why: 'no emergency call routing policy',
      fix: 'grant an emergency call routing policy to the site (its template does) or the user',
    };
  const policy = voice.emergencyCallRoutingPolicies.find((p) => sameName(p.name, name));
  if (!policy) return { ok: false, why: `emergency call routing policy ${name} does not exist`, fix: `define ${name}` };
  const entry = policy.emergencyNumbers.find(
    (e) => e.dialString === dialled || e.dialMask.split(';').includes(dialled),
  );
  if (!entry)
    return {
      ok: false,
      why: `emergency call routing policy ${policy.name} has no dial string or mask ${dialled}`,
      fix: `add { "dialString": "${dialled}", "pstnUsage": … } to ${policy.name}'s emergencyNumbers`,
    };
  const routes = voice.voiceRoutes
    .filter(
      (r) =>
        r.pstnUsages.some((u) => sameName(u, entry.pstnUsage)) && match(new RegExp(r.numberPattern), entry.dialString),
    )
    .sort((a, b) => a.priority - b.priority);
  const route = routes.find((r) => r.gateways.length > 0);
  if (!route)
    return {
      ok: false,
      why: `no voice route of PSTN usage ${entry.pstnUsage} matches ${entry.dialString} (as dialled, without '+')`,
      fix: `give usage ${entry.pstnUsage} a route whose numberPattern matches ^${entry.dialString}$ through the site's gateways`,
    };
  return { ok: true, route: route.name, gateways: route.gateways, policy: policy.name };
}
