/**
 * #23 §3, Graph as Microsoft documents it (../shared/reference/teams-graph-fidelity.md). N10: Graph says to wait as long as Retry-After says, then retry. A $batch
 * waits the whole Retry-After (no 30 s cap), and gives up only when the next wait passes its budget.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GraphDirectory, retryAfterSeconds } from '../../src/backends/graph/graph-directory.js';
import type { GraphClient } from '../../src/backends/graph/graph-client.js';
import { BackendError } from '../../src/errors.js';
import { graphHealthSource } from '../../src/health/graph-source.js';
import { checkTenant } from '../../src/health/check-tenant.js';
import { DEFAULT_THRESHOLDS } from '../../src/health/call-stats.js';
import { ApiUnavailable } from '../../src/model/call-records.js';
import { emptyVoiceState, GATEWAY_DEFAULTS } from '../../src/model/tenant-state.js';
import type { TenantReader } from '../../src/backends/backend.js';

/** A Graph client whose $batch answers 429 (Retry-After `seconds`) `throttled` times, then 200. */
function throttlingClient(seconds: number, throttled: number): { client: GraphClient; posts: number[] } {
  const posts: number[] = [];
  const client = {
    api: () => ({
      post: async (body: { requests: { id: string }[] }) => {
        posts.push(Date.now());
        const limited = posts.length <= throttled;
        return {
          responses: body.requests.map((r) =>
            limited
              ? { id: r.id, status: 429, headers: { 'Retry-After': String(seconds) }, body: {} }
              : { id: r.id, status: 200, headers: {}, body: { ok: true } },
          ),
        };
      },
    }),
  } as unknown as GraphClient;
  return { client, posts };
}

afterEach(() => vi.useRealTimers());

describe('Graph throttling', () => {
  it('waits the whole Retry-After, even past 30 s, and then gets its answer', async () => {
    vi.useFakeTimers();
    const { client, posts } = throttlingClient(45, 1);
    const answers = new GraphDirectory(client).batch([{ id: '1', method: 'GET', url: '/users/a' }]);
    await vi.advanceTimersByTimeAsync(44_000);
    expect(posts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(posts).toHaveLength(2);
    expect((await answers).get('1')!.status).toBe(200);
  });

  it('keeps going past 8 rounds while the budget lasts; gives up, saying why, when the next wait would pass it', async () => {
    vi.useFakeTimers();
    const { client, posts } = throttlingClient(1, 12);
    const many = new GraphDirectory(client).batch([{ id: '1', method: 'GET', url: '/users/a' }]);
    await vi.advanceTimersByTimeAsync(20_000);
    expect((await many).get('1')!.status).toBe(200);
    expect(posts).toHaveLength(13);

    const slow = throttlingClient(120, 10);
    const refused = new GraphDirectory(slow.client, { throttleBudgetMs: 200_000 })
      .batch([{ id: '1', method: 'GET', url: '/users/a' }])
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(130_000);
    const error = await refused;
    expect(error).toBeInstanceOf(BackendError);
    expect((error as Error).message).toMatch(/next Retry-After 120 s is past the 200 s budget/);
    expect(slow.posts).toHaveLength(2);
  });

  it('reads Retry-After in either case, 1 s when absent or unreadable', () => {
    expect(retryAfterSeconds({ 'retry-after': '7' })).toBe(7);
    expect(retryAfterSeconds({ 'Retry-After': 'soon' })).toBe(1);
    expect(retryAfterSeconds(undefined)).toBe(1);
  });
});

/** A client that answers GETs from a table of URL → body and records the URLs asked. */
function recordingClient(answer: (url: string) => unknown): { client: GraphClient; urls: string[] } {
  const urls: string[] = [];
  const client = {
    api: (url: string) => ({
      get: async () => {
        urls.push(url);
        return answer(url);
      },
    }),
  } as unknown as GraphClient;
  return { client, urls };
}

describe('call records and Message Center as Graph serves them (N11, N12)', () => {
  const from = new Date('2026-01-01T00:00:00.000Z');
  const to = new Date(from.getTime() + 100 * 86_400_000);
  const drain = async (pages: AsyncIterable<unknown[]>) => {
    for await (const _ of pages) void _;
  };

  it('getPstnCalls, whose toDateTime is inclusive, is asked in parts that do not share a boundary; getDirectRoutingCalls parts meet', async () => {
    const { client, urls } = recordingClient(() => ({ value: [] }));
    const source = graphHealthSource(client, 'test');
    await drain(source.pstnCalls(from, to));
    await drain(source.directRoutingCalls(from, to));
    const bounds = (u: string) => /fromDateTime=([^,]+),toDateTime=([^)]+)/.exec(u)!.slice(1).map(Date.parse);
    const [pstn1, pstn2, direct1, direct2] = urls.map(bounds) as [number[], number[], number[], number[]];
    expect(pstn2[0]).toBe(pstn1[1]! + 1);
    expect(direct2[0]).toBe(direct1[1]);
    expect(pstn2[1]).toBe(to.getTime());
  });

  it('Message Center is read page after page (Graph gives 100 a page)', async () => {
    const all = Array.from({ length: 250 }, (_, i) => ({ id: `MC${i}` }));
    const { client, urls } = recordingClient((url) => {
      const skip = Number(/\$skip=(\d+)/.exec(url)?.[1] ?? 0);
      return {
        value: all.slice(skip, skip + 100),
        ...(skip + 100 < all.length
          ? { '@odata.nextLink': `/admin/serviceAnnouncement/messages?$skip=${skip + 100}` }
          : {}),
      };
    });
    expect(await graphHealthSource(client, 'test').serviceMessages()).toHaveLength(250);
    expect(urls).toHaveLength(3);
  });

  it('a subscription that is not Enabled has no seats to give', async () => {
    const sku = (skuPartNumber: string, capabilityStatus: string) => ({
      skuId: skuPartNumber,
      skuPartNumber,
      capabilityStatus,
      consumedUnits: 2,
      prepaidUnits: { enabled: 10 },
      servicePlans: [],
    });
    const { client } = recordingClient(() => ({
      value: [sku('MCOEV', 'Enabled'), sku('SPE_E5', 'Suspended'), sku('E3', 'LockedOut')],
    }));
    const skus = await new GraphDirectory(client).readSkus();
    expect(skus.map((s) => [s.skuPartNumber, s.enabled])).toEqual([
      ['MCOEV', 10],
      ['SPE_E5', 0],
      ['E3', 0],
    ]);
  });
});

