import { codeLine } from './sip-codes.js';
import type { DirectRoutingCall, PstnCall } from '../model/call-records.js';

export type HealthStatus = 'ok' | 'warning' | 'critical' | 'unknown' | 'insufficient-data';

/** Worst first, for sorting and for rolling statuses up. */
export const STATUS_RANK: Record<HealthStatus, number> = {
  critical: 0,
  warning: 1,
  unknown: 2,
  'insufficient-data': 3,
  ok: 4,
};
export const worst = (statuses: HealthStatus[]): HealthStatus =>
  statuses.reduce<HealthStatus>((a, b) => (STATUS_RANK[b] < STATUS_RANK[a] ? b : a), 'ok');

export interface Thresholds {
  /** Undelivered share (1 − NER) at or above which a trunk is warning / critical. */
  failureWarning: number;
  failureCritical: number;
  /** Fewer calls than this and a rate means nothing: insufficient-data. */
  minCalls: number;
  certWarningDays: number;
  certCriticalDays: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  failureWarning: 0.1,
  failureCritical: 0.3,
  minCalls: 10,
  certWarningDays: 30,
  certCriticalDays: 7,
};

/** The running totals of one trunk; small and fixed-size (codes aside), so a window of any length streams through. */
export interface TrunkTotals {
  fqdn: string;
  calls: number;
  successful: number;
  /** Delivered in the NER sense (answered, busy, declined, unanswered by the person). */
  delivered: number;
  /** 487/540200 "completed elsewhere" (a forked call another device answered): in no rate. */
  completedElsewhere: number;
  /** Failed calls whose Microsoft subcode starts 560: the SBC answered with the failure (outbound). */
  sbcCausedFailures: number;
  /** Failed calls with a 540xxx subcode: SBC side on inbound calls (Microsoft's wording differs by page: marked as such). */
  sbcInboundFailures: number;
  /** Seconds of successful calls. */
  successfulSeconds: number;
  /** "sipCode/subCode" → count, failed calls only. */
  codes: Map<string, number>;
  /** Hour (ms since epoch / 3,600,000) → calls counted and delivered: the chart. */
  hours: Map<number, { calls: number; delivered: number }>;
  firstCall?: string;
  lastCall?: string;
}

const startsWith = (code: number, prefix: number) => Math.floor(code / 1000) === prefix;

/**
 * NER as the Teams admin center defines it (answered + user busy + ring no answer + terminal
 * reject, over all calls), approximated from Graph's codes: delivered when successful; 486/600
 * (busy), 603 (declined); 480/408 unless the SBC produced them (560xxx). 487 with 540200
 * (completed elsewhere) leaves the total. The mapping is Voiceform's reading of Microsoft's pages,
 * not Microsoft's own figure.
 */
export function classify(
  c: Pick<DirectRoutingCall, 'successfulCall' | 'finalSipCode' | 'callEndSubReason'>,
): 'delivered' | 'undelivered' | 'elsewhere' {
  if (c.finalSipCode === 487 && c.callEndSubReason === 540200) return 'elsewhere';
  if (c.successfulCall) return 'delivered';
  if ([486, 600, 603].includes(c.finalSipCode)) return 'delivered';
  if ((c.finalSipCode === 480 || c.finalSipCode === 408) && !startsWith(c.callEndSubReason, 560)) return 'delivered';
  return 'undelivered';
}

/** Streams calls into per-trunk totals. */
export class TrunkAggregator {
  readonly trunks = new Map<string, TrunkTotals>();

  add(calls: Iterable<DirectRoutingCall>): void {
    for (const c of calls) {
      const key = c.trunkFullyQualifiedDomainName.toLowerCase();
      let t = this.trunks.get(key);
      if (!t)
        this.trunks.set(
          key,
          (t = {
            fqdn: key,
            calls: 0,
            successful: 0,
            delivered: 0,
            completedElsewhere: 0,
            sbcCausedFailures: 0,
            sbcInboundFailures: 0,
            successfulSeconds: 0,
            codes: new Map(),
            hours: new Map(),
          }),
        );
      t.calls++;
      if (!t.firstCall || c.startDateTime < t.firstCall) t.firstCall = c.startDateTime;
      if (!t.lastCall || c.startDateTime > t.lastCall) t.lastCall = c.startDateTime;
      const kind = classify(c);
      if (kind === 'elsewhere') {
        t.completedElsewhere++;
        continue;
      }
      if (kind === 'delivered') t.delivered++;
      const hour = Math.floor(Date.parse(c.startDateTime) / 3_600_000);
      const h = t.hours.get(hour) ?? { calls: 0, delivered: 0 };
      h.calls++;
      if (kind === 'delivered') h.delivered++;
      t.hours.set(hour, h);
      if (c.successfulCall) {
        t.successful++;
        t.successfulSeconds += Math.max(0, c.duration);
        continue;
      }
      if (startsWith(c.callEndSubReason, 560)) t.sbcCausedFailures++;
      else if (startsWith(c.callEndSubReason, 540)) t.sbcInboundFailures++;
      const code = `${c.finalSipCode}/${c.callEndSubReason}`;
      t.codes.set(code, (t.codes.get(code) ?? 0) + 1);
    }
  }
}

