import { SpecInvalid } from '../errors.js';
import type { HealthSpec } from '../kinds/spec-document.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from './call-stats.js';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * The longest window of call records one health run reads: Graph's getDirectRoutingCalls takes a
 * range of at most 90 days (CLI for Microsoft 365's report-directroutingcalls page; the reference's
 * fleet-and-health.md §2.3), so a longer one would fail at Microsoft, not here.
 */
export const MAX_CALL_WINDOW_MS = 90 * 86_400_000;

/** `30m`, `24h`, `7d` → milliseconds; `what` names the option in the error; `maxMs` caps it. Pure. */
export function parseDuration(text: string, what: string, maxMs = Infinity): number {
  const m = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  if (!m || Number(m[1]) <= 0)
    throw new SpecInvalid(`${what} must be a duration like 30m, 24h or 7d, got ${JSON.stringify(text)}`);
  const ms = Number(m[1]) * UNITS[m[2]!]!;
  if (ms > maxMs)
    throw new SpecInvalid(
      `${what} ${text} is longer than ${maxMs / 86_400_000}d, the longest window of call records Microsoft Graph returns at once`,
    );
  return ms;
}

/** `--resolve FQDN=ADDRESS:PORT` (repeatable) → where each FQDN is probed. Pure. */
export function parseResolve(entries: string[]): Map<string, { host: string; port: number }> {
  const out = new Map<string, { host: string; port: number }>();
  for (const e of entries) {
    const m = /^([^=\s]+)=(\[[^\]]+\]|[^:\s]+):(\d{1,5})$/.exec(e);
    if (!m || Number(m[3]) < 1 || Number(m[3]) > 65535)
      throw new SpecInvalid(`--resolve must be FQDN=ADDRESS:PORT, got ${JSON.stringify(e)}`);
    out.set(m[1]!.toLowerCase(), { host: m[2]!.replace(/^\[|\]$/g, ''), port: Number(m[3]) });
  }
  return out;
}

/** The spec's `health` thresholds over the defaults; a warning above its critical is refused by path. Pure. */
export function thresholdsOf(spec: HealthSpec | undefined, file: string): Thresholds {
  const t: Thresholds = {
    failureWarning: spec?.failureRateWarning ?? DEFAULT_THRESHOLDS.failureWarning,
    failureCritical: spec?.failureRateCritical ?? DEFAULT_THRESHOLDS.failureCritical,
    minCalls: spec?.minCalls ?? DEFAULT_THRESHOLDS.minCalls,
    certWarningDays: spec?.certificateWarningDays ?? DEFAULT_THRESHOLDS.certWarningDays,
    certCriticalDays: spec?.certificateCriticalDays ?? DEFAULT_THRESHOLDS.certCriticalDays,
  };
  const problems = [];
  if (t.failureWarning > t.failureCritical)
    problems.push({
      file,
      path: '/health/failureRateWarning',
      rule: 'health.order',
      message: `the warning rate (${t.failureWarning}) is above the critical one (${t.failureCritical})`,
    });
  if (t.certWarningDays < t.certCriticalDays)
    problems.push({
      file,
      path: '/health/certificateWarningDays',
      rule: 'health.order',
      message: `the warning (${t.certWarningDays} days) comes after the critical (${t.certCriticalDays} days)`,
    });
  if (problems.length > 0) throw new SpecInvalid(`${file}: ${problems.length} problem(s) in the spec`, problems);
  return t;
}
