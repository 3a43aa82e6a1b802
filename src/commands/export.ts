import type { IoHost } from '../io/io-host.js';
import type { Config } from '../config.js';
import { openReader } from '../backends/open/open-tenant.js';
import { buildExportSpec } from '../model/export-spec.js';

/** `voiceform export [--tenant T]`: the tenant's voice configuration as a spec (brownfield adoption). */
export async function exportCommand(
  options: { tenant?: string; name?: string; deviceCode?: boolean; cloud?: string },
  io: IoHost,
  config: Config,
): Promise<number> {
  const backend = await openReader(options.tenant, config, {
    deviceCode: options.deviceCode,
    cloud: options.cloud,
    say: (t) => io.err(t),
  });
  try {
    const current = await backend.read({ users: 'all' });
    io.out(JSON.stringify(buildExportSpec(current, options.name ?? 'Exported tenant'), null, 2));
    return 0;
  } finally {
    await backend.close();
  }
}
