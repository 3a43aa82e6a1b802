import { randomBytes, randomUUID } from 'node:crypto';
import { PreconditionFailed, SpecInvalid } from '../errors.js';
import type { IoHost } from '../io/io-host.js';
import type { Config } from '../config.js';
import { simTenantPath } from '../backends/open/open-tenant.js';
import { seedSimTenant, type SimSeed } from '../backends/sim/seed-sim-tenant.js';
import { SimStore } from '../backends/sim/sim-store.js';
import { loadJsonFile } from '../io/json-file.js';
import { readSpec } from '../load/read-spec.js';
import { loadFleet } from '../fleet/manifest.js';
import type { SimTenantState } from '../backends/sim/sim-state.js';

export interface SimInitOptions {
  tenant?: string;
  usersFrom?: string;
  seed?: string;
  force?: boolean;
  templates?: string;
}

/** `voiceform sim init`: a fresh simulated tenant, ready for a spec. */
export async function simInitCommand(options: SimInitOptions, io: IoHost, config: Config): Promise<number> {
  const file = simTenantPath(options.tenant, config.home);
  if ((await new SimStore(file).exists()) && !options.force) {
    throw new PreconditionFailed(
      `a simulated tenant already exists at ${file}`,
      'use --force to replace it, or --tenant sim:OTHER_PATH',
    );
  }
  const state = await createSimTenant(file, options);
  io.err(
    `Simulated tenant ${state.tenantId} created at ${file}: ${state.users.length} users, ` +
      `${state.domains.filter((d) => d.isVerified).length} verified domains, ${state.voice.voiceRoutes.length} pre-existing route(s) Voiceform does not own.`,
  );
  return 0;
}

/** A simulated tenant at `file`, its users and domains from the spec (replaced if there). */
async function createSimTenant(
  file: string,
  options: Pick<SimInitOptions, 'usersFrom' | 'seed' | 'templates'>,
): Promise<SimTenantState> {
  const spec = options.usersFrom ? (await readSpec(options.usersFrom, options.templates)).rendered.spec : undefined;
  const seed = options.seed ? ((await loadJsonFile(options.seed, 'seed')) as SimSeed) : undefined;
  const state = seedSimTenant({
    spec,
    seed,
    newId: randomUUID,
    newSecret: () => randomBytes(24).toString('base64url'),
  });
  await new SimStore(file).save(state);
  return state;
}

/**
 * `voiceform batch sim-init MANIFEST`: a simulated tenant for every `sim:` tenant of a fleet, in one
 * process (a 50-tenant trial is not 50 starts), each from its own spec. Tenants that exist are
 * refused together, before any is made, unless `--force`.
 */
export async function batchSimInitCommand(
  manifest: string,
  options: { force?: boolean; allowOutside?: string[] },
  io: IoHost,
  config: Config,
): Promise<number> {
  const fleet = await loadFleet(manifest, { allowOutside: options.allowOutside });
  const sims = fleet.tenants.filter((t) => t.tenant === 'sim' || t.tenant.startsWith('sim:'));
  for (const t of fleet.tenants.filter((x) => !sims.includes(x)))
    io.err(`${t.name}: tenant ${t.tenant} is not simulated: left alone`);
  const files = sims.map((t) => ({ t, file: simTenantPath(t.tenant, config.home) }));
  const existing = [];
  for (const f of files) if (await new SimStore(f.file).exists()) existing.push(f);
  if (existing.length > 0 && !options.force)
    throw new PreconditionFailed(
      `${existing.length} simulated tenant(s) already exist: ${existing.map((f) => `${f.t.name} (${f.file})`).join(', ')}; none was created`,
      'use --force to replace them',
    );
  for (const { t, file } of files) {
    const state = await createSimTenant(file, { usersFrom: t.spec, templates: t.templates });
    io.err(`${t.name}: simulated tenant ${state.tenantId} at ${file}, ${state.users.length} users`);
  }
  io.err(`${files.length} simulated tenant(s) created from ${manifest}.`);
  return 0;
}

/** `voiceform sim serve`: the simulated tenant over HTTPS; prints one JSON line, runs until stopped. */
export async function simServeCommand(
  options: {
    tenant?: string;
    port?: string;
    realism?: string;
    latencyMs?: string;
    visibilityMs?: string;
    tokenLifetimeS?: number;
  },
  io: IoHost,
  config: Config,
): Promise<number> {
  const { startSimServer } = await import('../emulator/sim-server.js');
  const { realismOf } = await import('../emulator/realism.js');
  const realism = realismOf({
    realism: options.realism ?? config.simRealism,
    latencyMs: options.latencyMs,
    visibilityMs: options.visibilityMs,
  });
  const server = await startSimServer({
    tenantFile: simTenantPath(options.tenant, config.home),
    port: options.port ? Number(options.port) : 0,
    certDir: config.home,
    faults: config.simFaults,
    realism,
    tokenLifetimeSeconds: options.tokenLifetimeS,
  });
  io.out(
    JSON.stringify({
      url: server.url,
      caCertPath: server.caCertPath,
      tenantId: server.tenantId,
      clientId: server.clientId,
      clientSecret: server.clientSecret,
    }),
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}

export interface SimCallsOptions {
  tenant?: string;
  trunk: string;
  calls: string;
  failureRate: string;
  sipCode: string;
  subCode?: string;
  durationS: string;
  since: string;
}

/**
 * `voiceform sim calls`: Direct Routing call records for a trunk of the simulated tenant, as Graph
 * would log them, spread over the window and ending now (the health watch's test data).
 */
export async function simCallsCommand(options: SimCallsOptions, io: IoHost, config: Config): Promise<number> {
  const { appendCalls, callsFileOf, generateCalls } = await import('../backends/sim/sim-calls.js');
  const { parseDuration } = await import('../health/health-options.js');
  const file = simTenantPath(options.tenant, config.home);
  if (!(await new SimStore(file).exists()))
    throw new PreconditionFailed(`no simulated tenant at ${file}`, 'create one with `voiceform sim init`');
  const number = (text: string, what: string, min: number, max: number, whole: boolean) => {
    const n = Number(text);
    if (!Number.isFinite(n) || n < min || n > max || (whole && !Number.isInteger(n)))
      throw new SpecInvalid(
        `${what} must be ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}, got ${JSON.stringify(text)}`,
      );
    return n;
  };
  const sipCode = number(options.sipCode, '--sip-code', 100, 699, true);
  const rows = generateCalls({
    trunk: options.trunk,
    calls: number(options.calls, '--calls', 1, 10_000_000, true),
    failureRate: number(options.failureRate, '--failure-rate', 0, 1, false),
    sipCode,
    // Microsoft's subcode of an SBC's own answer is 560 followed by that SIP code.
    subCode:
      options.subCode === undefined ? 560_000 + sipCode : number(options.subCode, '--sub-code', 0, 999_999, true),
    durationS: number(options.durationS, '--duration', 1, 86_400, false),
    sinceMs: parseDuration(options.since, '--since'),
    now: new Date(),
  });
  await appendCalls(callsFileOf(file), rows);
  io.err(
    `Added ${rows.length} call record(s) for ${options.trunk} (${rows.filter((r) => !r.successfulCall).length} failed) to ${callsFileOf(file)}.`,
  );
  return 0;
}