export interface TrunkHealth {
  fqdn: string;
  calls: number;
  successful: number;
  /** Successful calls over the calls counted (completed-elsewhere left out); null below minCalls. */
  successRate: number | null;
  /** Undelivered share (1 − NER): what the thresholds judge. */
  failureRate: number | null;
  sbcCausedFailures: number;
  sbcInboundFailures: number;
  ner: number | null;
  avgDurationS: number | null;
  baselineAvgDurationS: number | null;
  status: HealthStatus;
  codes: { sipCode: number; subCode: number; count: number }[];
  /** Per hour with calls: the share delivered (NER), for the chart. */
  hourly: { hour: string; calls: number; ner: number }[];
  messages: string[];
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** A trunk's figures and status from its totals, the thresholds and its 28-day baseline of average duration. Pure. */
export function trunkHealth(t: TrunkTotals, thresholds: Thresholds, baselineAvgDurationS: number | null): TrunkHealth {
  const counted = t.calls - t.completedElsewhere;
  const enough = counted >= thresholds.minCalls;
  const ner = counted > 0 ? t.delivered / counted : null;
  const failureRate = ner === null ? null : 1 - ner;
  const avg = t.successful > 0 ? t.successfulSeconds / t.successful : null;
  const codes = [...t.codes]
    .map(([k, count]) => {
      const [sipCode, subCode] = k.split('/').map(Number) as [number, number];
      return { sipCode, subCode, count };
    })
    .sort((a, b) => b.count - a.count || a.sipCode - b.sipCode || a.subCode - b.subCode);
  const messages: string[] = [];
  let status: HealthStatus = 'ok';
  if (!enough) {
    status = 'insufficient-data';
    messages.push(`${counted} call(s): fewer than ${thresholds.minCalls}, too few for a rate`);
  } else {
    if (failureRate! >= thresholds.failureCritical) status = 'critical';
    else if (failureRate! >= thresholds.failureWarning) status = 'warning';
    if (status !== 'ok') {
      const top = codes
        .slice(0, 3)
        .map((c) => `${c.sipCode}/${c.subCode} ×${c.count}`)
        .join(', ');
      messages.push(
        `${pct(failureRate!)} of ${counted} calls not delivered (${t.sbcCausedFailures} answered with a failure by the SBC)${top ? `; most often ${top}` : ''}`,
      );
      // What each of those codes means and where to look next, one line each.
      for (const c of codes.slice(0, 3)) {
        const line = codeLine(c);
        if (line) messages.push(line);
      }
    }
    // Microsoft: a typical 1:1 PSTN call lasts 4-5 min; ~15 s suggests people hang up on bad calls.
    if (avg !== null && t.successful >= thresholds.minCalls) {
      if (baselineAvgDurationS !== null && avg < baselineAvgDurationS / 2) {
        status = worst([status, 'warning']);
        messages.push(
          `successful calls average ${avg.toFixed(0)} s against a 28-day baseline of ${baselineAvgDurationS.toFixed(0)} s: people may be hanging up on bad calls`,
        );
      } else if (avg < 20) {
        status = worst([status, 'warning']);
        messages.push(`successful calls average ${avg.toFixed(0)} s: people may be hanging up on bad calls`);
      }
    }
  }
  if (counted < 100 && enough) messages.push(`${counted} calls: below 100, the rate moves a lot with each call`);
  const round = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);
  return {
    fqdn: t.fqdn,
    calls: t.calls,
    successful: t.successful,
    successRate: enough ? round(t.successful / counted) : null,
    failureRate: enough ? round(failureRate) : null,
    sbcCausedFailures: t.sbcCausedFailures,
    sbcInboundFailures: t.sbcInboundFailures,
    ner: enough ? round(ner) : null,
    avgDurationS: avg === null ? null : Math.round(avg * 10) / 10,
    baselineAvgDurationS: baselineAvgDurationS === null ? null : Math.round(baselineAvgDurationS * 10) / 10,
    status,
    codes,
    hourly: [...t.hours]
      .sort((a, b) => a[0] - b[0])
      .map(([h, v]) => ({
        hour: new Date(h * 3_600_000).toISOString(),
        calls: v.calls,
        ner: round(v.delivered / v.calls)!,
      })),
    messages,
  };
}

/** Operator Connect and Calling Plan traffic per operator (dual-track operators see both tracks), streamed page by page. */
export async function operatorTotals(
  pages: AsyncIterable<PstnCall[]>,
): Promise<{ operator: string; calls: number; seconds: number }[]> {
  const by = new Map<string, { operator: string; calls: number; seconds: number }>();
  for await (const page of pages) {
    for (const c of page) {
      const o = by.get(c.operator) ?? { operator: c.operator, calls: 0, seconds: 0 };
      o.calls++;
      o.seconds += Math.max(0, c.duration);
      by.set(c.operator, o);
    }
  }
  return [...by.values()].sort((a, b) => b.calls - a.calls);
}
