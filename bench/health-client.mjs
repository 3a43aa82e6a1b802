// Fetches every Direct Routing call record of the last day from the emulator through the real Graph
// client and aggregates them per trunk, as `voiceform health` does. Prints one JSON line:
// wall time, peak RSS and the calls counted. Run by health-fetch.mjs with the emulator's CA trusted.
import { ClientSecretCredential } from '@azure/identity';
import { createGraphClient } from '../dist/backends/graph/graph-client.js';
import { graphHealthSource } from '../dist/health/graph-source.js';
import { TrunkAggregator } from '../dist/health/call-stats.js';

const info = JSON.parse(process.argv[2]);
const credential = new ClientSecretCredential(info.tenantId, info.clientId, info.clientSecret, {
  authorityHost: info.url,
  disableInstanceDiscovery: true,
});
const source = graphHealthSource(createGraphClient(credential, info.url), 'bench');
const now = Date.now();
const t = process.hrtime.bigint();
const agg = new TrunkAggregator();
let peak = process.memoryUsage().rss;
for await (const page of source.directRoutingCalls(new Date(now - 86_400_000 - 60_000), new Date(now + 60_000))) {
  agg.add(page);
  peak = Math.max(peak, process.memoryUsage().rss);
}
const ms = Number((process.hrtime.bigint() - t) / 1_000_000n);
const calls = [...agg.trunks.values()].reduce((n, x) => n + x.calls, 0);
console.log(JSON.stringify({ ms, rssMb: Math.round(peak / 1048576), calls }));
