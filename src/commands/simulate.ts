import { SpecInvalid } from '../errors.js';
import type { IoHost } from '../io/io-host.js';
import { loadJsonFile } from '../io/json-file.js';
import { readSpec } from '../load/read-spec.js';
import type { DesiredState } from '../model/desired-state.js';
import { escapeHidden } from '../plan/display.js';
import { boundedMatch, type Matcher } from '../simulate/bounded-match.js';
import {
  checkExpectations,
  judge,
  judgeCall,
  type CallExpectationResult,
  type ExpectationResult,
} from '../simulate/expectations.js';
import { simulateCall, type CallSimulation } from '../simulate/simulate-call.js';
import { localClock } from '../simulate/local-clock.js';
import { walkMainNumber, type MainNumberWalk } from '../simulate/walk-main-number.js';

export interface SimulateOptions {
  site?: string;
  user?: string;
  dial?: string;
  /** A main number: walk the call through its resource account and voice apps. */
  call?: string;
  at?: string;
  keys?: string;
  expect?: string;
  format: 'text' | 'json';
  templates?: string;
}

/**
 * `voiceform simulate SPEC --site S|--user U --dial D`: the offline route finder; with `--expect
 * FILE`, every row of an expectations file in one run (exit 2 when any row fails).
 */
export async function simulateCommand(file: string, options: SimulateOptions, io: IoHost): Promise<number> {
  const { desired } = await readSpec(file, options.templates);
  const match = boundedMatch();
  if (options.expect) return simulateExpectations(file, options.expect, desired, match, options.format, io);
  if (options.call) {
    const walk = mainNumberCall(desired, file, options.call, options.at, options.keys ?? '');
    io.out(options.format === 'json' ? JSON.stringify(walk, null, 2) : formatWalk(walk));
    return 0;
  }
  if (!options.dial) throw new SpecInvalid('simulate needs --dial STRING, --call NUMBER or --expect FILE');
  const caller = callerOf(desired, file, options);
  const result = simulateCall(desired.voice, options.dial, caller.dialPlan, caller.policy, match, caller.emergency);
  io.out(options.format === 'json' ? JSON.stringify(result, null, 2) : formatSimulation(result));
  return 0;
}

