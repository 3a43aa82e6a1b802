import { randomBytes, randomUUID } from 'node:crypto';
import { PreconditionFailed } from '../errors.js';
import type { IoHost } from '../io/io-host.js';
import type { Config } from '../cli/config.js';
import { simTenantPath } from '../backends/open-tenant.js';
import { seedSimTenant, type SimSeed } from '../backends/sim/seed-sim-tenant.js';
import { SimStore } from '../backends/sim/sim-store.js';
import { loadJsonFile } from '../load/load-spec.js';
import { readSpec } from '../load/read-spec.js';

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
  const store = new SimStore(file);
  if ((await store.exists()) && !options.force) {
    throw new PreconditionFailed(`a simulated tenant already exists at ${file}`, 'use --force to replace it, or --tenant sim:OTHER_PATH');
  }
  const spec = options.usersFrom ? (await readSpec(options.usersFrom, options.templates)).rendered.spec : undefined;
  const seed = options.seed ? ((await loadJsonFile(options.seed, 'seed')) as SimSeed) : undefined;
  const state = seedSimTenant({ spec, seed, newId: randomUUID, newSecret: () => randomBytes(24).toString('base64url') });
  await store.save(state);
  io.err(
    `Simulated tenant ${state.tenantId} created at ${file}: ${state.users.length} users, ` +
      `${state.domains.filter((d) => d.isVerified).length} verified domains, ${state.voice.voiceRoutes.length} pre-existing route(s) Voiceform does not own.`,
  );
  return 0;
}

/** `voiceform sim serve`: the simulated tenant over HTTPS; prints one JSON line, runs until stopped. */
export async function simServeCommand(options: { tenant?: string; port?: string; realism?: string; latencyMs?: string; visibilityMs?: string }, io: IoHost, config: Config): Promise<number> {
  const { startSimServer } = await import('../emulator/sim-server.js');
  const { realismOf } = await import('../emulator/realism.js');
  const realism = realismOf({ realism: options.realism ?? config.simRealism, latencyMs: options.latencyMs, visibilityMs: options.visibilityMs });
  const server = await startSimServer({ tenantFile: simTenantPath(options.tenant, config.home), port: options.port ? Number(options.port) : 0, certDir: config.home, faults: config.simFaults, realism });
  io.out(JSON.stringify({ url: server.url, caCertPath: server.caCertPath, tenantId: server.tenantId, clientId: server.clientId, clientSecret: server.clientSecret }));
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
