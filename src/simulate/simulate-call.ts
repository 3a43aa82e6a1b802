import type { TenantVoiceState, VoiceRoute } from '../model/tenant-state.js';
import { plainMatch, type Matcher } from './bounded-match.js';

/** How Teams would route one dialled string for a given dial plan and voice routing policy. */
export interface CallSimulation {
  dialed: string;
  dialPlan: string | null;
  voiceRoutingPolicy: string | null;
  normalized: string;
  /** The normalization rule that matched, null when none did (the number is used as dialled). */
  rule: { name: string; pattern: string; translation: string } | null;
  /** The usage whose routes matched first, in the policy's order. */
  usage: string | null;
  route: { name: string; numberPattern: string; priority: number } | null;
  gateways: string[];
  /** Why the call cannot be placed, or null. */
  blocked: string | null;
  /** Each usage of the policy in order, with the routes that matched in it. */
  usages: { usage: string; matchedRoutes: string[] }[];
  /**
   * An emergency number of the caller's emergency call routing policy: the call goes by that
   * policy's usage, as the dial string (a dial mask translated), not by the voice routing policy.
   */
  emergency?: { policy: string; dialString: string };
}

const byName = <T extends { name: string }>(list: T[], name: string | null | undefined): T | undefined =>
  name ? list.find((x) => x.name.toLowerCase() === name.toLowerCase()) : undefined;

/**
 * Offline route finder (like TeamsFunctions' Find-TeamsUserVoiceRoute): normalize with the dial
 * plan's rules (first match wins), then walk the policy's usages in order; in the first usage with
 * a matching route, the route with the lowest priority wins. A dial string or mask of the caller's
 * emergency call routing policy is routed by that policy's usage instead. Pure.
 */
export function simulateCall(
  voice: TenantVoiceState,
  dialed: string,
  dialPlanName: string | null | undefined,
  policyName: string | null | undefined,
  match: Matcher = plainMatch,
  emergencyPolicyName?: string | null,
): CallSimulation {
  const dialPlan = byName(voice.dialPlans, dialPlanName);
  const policy = byName(voice.voiceRoutingPolicies, policyName);
  let normalized = dialed;
  let rule: CallSimulation['rule'] = null;
  for (const r of dialPlan?.normalizationRules ?? []) {
    const re = new RegExp(r.pattern);
    if (match(re, dialed)) {
      normalized = dialed.replace(re, r.translation);
      rule = { name: r.name, pattern: r.pattern, translation: r.translation };
      break;
    }
  }
  const result: CallSimulation = {
    dialed,
    dialPlan: dialPlan?.name ?? null,
    voiceRoutingPolicy: policy?.name ?? null,
    normalized,
    rule,
    usage: null,
    route: null,
    gateways: [],
    blocked: null,
    usages: [],
  };
  // Direct Routing: a dial string or mask of the emergency call routing policy goes by its usage.
  const emergencyPolicy = byName(voice.emergencyCallRoutingPolicies, emergencyPolicyName);
  const entry = emergencyPolicy?.emergencyNumbers.find(
    (n) => n.dialString === normalized || n.dialMask.split(';').includes(normalized),
  );
  if (emergencyPolicy && entry) {
    result.emergency = { policy: emergencyPolicy.name, dialString: entry.dialString };
    walkUsages(voice, [entry.pstnUsage], entry.dialString, match, result);
    if (!result.route) result.blocked = `no route of emergency usage ${entry.pstnUsage} matches ${entry.dialString}`;
    return result;
  }
  if (!policy) {
    result.blocked = policyName
      ? `voice routing policy ${policyName} does not exist`
      : 'no voice routing policy: Direct Routing calls have no route';
    return result;
  }
  walkUsages(voice, policy.pstnUsages, normalized, match, result);
  if (!result.route) result.blocked = `no route of policy ${policy.name} matches ${normalized}`;
  return result;
}

/** The usages in order: the routes of each that match, and the first usage's lowest-priority route. */
function walkUsages(
  voice: TenantVoiceState,
  usages: string[],
  number: string,
  match: Matcher,
  result: CallSimulation,
): void {
  for (const usage of usages) {
    const matched = voice.voiceRoutes
      .filter(
        (r) =>
          r.pstnUsages.some((u) => u.toLowerCase() === usage.toLowerCase()) &&
          match(new RegExp(r.numberPattern), number),
      )
      .sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name));
    result.usages.push({ usage, matchedRoutes: matched.map((r) => r.name) });
    const chosen: VoiceRoute | undefined = matched[0];
    if (chosen && !result.route) {
      result.usage = usage;
      result.route = { name: chosen.name, numberPattern: chosen.numberPattern, priority: chosen.priority };
      result.gateways = chosen.gateways;
    }
  }
}