describe('clouds without call records (N5)', () => {
  const from = new Date('2026-11-01T00:00:00Z');
  const to = new Date('2026-11-02T00:00:00Z');
  const first = async (pages: AsyncIterable<unknown[]>) => {
    for await (const page of pages) return page;
    return undefined;
  };
  const failing = (statusCode: number) =>
    ({
      api: () => ({
        get: async () => {
          throw Object.assign(new Error('nope'), { statusCode, code: 'BadRequest' });
        },
      }),
    }) as unknown as GraphClient;

  it('21Vianet: neither API is asked; US Government: a "not supported" answer to getDirectRoutingCalls is said as such; global: an error stays one', async () => {
    const { client, urls } = recordingClient(() => ({ value: [] }));
    await expect(first(graphHealthSource(client, 't', 'china').directRoutingCalls(from, to))).rejects.toThrow(
      ApiUnavailable,
    );
    await expect(first(graphHealthSource(client, 't', 'china').pstnCalls(from, to))).rejects.toThrow(
      /getPstnCalls is not available in the china cloud/,
    );
    expect(urls).toEqual([]);
    await expect(first(graphHealthSource(failing(400), 't', 'usgov').directRoutingCalls(from, to))).rejects.toThrow(
      /getDirectRoutingCalls is not available in the usgov cloud \(Graph answered 400 BadRequest\)/,
    );
    const global = await first(graphHealthSource(failing(400), 't', 'global').directRoutingCalls(from, to)).catch(
      (e: unknown) => e,
    );
    expect(global).toBeInstanceOf(BackendError);
  });

  it('health goes on: every trunk unknown with the reason, operators left out, both said once', async () => {
    const voice = emptyVoiceState();
    voice.gateways.push({ ...GATEWAY_DEFAULTS, fqdn: 'sbc1.contoso.com', sipSignalingPort: 5061 });
    const warnings: string[] = [];
    const { health } = await checkTenant({
      tenant: { name: 'C', id: 't' },
      users: [],
      reader: { read: async () => ({ tenantId: 't', voice, directory: {} }) } as unknown as TenantReader,
      source: graphHealthSource(recordingClient(() => ({ value: [] })).client, 't', 'china'),
      thresholds: DEFAULT_THRESHOLDS,
      from,
      to,
      resolve: new Map([['sbc1.contoso.com', { host: '127.0.0.1', port: 9 }]]),
      baselines: new Map(),
      now: to,
      warn: (m) => warnings.push(m),
    });
    expect(health.trunks.map((t) => [t.fqdn, t.status, t.messages[0]])).toEqual([
      [
        'sbc1.contoso.com',
        'unknown',
        "no call records: getDirectRoutingCalls is not available in the china cloud (Microsoft's page lists other clouds only)",
      ],
    ]);
    expect(health.operators).toEqual([]);
    expect(warnings).toHaveLength(2);
  });
});
