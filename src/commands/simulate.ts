import { SpecInvalid } from '../errors.js';
import type { IoHost } from '../io/io-host.js';
import { simulateCall, type CallSimulation } from '../simulate/simulate-call.js';
import { readSpec } from '../load/read-spec.js';

export interface SimulateOptions {
  site?: string;
  user?: string;
  dial: string;
  format: 'text' | 'json';
  templates?: string;
}

/** `voiceform simulate SPEC --site S|--user U --dial D`: the offline route finder. */
export async function simulateCommand(file: string, options: SimulateOptions, io: IoHost): Promise<number> {
  const { desired } = await readSpec(file, options.templates);
  let dialPlan: string | null | undefined;
  let policy: string | null | undefined;
  if (options.user) {
    const key = options.user.toLowerCase();
    if (!desired.userPaths.has(key)) throw new SpecInvalid(`no user ${options.user} in ${file}`, [], "give a UPN from the spec's users");
    const user = desired.voice.userPolicies.find((u) => u.upn.toLowerCase() === key);
    ({ dialPlan, voiceRoutingPolicy: policy } = user ?? { dialPlan: null, voiceRoutingPolicy: null });
  } else if (options.site) {
    const site = desired.sites.get(options.site.toLowerCase());
    if (!site) {
      const known = [...desired.sites.values()].map((s) => s.name).join(', ');
      throw new SpecInvalid(`no site ${options.site} in ${file}`, [], `sites: ${known || 'none'}`);
    }
    ({ dialPlan, voiceRoutingPolicy: policy } = site);
  } else {
    throw new SpecInvalid('simulate needs --site NAME or --user UPN');
  }
  const result = simulateCall(desired.voice, options.dial, dialPlan, policy);
  io.out(options.format === 'json' ? JSON.stringify(result, null, 2) : formatSimulation(result));
  return 0;
}

function formatSimulation(r: CallSimulation): string {
  const lines = [
    `Dialled:     ${r.dialed}`,
    `Dial plan:   ${r.dialPlan ?? '(none: Global)'}`,
    `Rule:        ${r.rule ? `${r.rule.name}  ${r.rule.pattern} → ${r.rule.translation}` : '(no rule matched; number used as dialled)'}`,
    `Normalized:  ${r.normalized}`,
    `Policy:      ${r.voiceRoutingPolicy ?? '(none)'}`,
  ];
  for (const u of r.usages) lines.push(`  usage ${u.usage}: ${u.matchedRoutes.length ? u.matchedRoutes.join(', ') : 'no matching route'}${u.usage === r.usage ? '  ← chosen' : ''}`);
  if (r.route) {
    lines.push(`Route:       ${r.route.name} (priority ${r.route.priority}, pattern ${r.route.numberPattern})`);
    lines.push(`Gateways:    ${r.gateways.join(', ')}`);
  } else lines.push(`Blocked:     ${r.blocked}`);
  return lines.join('\n');
}
