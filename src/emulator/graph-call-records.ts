import { promises as fs } from 'node:fs';
import type { DirectRoutingCall, PstnCall, ServiceMessage } from '../model/call-records.js';
import { callsFileOf } from '../backends/sim/sim-calls.js';
import type { GraphResponse } from './graph-api.js';

const PAGE = 1000;
const NINETY_DAYS_MS = 90 * 86_400_000;

/**
 * A calls file parsed once and kept while it does not change (100,000 rows is ~60 MB of JSON;
 * every page of a window would otherwise parse all of it again), sorted by start time.
 */
class RowCache<T extends { startDateTime: string }> {
  private cached: { mtimeMs: number; size: number; rows: T[] } | undefined;
  constructor(private readonly file: string) {}
  async rows(): Promise<T[]> {
    const st = await fs.stat(this.file).catch(() => undefined);
    if (!st) return [];
    if (this.cached?.mtimeMs === st.mtimeMs && this.cached.size === st.size) return this.cached.rows;
    const rows = (await fs.readFile(this.file, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as T);
    rows.sort((a, b) => (a.startDateTime < b.startDateTime ? -1 : a.startDateTime > b.startDateTime ? 1 : 0));
    this.cached = { mtimeMs: st.mtimeMs, size: st.size, rows };
    return rows;
  }
}

export interface CallRecordsContext {
  tenantFile: string;
  baseUrl: string;
  readState(): Promise<{ serviceMessages?: ServiceMessage[] }>;
}

const graphError = (status: number, code: string, message: string): GraphResponse => ({
  status,
  body: { error: { code, message, innerError: { date: new Date().toISOString() } } },
});
/** Message Center's page size (serviceannouncement-list-messages: "returns 100 items per page"). */
const MESSAGE_PAGE = 100;

const FUNCTION = /^(getDirectRoutingCalls|getPstnCalls)\(fromDateTime=([^,]+),toDateTime=([^)]+)\)$/;

/**
 * Graph's call records and Message Center, as EMULATOR.md cites them: getDirectRoutingCalls and
 * getPstnCalls (function parameters in the path, rows by start time, `from` inclusive; `to`
 * exclusive for getDirectRoutingCalls and inclusive for getPstnCalls, whose page says so; 1,000
 * rows a page with `@odata.count` the page's size and `@odata.nextLink` by `$skip`, at most 90
 * days), and serviceAnnouncement/messages (100 a page, as Graph pages them, whatever `$top`
 * asks). Undefined when the path is not theirs.
 */
export function callRecordsHandler(): (
  method: string,
  pathAndQuery: string,
  ctx: CallRecordsContext,
) => Promise<GraphResponse | undefined> {
  const caches = new Map<string, RowCache<DirectRoutingCall | PstnCall>>();
  const cache = (file: string) => caches.get(file) ?? caches.set(file, new RowCache(file)).get(file)!;
  return async (method, pathAndQuery, ctx) => {
    const url = new URL(pathAndQuery.replace(/^\/?(v1\.0\/)?/, '/'), 'https://graph.invalid');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === 'admin' && parts[1] === 'serviceAnnouncement' && parts[2] === 'messages' && parts.length === 3) {
      if (method !== 'GET') return graphError(405, 'Request_BadRequest', 'Method not allowed.');
      const messages = (await ctx.readState()).serviceMessages ?? [];
      const skip = Number(url.searchParams.get('$skip') ?? 0);
      const more = skip + MESSAGE_PAGE < messages.length;
      const self = `${ctx.baseUrl}/v1.0/admin/serviceAnnouncement/messages`;
      return {
        status: 200,
        body: {
          '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#admin/serviceAnnouncement/messages`,
          value: messages.slice(skip, skip + MESSAGE_PAGE),
          ...(more ? { '@odata.nextLink': `${self}?$skip=${skip + MESSAGE_PAGE}` } : {}),
        },
      };
    }
    if (parts[0] !== 'communications' || parts[1] !== 'callRecords' || parts.length !== 3) return undefined;
    const m = FUNCTION.exec(parts[2]!);
    if (!m || method !== 'GET')
      return graphError(400, 'BadRequest', `Resource not found for the segment '${parts[2]}'.`);
    const [from, to] = [Date.parse(m[2]!), Date.parse(m[3]!)];
    if (Number.isNaN(from) || Number.isNaN(to))
      return graphError(400, 'BadRequest', 'fromDateTime and toDateTime must be dates (UTC).');
    if (to - from > NINETY_DAYS_MS)
      return graphError(
        400,
        'BadRequest',
        'The difference between fromDateTime and toDateTime cannot exceed a period of 90 days.',
      );
    const file = m[1] === 'getDirectRoutingCalls' ? callsFileOf(ctx.tenantFile) : `${ctx.tenantFile}.pstn-calls.jsonl`;
    const rows = await cache(file).rows();
    // Sorted by start: the window is one slice.
    const first = lowerBound(rows, from);
    const end = m[1] === 'getPstnCalls' ? lowerBound(rows, to + 1) : lowerBound(rows, to);
    const skip = Number(url.searchParams.get('$skip') ?? 0);
    const page = rows.slice(first + skip, Math.min(end, first + skip + PAGE));
    const more = first + skip + PAGE < end;
    const self = `${ctx.baseUrl}/v1.0/communications/callRecords/${parts[2]}`;
    const kind = m[1] === 'getDirectRoutingCalls' ? 'directRoutingLogRow' : 'pstnCallLogRow';
    return {
      status: 200,
      body: {
        '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#Collection(microsoft.graph.callRecords.${kind})`,
        '@odata.count': page.length,
        value: page,
        ...(more ? { '@odata.nextLink': `${self}?$skip=${skip + PAGE}` } : {}),
      },
    };
  };
}

function lowerBound(rows: { startDateTime: string }[], at: number): number {
  let [lo, hi] = [0, rows.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Date.parse(rows[mid]!.startDateTime) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
