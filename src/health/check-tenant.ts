import pMap from 'p-map';
import type { TenantReader } from '../backends/backend.js';
import { ApiUnavailable, type HealthSource } from '../model/call-records.js';
import { operatorTotals, TrunkAggregator, trunkHealth, type Thresholds, type TrunkTotals } from './call-stats.js';
import { probeCertificate, probeTarget, type CertificateHealth } from './cert-probe.js';
import { overallStatus, type TenantHealth } from './health-report.js';
import { lintGateways } from './lint.js';
import { directRoutingNotices } from './notices.js';
import { readClientCaNames } from './client-ca-names.js';
import { exposures, identifySbc, sbcReadiness, type SbcProduct, type SbcReadiness } from './readiness.js';
import { readinessData } from './readiness-data.js';
import { sendOptions } from './sip-options.js';

export interface CheckInput {
  tenant: { name: string; id: string };
  /** Users whose policy grants tell which routes are live (the spec's). */
  users: readonly string[];
  reader: TenantReader;
  source: HealthSource;
  thresholds: Thresholds;
  from: Date;
  to: Date;
  /** `--resolve FQDN=ADDRESS:PORT`, by lower-case FQDN. */
  resolve: Map<string, { host: string; port: number }>;
  /** Each trunk's 28-day average duration of successful calls (from stored samples). */
  baselines: Map<string, number>;
  now: Date;
  /** A source that fails in part (Message Center without its permission) is said, not fatal. */
  warn: (text: string) => void;
  /**
   * `--readiness`: each SBC's trust store, certificate renewal and firmware against the known
   * platform changes, with the SBCs the spec declares (`gateways[].sbc`) by lower-case FQDN.
   */
  readiness?: { declared: Map<string, SbcProduct>; cloud: string };
}

const empty = (fqdn: string): TrunkTotals => ({
  fqdn,
  calls: 0,
  successful: 0,
  delivered: 0,
  completedElsewhere: 0,
  sbcCausedFailures: 0,
  sbcInboundFailures: 0,
  successfulSeconds: 0,
  codes: new Map(),
  hours: new Map(),
});

/**
 * One tenant's health: its gateways (read from the tenant), their calls in the window (streamed
 * page by page), a TLS probe of each, the configuration lint, Message Center notices and the
 * per-operator traffic. Returns the document and the raw totals (stored as samples).
 */
export async function checkTenant(input: CheckInput): Promise<{ health: TenantHealth; totals: TrunkTotals[] }> {
  const current = await input.reader.read({ users: input.users });
  const gateways = current.voice.gateways;
  const agg = new TrunkAggregator();
  // A cloud without Direct Routing call records: every trunk is unknown, and says why (never ok, never a failed run).
  const noCalls = await unlessUnavailable(async () => {
    for await (const page of input.source.directRoutingCalls(input.from, input.to)) agg.add(page);
  });
  if (noCalls) input.warn(`${noCalls.message}: trunks are judged by their certificates and configuration only`);
  // Every gateway has a line (no calls is a finding too), and so has a trunk that calls came through but the tenant no longer lists.
  for (const g of gateways)
    if (!agg.trunks.has(g.fqdn.toLowerCase())) agg.trunks.set(g.fqdn.toLowerCase(), empty(g.fqdn.toLowerCase()));
  const totals = noCalls ? [] : [...agg.trunks.values()];
  const trunks = noCalls
    ? [...agg.trunks.values()].map((t) => ({
        ...trunkHealth(t, input.thresholds, null),
        status: 'unknown' as const,
        messages: [`no call records: ${noCalls.message}`],
      }))
    : totals.map((t) => trunkHealth(t, input.thresholds, input.baselines.get(t.fqdn) ?? null));
  const certificates = await pMap(
    gateways,
    (g) => probeCertificate(g.fqdn, g.sipSignalingPort, input.resolve, input.thresholds, input.now),
    { concurrency: 8 },
  );
  const lint = lintGateways({
    voice: current.voice,
    trunks: new Map(trunks.map((t) => [t.fqdn, t])),
    certificates: new Map(certificates.map((c) => [c.fqdn.toLowerCase(), c])),
    windowHours: (input.to.getTime() - input.from.getTime()) / 3_600_000,
  });
  const notices = await input.source.serviceMessages().then(
    (m) => directRoutingNotices(m, input.now),
    (err: Error) => {
      input.warn(
        `Message Center could not be read (${err.message.split('\n')[0]}): the app needs ServiceMessage.Read.All; notices left out`,
      );
      return [];
    },
  );
  const readiness = input.readiness
    ? await pMap(
        gateways,
        (g) =>
          probeReadiness(
            g.fqdn,
            input.tenant.name,
            probeTarget(g.fqdn, g.sipSignalingPort, input.resolve),
            certificates.find((c) => c.fqdn === g.fqdn),
            input.readiness!.declared.get(g.fqdn.toLowerCase()),
            input.readiness!.cloud,
            input.now,
          ),
        { concurrency: 8 },
      )
    : undefined;
  const partial = { trunks, certificates, lint, ...(readiness ? { readiness } : {}) };
  const health: TenantHealth = {
    tenant: input.tenant,
    window: { from: input.from.toISOString(), to: input.to.toISOString() },
    status: overallStatus(partial),
    ...partial,
    notices,
    operators: await operatorTotals(input.source.pstnCalls(input.from, input.to)).catch((err: unknown) => {
      if (!(err instanceof ApiUnavailable)) throw err;
      input.warn(`${err.message}: Calling Plan and Operator Connect traffic left out`);
      return [];
    }),
    alerts: [],
    deliveries: [],
  };
  if (readiness) health.exposures = exposures(notices, readiness, readinessData());
  return { health, totals };
}

/** Runs `fn`; an API the cloud does not offer comes back as the reason, anything else is thrown. */
async function unlessUnavailable(fn: () => Promise<void>): Promise<ApiUnavailable | undefined> {
  try {
    await fn();
    return undefined;
  } catch (err) {
    if (err instanceof ApiUnavailable) return err;
    throw err;
  }
}

/**
 * One SBC's readiness: the CA names its certificate request carries (openssl) and the product its
 * OPTIONS answer names, at once; the spec's declaration stands in when the answer names none.
 */
async function probeReadiness(
  fqdn: string,
  tenant: string,
  target: { host: string; port: number },
  cert: CertificateHealth | undefined,
  declared: SbcProduct | undefined,
  cloud: string,
  now: Date,
): Promise<SbcReadiness> {
  const data = readinessData();
  const [trust, answer] = await Promise.all([
    readClientCaNames(fqdn, target.host, target.port),
    sendOptions(fqdn, target.host, target.port).catch(() => null),
  ]);
  const sbc = identifySbc(answer?.product ?? null, data.vendors) ?? declared ?? null;
  return sbcReadiness(fqdn, tenant, sbc, trust, cert, data, now, cloud);
}
