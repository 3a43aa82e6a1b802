import type { IoHost } from '../io/io-host.js';
import { openBackend } from '../backends/open-backend.js';
import { buildExportSpec } from '../spec/export-spec.js';

/** `voiceform export [--tenant T]`: the tenant's voice configuration as a spec (brownfield adoption). */
export async function exportCommand(options: { tenant?: string; name?: string; deviceCode?: boolean; cloud?: string }, io: IoHost): Promise<number> {
  const backend = openBackend(options.tenant, { deviceCode: options.deviceCode, cloud: options.cloud, say: (t) => io.err(t) });
  try {
    const current = await backend.read({ users: 'all' });
    io.out(JSON.stringify(buildExportSpec(current, options.name ?? 'Exported tenant'), null, 2));
    return 0;
  } finally {
    await backend.close();
  }
}