/** A call to a main number of the spec, at `at` (default: now), pressing `keys`. */
function mainNumberCall(
  desired: DesiredState,
  file: string,
  call: string,
  at: string | undefined,
  keys: string,
): MainNumberWalk {
  const clock = localClock(at, new Date());
  if (!clock)
    throw new SpecInvalid(
      `--at ${at}: not a time`,
      [],
      "give YYYY-MM-DDTHH:MM (the attendant's own clock) or an instant with an offset (2027-01-01T15:00Z)",
    );
  if (!/^[0-9*#]*$/.test(keys)) throw new SpecInvalid(`--keys ${keys}: keys are 0-9, * and #`);
  const walk = walkMainNumber(desired.voice, call, clock, keys);
  if (!walk) {
    const known = desired.voice.resourceAccountNumbers.map((n) => n.phoneNumber).join(', ');
    throw new SpecInvalid(
      `${call} is not a resource account's number in ${file}`,
      [],
      `main numbers: ${known || 'none'}`,
    );
  }
  return walk;
}

function formatWalk(walk: MainNumberWalk): string {
  const lines = walk.steps.map((s) => `  ${s.step.padEnd(15)} ${escapeHidden(s.name)}: ${escapeHidden(s.detail)}`);
  return [`Call to ${walk.number}:`, ...lines, `Lands on: ${escapeHidden(walk.landsOn)}`].join('\n');
}

/** The dial plan and voice routing policy a site's defaults or a user's grants give. */
function callerOf(
  desired: DesiredState,
  file: string,
  who: { site?: string; user?: string },
): { dialPlan: string | null | undefined; policy: string | null | undefined; emergency: string | null | undefined } {
  if (who.user) {
    const key = who.user.toLowerCase();
    if (!desired.userPaths.has(key))
      throw new SpecInvalid(`no user ${who.user} in ${file}`, [], "give a UPN from the spec's users");
    const user = desired.voice.userPolicies.find((u) => u.upn.toLowerCase() === key);
    return {
      dialPlan: user?.dialPlan ?? null,
      policy: user?.voiceRoutingPolicy ?? null,
      emergency: user?.emergencyCallRoutingPolicy ?? null,
    };
  }
  if (who.site) {
    const site = desired.sites.get(who.site.toLowerCase());
    if (!site) {
      const known = [...desired.sites.values()].map((s) => s.name).join(', ');
      throw new SpecInvalid(`no site ${who.site} in ${file}`, [], `sites: ${known || 'none'}`);
    }
    return { dialPlan: site.dialPlan, policy: site.voiceRoutingPolicy, emergency: site.emergencyCallRoutingPolicy };
  }
  throw new SpecInvalid('simulate needs --site NAME or --user UPN');
}

async function simulateExpectations(
  specFile: string,
  expectFile: string,
  desired: DesiredState,
  match: Matcher,
  format: 'text' | 'json',
  io: IoHost,
): Promise<number> {
  const { rows, problems } = checkExpectations(await loadJsonFile(expectFile, 'expectations file'));
  if (problems.length > 0)
    throw new SpecInvalid(
      `${expectFile}: ${problems.length} problem(s) in the expectations`,
      problems.map((p) => ({ ...p, file: expectFile })),
    );
  const results = rows.map((row, i) => {
    try {
      if ('call' in row)
        return judgeCall(row, mainNumberCall(desired, specFile, row.call, row.at, row.keys ?? '').landsOn);
      const caller = callerOf(desired, specFile, row);
      return judge(row, simulateCall(desired.voice, row.dial, caller.dialPlan, caller.policy, match, caller.emergency));
    } catch (err) {
      if (err instanceof SpecInvalid)
        throw new SpecInvalid(
          `${expectFile}: row ${i}: ${err.message}`,
          [{ path: `/${i}`, rule: 'expect.caller', message: err.message, file: expectFile }],
          err.hint,
        );
      throw err;
    }
  });
  const failed = results.filter((r) => !r.ok).length;
  if (format === 'json') io.out(JSON.stringify({ passed: results.length - failed, failed, results }, null, 2));
  else io.out(formatResults(results));
  return failed > 0 ? 2 : 0;
}

function formatResults(results: (ExpectationResult | CallExpectationResult)[]): string {
  const show = (s: string | null) => escapeHidden(s ?? '(none)');
  const lines = results.map((r) => {
    if ('call' in r)
      return `${r.ok ? 'ok  ' : 'FAIL'}  call ${show(r.call)}${r.at ? ` at ${show(r.at)}` : ''}${r.keys ? ` keys ${show(r.keys)}` : ''}  → ${show(r.actual.landsOn)}${r.ok ? '' : `  (${r.mismatches.join('; ')})`}`;
    const who = r.user ? `user ${r.user}` : `site ${r.site}`;
    const outcome = r.actual.route
      ? `→ ${show(r.actual.normalized)} via ${show(r.actual.route)}`
      : `→ ${show(r.actual.normalized)} blocked`;
    return `${r.ok ? 'ok  ' : 'FAIL'}  ${who}  dials ${show(r.dial)}  ${outcome}${r.ok ? '' : `  (${r.mismatches.join('; ')})`}`;
  });
  const failed = results.filter((r) => !r.ok).length;
  lines.push('', `${results.length - failed} passed, ${failed} failed.`);
  return lines.join('\n');
}

function formatSimulation(r: CallSimulation): string {
  const lines = [
    `Dialled:     ${escapeHidden(r.dialed)}`,
    `Dial plan:   ${r.dialPlan ?? '(none: Global)'}`,
    `Rule:        ${r.rule ? `${r.rule.name}  ${r.rule.pattern} → ${r.rule.translation}` : '(no rule matched; number used as dialled)'}`,
    `Normalized:  ${escapeHidden(r.normalized)}`,
    `Policy:      ${r.voiceRoutingPolicy ?? '(none)'}`,
    ...(r.emergency
      ? [`Emergency:   ${r.emergency.dialString} by emergency call routing policy ${r.emergency.policy}`]
      : []),
  ];
  for (const u of r.usages)
    lines.push(
      `  usage ${u.usage}: ${u.matchedRoutes.length ? u.matchedRoutes.join(', ') : 'no matching route'}${u.usage === r.usage ? '  ← chosen' : ''}`,
    );
  if (r.route) {
    lines.push(`Route:       ${r.route.name} (priority ${r.route.priority}, pattern ${r.route.numberPattern})`);
    lines.push(`Gateways:    ${r.gateways.join(', ')}`);
  } else lines.push(`Blocked:     ${r.blocked}`);
  return lines.join('\n');
}
