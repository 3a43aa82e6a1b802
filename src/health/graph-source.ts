import { CALL_RECORD_APIS, type CloudName } from '../backends/graph/clouds.js';
import type { GraphClient } from '../backends/graph/graph-client.js';
import { BackendError } from '../errors.js';
import {
  ApiUnavailable,
  type DirectRoutingCall,
  type HealthSource,
  type PstnCall,
  type ServiceMessage,
} from '../model/call-records.js';

interface Page<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

/** Graph's function parameters are dates in the path (fromDateTime=…,toDateTime=…), UTC. */
const fn = (name: string, from: Date, to: Date) =>
  `/communications/callRecords/${name}(fromDateTime=${from.toISOString()},toDateTime=${to.toISOString()})`;

/**
 * Health's data from Microsoft Graph (application permission CallRecords.Read.All or
 * CallRecord-PstnCalls.Read.All; ServiceMessage.Read.All for Message Center). Pages of 1,000 rows
 * follow `@odata.nextLink` one at a time, so a month of calls never sits in memory. Graph keeps
 * windows to 90 days: longer ones are asked in 90-day parts.
 */
export function graphHealthSource(client: GraphClient, description: string, cloud: CloudName = 'global'): HealthSource {
  async function* pages<T>(
    name: 'getDirectRoutingCalls' | 'getPstnCalls',
    from: Date,
    to: Date,
    toInclusive: boolean,
  ): AsyncGenerator<T[]> {
    const availability = CALL_RECORD_APIS[cloud][name];
    if (availability === 'no') throw new ApiUnavailable(name, cloud, "Microsoft's page lists other clouds only");
    const NINETY_DAYS = 90 * 86_400_000;
    // An inclusive end (getPstnCalls) would count a call starting on a part's boundary twice.
    const step = toInclusive ? NINETY_DAYS + 1 : NINETY_DAYS;
    for (let start = from.getTime(); start < to.getTime(); start += step) {
      let url: string | undefined = fn(name, new Date(start), new Date(Math.min(to.getTime(), start + NINETY_DAYS)));
      while (url) {
        let page: Page<T>;
        try {
          page = (await client.api(url).get()) as Page<T>;
        } catch (err) {
          const e = err as { statusCode?: number; code?: string; message?: string };
          // Declared in the cloud's metadata but not on the page: a "not there" answer means just that.
          if (availability === 'declared' && [400, 404, 501].includes(e.statusCode ?? 0))
            throw new ApiUnavailable(name, cloud, `Graph answered ${e.statusCode} ${e.code ?? ''}`.trim());
          const hint =
            e.statusCode === 403
              ? 'the app needs the application permission CallRecords.Read.All (or CallRecord-PstnCalls.Read.All), admin-consented'
              : undefined;
          throw new BackendError(
            `Graph ${name} failed: ${e.statusCode ?? ''} ${e.code ?? ''} ${e.message ?? String(err)}`
              .replace(/\s+/g, ' ')
              .trim(),
            e.statusCode === 403 ? 'auth' : 'other',
            { hint },
          );
        }
        yield page.value ?? [];
        url = page['@odata.nextLink'];
      }
    }
  }
  return {
    description,
    directRoutingCalls: (from, to) => pages<DirectRoutingCall>('getDirectRoutingCalls', from, to, false),
    // getPstnCalls.md: toDateTime is inclusive.
    pstnCalls: (from, to) => pages<PstnCall>('getPstnCalls', from, to, true),
    async serviceMessages() {
      const out: ServiceMessage[] = [];
      let url: string | undefined = '/admin/serviceAnnouncement/messages?$top=1000';
      while (url) {
        const page = (await client.api(url).get()) as Page<ServiceMessage>;
        out.push(...(page.value ?? []));
        url = page['@odata.nextLink'];
      }
      return out;
    },
    close: async () => undefined,
  };
}
