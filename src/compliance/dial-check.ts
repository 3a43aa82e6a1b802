import { sameName } from '../kinds/identity.js';
import type { TenantVoiceState } from '../kinds/registry.js';
import { plainMatch, type Matcher } from '../simulate/bounded-match.js';
import { simulateCall } from '../simulate/simulate-call.js';

/** Where one dialled emergency number goes from a caller's dial plan and policies. */
export type EmergencyDial =
  { ok: true; route: string; gateways: string[]; policy: string } | { ok: false; why: string; fix: string };

/**
 * How Teams places an emergency call over Direct Routing (the route finder's emergency path): the
 * dialled string must come out of the caller's dial plan as dialled (Teams clients do not prepend
 * '+'), be a dial string or mask of the emergency call routing policy, and a route of that policy's
 * usage must carry it. Pure.
 */
export function dialEmergency(
  voice: TenantVoiceState,
  dialled: string,
  caller: { dialPlan: string | null; voiceRoutingPolicy: string | null; emergencyCallRoutingPolicy: string | null },
  match: Matcher = plainMatch,
): EmergencyDial {
  const name = caller.emergencyCallRoutingPolicy;
  const sim = simulateCall(voice, dialled, caller.dialPlan, caller.voiceRoutingPolicy, match, name);
  if (sim.normalized !== dialled)
    return {
      ok: false,
      why: `dial plan ${sim.dialPlan}'s normalization rule ${sim.rule?.name} turns ${dialled} into ${sim.normalized}`,
      fix: `keep ${dialled} as dialled: exclude the emergency numbers from rule ${sim.rule?.name}'s pattern, or add a rule before it that translates ^(${dialled})$ to $1`,
    };
  if (!name)
    return {
      ok: false,
      why: 'no emergency call routing policy',
      fix: 'grant an emergency call routing policy to the site (its template does) or the user',
    };
  if (!voice.emergencyCallRoutingPolicies.some((p) => sameName(p.name, name)))
    return { ok: false, why: `emergency call routing policy ${name} does not exist`, fix: `define ${name}` };
  if (!sim.emergency)
    return {
      ok: false,
      why: `emergency call routing policy ${name} has no dial string or mask ${dialled}`,
      fix: `add { "dialString": "${dialled}", "pstnUsage": … } to ${name}'s emergencyNumbers`,
    };
  const usage = sim.usages[0]?.usage ?? '';
  if (!sim.route || sim.gateways.length === 0)
    return {
      ok: false,
      why: `no voice route of PSTN usage ${usage} matches ${sim.emergency.dialString} (as dialled, without '+')`,
      fix: `give usage ${usage} a route whose numberPattern matches ^${sim.emergency.dialString}$ through the site's gateways`,
    };
  return { ok: true, route: sim.route.name, gateways: sim.gateways, policy: sim.emergency.policy };
}
