import type { Problem } from '../errors.js';
import type { CallSimulation } from './simulate-call.js';

/**
 * One row of a `simulate --expect` file: who dials (a site's defaults or a user's grants), what,
 * and what should happen. Fields left out are not checked.
 */
export interface Expectation {
  site?: string;
  user?: string;
  dial: string;
  normalized?: string;
  route?: string | null;
  blocked?: boolean;
}

export interface ExpectationResult extends Expectation {
  actual: {
    normalized: string;
    rule: string | null;
    usage: string | null;
    route: string | null;
    gateways: string[];
    blocked: string | null;
  };
  ok: boolean;
  /** What differs, in words (empty when ok). */
  mismatches: string[];
}

/** A row that calls a main number: when (`at`), which keys, and where the call should land. */
export interface CallExpectation {
  call: string;
  at?: string;
  keys?: string;
  /** `callQueue:Sales`, `user:…`, `pstn:…`, `voicemail:…`, `disconnect`, `menu`. */
  lands?: string;
}

export interface CallExpectationResult extends CallExpectation {
  actual: { landsOn: string };
  ok: boolean;
  mismatches: string[];
}

const FIELDS = new Set(['site', 'user', 'dial', 'normalized', 'route', 'blocked']);
const CALL_FIELDS = new Set(['call', 'at', 'keys', 'lands']);

function checkCallRow(r: Record<string, unknown>, at: string): Problem[] {
  const problems: Problem[] = [];
  for (const k of Object.keys(r))
    if (!CALL_FIELDS.has(k))
      problems.push({
        path: `${at}/${k}`,
        rule: 'expect.field',
        message: `unknown field ${JSON.stringify(k)} in a call row (allowed: ${[...CALL_FIELDS].join(', ')})`,
      });
  for (const k of ['call', 'at', 'lands'] as const)
    if (r[k] !== undefined && (typeof r[k] !== 'string' || r[k] === ''))
      problems.push({ path: `${at}/${k}`, rule: 'expect.type', message: `${k} must be a non-empty string` });
  if (r.keys !== undefined && (typeof r.keys !== 'string' || !/^[0-9*#]*$/.test(r.keys)))
    problems.push({ path: `${at}/keys`, rule: 'expect.type', message: 'keys are a string of 0-9, * and #' });
  return problems;
}

/** Compares where a call to a main number landed with the row. Pure. */
export function judgeCall(row: CallExpectation, landsOn: string): CallExpectationResult {
  const ok = row.lands === undefined || row.lands.toLowerCase() === landsOn.toLowerCase();
  return { ...row, actual: { landsOn }, ok, mismatches: ok ? [] : [`lands on ${landsOn}, expected ${row.lands}`] };
}

/** Checks a parsed expectations document; every problem names its JSON Pointer. Pure. */
export function checkExpectations(doc: unknown): { rows: (Expectation | CallExpectation)[]; problems: Problem[] } {
  if (!Array.isArray(doc))
    return {
      rows: [],
      problems: [{ path: '', rule: 'expect.array', message: 'an expectations file is a JSON array of rows' }],
    };
  // An empty file checks nothing: passing it would say a dial plan was proven when nothing was.
  if (doc.length === 0)
    return { rows: [], problems: [{ path: '', rule: 'expect.empty', message: 'the expectations file has no rows' }] };
  const problems: Problem[] = [];
  doc.forEach((row: unknown, i) => {
    const at = `/${i}`;
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      problems.push({
        path: at,
        rule: 'expect.row',
        message: 'a row is an object { site|user, dial, normalized?, route?, blocked? }',
      });
      return;
    }
    const r = row as Record<string, unknown>;
    if ('call' in r) {
      problems.push(...checkCallRow(r, at));
      return;
    }
    for (const k of Object.keys(r))
      if (!FIELDS.has(k))
        problems.push({
          path: `${at}/${k}`,
          rule: 'expect.field',
          message: `unknown field ${JSON.stringify(k)} (allowed: ${[...FIELDS].join(', ')})`,
        });
    if (typeof r.dial !== 'string' || r.dial === '' || r.dial.length > 64)
      problems.push({
        path: `${at}/dial`,
        rule: 'expect.dial',
        message: 'dial must be what the user dials: a string of 1 to 64 characters',
      });
    if ((r.site === undefined) === (r.user === undefined))
      problems.push({ path: at, rule: 'expect.caller', message: 'give exactly one of site or user' });
    for (const k of ['site', 'user', 'normalized'] as const)
      if (r[k] !== undefined && typeof r[k] !== 'string')
        problems.push({ path: `${at}/${k}`, rule: 'expect.type', message: `${k} must be a string` });
    if (r.route !== undefined && r.route !== null && typeof r.route !== 'string')
      problems.push({
        path: `${at}/route`,
        rule: 'expect.type',
        message: 'route must be a route name, or null for none',
      });
    if (r.blocked !== undefined && typeof r.blocked !== 'boolean')
      problems.push({ path: `${at}/blocked`, rule: 'expect.type', message: 'blocked must be true or false' });
  });
  return { rows: problems.length ? [] : (doc as (Expectation | CallExpectation)[]), problems };
}

/** Compares what `simulate` found with what the row expects. Pure. */
export function judge(row: Expectation, sim: CallSimulation): ExpectationResult {
  const actual = {
    normalized: sim.normalized,
    rule: sim.rule?.name ?? null,
    usage: sim.usage,
    route: sim.route?.name ?? null,
    gateways: sim.gateways,
    blocked: sim.blocked,
  };
  const mismatches: string[] = [];
  if (row.normalized !== undefined && row.normalized !== actual.normalized)
    mismatches.push(`normalized to ${actual.normalized}, expected ${row.normalized}`);
  if (row.route !== undefined && (row.route ?? '').toLowerCase() !== (actual.route ?? '').toLowerCase())
    mismatches.push(`route ${actual.route ?? '(none)'}, expected ${row.route ?? '(none)'}`);
  if (row.blocked !== undefined && row.blocked !== (actual.blocked !== null))
    mismatches.push(actual.blocked ? `blocked (${actual.blocked}), expected to connect` : 'connects, expected blocked');
  return { ...row, actual, ok: mismatches.length === 0, mismatches };
}
