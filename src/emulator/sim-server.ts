import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { BackendError } from '../errors.js';
import { SimFaults } from '../backends/sim/sim-faults.js';
import { SimStore } from '../backends/sim/sim-store.js';
import { SimTenant } from '../backends/sim/sim-tenant.js';
import { handleGraph, type GraphRequestContext, type GraphResponse } from './graph-api.js';
import { callRecordsHandler } from './graph-call-records.js';
import { LENIENT, Visibility, type Realism } from './realism.js';
import { runTeamsCmdlet } from './teams-cmdlets.js';
import { generateLoopbackCert } from './tls-cert.js';
import { DEFAULT_GRAPH_ROLES, GRAPH_AUDIENCE, TEAMS_AUDIENCE, TokenIssuer } from './tokens.js';

export interface SimServer {
  url: string;
  caCertPath: string;
  tenantId: string;
  clientId: string;
  /** The sim's app secret: a test credential for a simulated tenant, never a real one. */
  clientSecret: string;
  /** Requests served, by kind (for tests and benchmarks). */
  stats: Record<string, number>;
  close(): Promise<void>;
}

interface BatchRequest {
  id: string;
  method: string;
  url: string;
  body?: unknown;
  dependsOn?: string[];
}

const STATUS: Record<string, number> = {
  'not-found': 404,
  'already-exists': 409,
  'in-use': 409,
  invalid: 400,
  auth: 401,
  throttled: 429,
};

/** Reads a request body (at most 10 MB). */
async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 10 * 1024 * 1024) throw new BackendError('request too large', 'invalid');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(payload));
}

/**
 * `voiceform sim serve`: the simulated tenant over HTTPS on 127.0.0.1, with an OAuth token
 * endpoint (so @azure/identity signs in for real) and the cmdlet API the stand-in
 * MicrosoftTeams module forwards to. Every API request needs a token it issued, for the right
 * audience.
 */
export async function startSimServer(options: {
  tenantFile: string;
  port?: number;
  certDir: string;
  faults?: string;
  realism?: Realism;
  /** Access tokens' lifetime (default 3599 s, as Entra issues them). */
  tokenLifetimeSeconds?: number;
}): Promise<SimServer> {
  const store = new SimStore(options.tenantFile);
  const initial = await store.load();
  const { key, cert, caCertPath } = await generateLoopbackCert(options.certDir);
  const stats: Record<string, number> = { token: 0, cmdlet: 0, graph: 0 };
  const childEnv = new Set<string>();
  const byCmdlet: Record<string, number> = {};
  // latency-ms and fail-at apply to the server's writes too (a slow or failing tenant).
  const faults = SimFaults.parse(options.faults);
  const realism = options.realism ?? LENIENT;
  const visibility = new Visibility(realism, initial);
  const emulated = { strict: realism.strict, phase: (startedAt: number) => visibility.phase(startedAt) };
  /** Applies a write to the tenant file and records what reads will see (later, in strict realism). */
  const commit = <T>(fn: (state: Parameters<Parameters<SimStore['update']>[0]>[0]) => T | Promise<T>): Promise<T> =>
    store.update(async (state) => {
      const out = await fn(state);
      visibility.committed(state);
      return out;
    });
  /** The tenant as reads see it: as it was a moment ago in strict realism. */
  const readable = async (): Promise<SimTenant> => new SimTenant(visibility.visible() ?? (await store.load()));
  const delay = () =>
    realism.latencyMs > 0 ? new Promise((r) => setTimeout(r, realism.latencyMs)) : Promise.resolve();
  let issuer: TokenIssuer | undefined;
  let serialized = Promise.resolve();
  /** One request at a time touches the tenant file (the sim is a single tenant). */
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = serialized.then(fn, fn);
    serialized = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };

  const server = createServer({ key, cert }, (req, res) => {
    void handle(req, res).catch((err: unknown) => {
      const e = err instanceof BackendError ? err : new BackendError(String((err as Error)?.message ?? err), 'other');
      send(res, STATUS[e.kind] ?? 500, { error: { code: e.kind, message: e.message } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const parts = url.pathname.split('/').filter(Boolean);
    if (req.method === 'GET' && parts[1] === 'v2.0' && parts[2] === '.well-known') return sendDiscovery(res, parts[0]!);
    if (req.method === 'POST' && parts[1] === 'oauth2' && parts[3] === 'token') return sendToken(req, res, parts[0]!);
    if (req.method === 'POST' && url.pathname === '/teams/v1/cmdlet') {
      authorize(req, TEAMS_AUDIENCE);
      stats.cmdlet!++;
      // The stand-in module names the VOICEFORM_* variables its pwsh can see (tests check no secret is among them).
      for (const name of String(req.headers['x-vf-child-env'] ?? '')
        .split(',')
        .filter(Boolean))
        childEnv.add(name);
      const { cmdlet, params } = JSON.parse(await body(req)) as { cmdlet: string; params: Record<string, unknown> };
      byCmdlet[cmdlet] = (byCmdlet[cmdlet] ?? 0) + 1;
      const mutating = !cmdlet.startsWith('Get-');
      await delay();
      if (mutating) await faults.beforeWrite();
      const output = await exclusive(async () => {
        if (!mutating) return runTeamsCmdlet(await readable(), cmdlet, params ?? {}, emulated);
        return commit((state) => {
          if (realism.strict) refuseUnpropagated(state, cmdlet, params ?? {});
          return runTeamsCmdlet(new SimTenant(state), cmdlet, params ?? {}, emulated);
        });
      });
      return send(res, 200, { output });
    }
    if (url.pathname.startsWith('/v1.0/')) return serveGraph(req, res, url);
    if (req.method === 'GET' && url.pathname === '/_sim/stats')
      return send(res, 200, { ...stats, byCmdlet, childEnv: [...childEnv].sort() });
    send(res, 404, { error: { code: 'not-found', message: `no route ${req.method} ${url.pathname}` } });
  }

  let graphRequests = 0;
  let innerResponses = 0;
  const operations: GraphRequestContext['operations'] = new Map();
  const callRecords = callRecordsHandler();
  const retryAfter = { 'Retry-After': '1' };

  async function serveGraph(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    stats.graph!++;
    graphRequests++;
    authorize(req, GRAPH_AUDIENCE, 'graph');
    if (faults.graph.every429 && graphRequests % faults.graph.every429 === 0) {
      return send(
        res,
        429,
        { error: { code: 'TooManyRequests', message: 'Too many requests (injected).' } },
        retryAfter,
      );
    }
    if (faults.graph.every503 && graphRequests % faults.graph.every503 === 0) {
      return send(
        res,
        503,
        { error: { code: 'ServiceUnavailable', message: 'Service unavailable (injected).' } },
        retryAfter,
      );
    }
    const text = await body(req);
    const payload = text ? (JSON.parse(text) as unknown) : undefined;
    await delay();
    // Call records and Message Center read their own files, never the tenant lock.
    const records = await callRecords(req.method ?? 'GET', `${url.pathname}${url.search}`, {
      tenantFile: options.tenantFile,
      baseUrl: `https://${req.headers.host ?? '127.0.0.1'}`,
      readState: async () => (await readable()).state,
    });
    if (records) return send(res, records.status, records.body ?? {}, records.headers);
    const ctx = async (): Promise<GraphRequestContext> => ({
      tenant: await readable(),
      mutate: (fn) => commit(fn),
      emulated,
      baseUrl: `https://${req.headers.host ?? '127.0.0.1'}`,
      operations,
    });
    if (req.method === 'POST' && url.pathname === '/v1.0/$batch') {
      const requests = (payload as { requests?: BatchRequest[] })?.requests ?? [];
      // The writes of one $batch reach the tenant file together (the emulator's cost, not the service's).
      const writes = requests.some((r) => r.method.toUpperCase() !== 'GET');
      const responses = await exclusive(async () =>
        writes
          ? commit(async (state) =>
              runBatch(requests, async () => ({ ...(await ctx()), mutate: async (fn) => fn(state) })),
            )
          : runBatch(requests, ctx),
      );
      if (!responses)
        return send(res, 400, {
          error: { code: 'Request_BadRequest', message: 'A $batch holds at most 20 requests.' },
        });
      return send(res, 200, { responses });
    }
    const r = await exclusive(async () =>
      handleGraph(req.method ?? 'GET', `${url.pathname}${url.search}`, payload, await ctx()),
    );
    if (r.status === 204) {
      res.writeHead(204, r.headers ?? {});
      return void res.end();
    }
    send(res, r.status, r.body ?? {}, r.headers);
  }

  /**
   * A write that names an object created a moment ago fails while that object has not reached
   * every replica: Teams answers with a propagation error ("try again later") for a while. Checked
   * by running the write on the state reads see: a "not found" there that the real state does not
   * give is one.
   */
  function refuseUnpropagated(
    state: Parameters<Parameters<SimStore['update']>[0]>[0],
    cmdlet: string,
    params: Record<string, unknown>,
  ): void {
    const seen = visibility.visible();
    if (!seen) return;
    try {
      runTeamsCmdlet(new SimTenant(seen), cmdlet, structuredClone(params), emulated);
    } catch (err) {
      if (!(err instanceof BackendError) || err.kind !== 'not-found') return;
      runTeamsCmdlet(new SimTenant(structuredClone(state)), cmdlet, structuredClone(params), emulated);
      throw new BackendError(`${err.message} The change may not have propagated yet; try again later.`, 'propagation');
    }
  }

  /** $batch: ≤ 20 requests, answered in any order; a failed dependency answers 424. */
  async function runBatch(
    requests: BatchRequest[],
    ctx: () => Promise<GraphRequestContext>,
  ): Promise<unknown[] | undefined> {
    if (requests.length > 20) return undefined;
    const done = new Map<string, number>();
    const responses: unknown[] = [];
    const pending = [...requests];
    while (pending.length > 0) {
      const i = pending.findIndex((r) => (r.dependsOn ?? []).every((d) => done.has(d)));
      const r = pending.splice(i < 0 ? 0 : i, 1)[0]!;
      let out: GraphResponse;
      if ((r.dependsOn ?? []).some((d) => (done.get(d) ?? 424) >= 400))
        out = {
          status: 424,
          body: { error: { code: 'FailedDependency', message: 'a request this one depends on failed' } },
        };
      else if (faults.graph.batchEvery429 && ++innerResponses % faults.graph.batchEvery429 === 0)
        out = {
          status: 429,
          headers: retryAfter,
          body: { error: { code: 'TooManyRequests', message: 'Too many requests (injected).' } },
        };
      else out = await handleGraph(r.method, r.url, r.body, await ctx());
      done.set(r.id, out.status);
      responses.push({ id: r.id, status: out.status, headers: out.headers ?? {}, body: out.body });
    }
    // Graph answers in any order: show it.
    return responses.reverse();
  }

  function authorize(req: IncomingMessage, audience: string, kind = 'teams'): void {
    const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const verdict = issuer!.verify(token, audience);
    if (!verdict.ok)
      throw new BackendError(
        kind === 'graph' ? `InvalidAuthenticationToken: ${verdict.reason}` : `unauthorized: ${verdict.reason}`,
        'auth',
      );
  }

  function sendDiscovery(res: ServerResponse, tenant: string): void {
    const base = `${url()}/${tenant}`;
    send(res, 200, {
      issuer: `${base}/v2.0`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_types_supported: ['code', 'token'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      tenant_region_scope: 'EU',
    });
  }

  async function sendToken(req: IncomingMessage, res: ServerResponse, tenant: string): Promise<void> {
    stats.token!++;
    const form = new URLSearchParams(await body(req));
    const state = await store.load();
    const fail = (error: string, description: string) =>
      send(res, 400, { error, error_description: description, error_codes: [7000215] });
    if (tenant.toLowerCase() !== state.tenantId.toLowerCase())
      return fail('invalid_request', `AADSTS90002: Tenant '${tenant}' not found.`);
    if (form.get('grant_type') !== 'client_credentials')
      return fail('unsupported_grant_type', 'only client_credentials is simulated');
    if (form.get('client_id') !== state.app.clientId || form.get('client_secret') !== state.app.clientSecret) {
      return fail('invalid_client', 'AADSTS7000215: Invalid client secret provided.');
    }
    const scope = form.get('scope') ?? '';
    const audience =
      scope
        .split(' ')
        .find((s) => s.endsWith('/.default'))
        ?.replace(/\/\.default$/, '') ?? '';
    if (audience !== GRAPH_AUDIENCE && audience !== TEAMS_AUDIENCE)
      return fail('invalid_scope', `AADSTS70011: scope ${scope} is not valid.`);
    const lifetime = options.tokenLifetimeSeconds ?? 3599;
    send(res, 200, {
      token_type: 'Bearer',
      expires_in: lifetime,
      ext_expires_in: lifetime,
      // App-only Graph tokens carry the app's application permissions as `roles`, as Entra's do.
      access_token: issuer!.issue(
        audience,
        state.app.clientId,
        lifetime,
        audience === GRAPH_AUDIENCE ? (state.app.graphRoles ?? DEFAULT_GRAPH_ROLES) : undefined,
      ),
    });
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = (): string => `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = new TokenIssuer(`${url()}/${initial.tenantId}/v2.0`, initial.tenantId);
  return {
    url: url(),
    caCertPath,
    tenantId: initial.tenantId,
    clientId: initial.app.clientId,
    clientSecret: initial.app.clientSecret,
    stats,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
