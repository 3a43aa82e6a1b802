import pMap from 'p-map';
import type { Config } from '../config.js';
import { SpecInvalid } from '../errors.js';
import type { IoHost } from '../io/io-host.js';
import { openReader, simTenantPath } from '../backends/open/open-tenant.js';
import { createGraphClient } from '../backends/graph/graph-client.js';
import { graphEndpoint } from '../backends/graph/clouds.js';
import { cloudOf } from '../backends/graph/clouds.js';
import { credentialFromEnv } from '../backends/teams/teams-auth.js';
import { readSpec } from '../load/read-spec.js';
import { loadFleet } from '../fleet/manifest.js';
import { tenantConfig } from '../fleet/tenant-config.js';
import {
  alertFormatOf,
  alertPayload,
  alertsToFire,
  checkWebhookUrl,
  postAlert,
  type Alert,
  type AlertFormat,
} from '../health/alerts.js';
import type { HealthSource } from '../model/call-records.js';
import { checkTenant } from '../health/check-tenant.js';
import { formatHealth, type HealthFormat } from '../health/format-health.js';
import { graphHealthSource } from '../health/graph-source.js';
import { observations, type TenantHealth } from '../health/health-report.js';
import { MAX_CALL_WINDOW_MS, parseDuration, parseResolve, thresholdsOf } from '../health/health-options.js';
import { simHealthSource } from '../backends/sim/sim-calls.js';
import { watchInterrupt } from '../io/interrupt.js';
import type { Database } from '../store/database.js';
import {
  alertLevels,
  destinationOf,
  durationBaselines,
  insertSamples,
  saveAlertLevels,
} from '../health/health-store.js';
import { withStore } from '../store/open-store.js';
import { checkOutputTarget, writeOutput } from '../io/output-target.js';
import type { Spec } from '../kinds/spec-document.js';
import type { SbcProduct } from '../health/readiness.js';

export interface HealthOptions {
  fleet?: string;
  tenant?: string;
  deviceCode?: boolean;
  cloud?: string;
  since: string;
  format: HealthFormat;
  out?: string;
  detailedExitcode?: boolean;
  /** Each SBC against the known platform changes (trust store, renewal, firmware). */
  readiness?: boolean;
  watch?: string;
  alertWebhook: string[];
  alertFormat?: AlertFormat;
  resolve: string[];
  templates?: string;
  /** Replace an --out file that is an input or not a health report Voiceform wrote. */
  force?: boolean;
  /** --allow-outside: folders besides the fleet manifest's whose files it may name. */
  allowOutside?: string[];
}

/** One tenant to check: its spec and where its tenant is, with the configuration to reach it. */
interface Target {
  name: string;
  spec: string;
  tenant?: string;
  templates?: string;
  config: Config;
}

/**
 * `voiceform health SPEC|--fleet MANIFEST`: per trunk call success from Direct Routing call
 * records, SBC certificates, gateway lint and Message Center notices; alerts once per change of
 * state to webhooks; samples and alert state kept in the run-history database. `--watch` repeats.
 */
export async function healthCommand(
  specFile: string | undefined,
  options: HealthOptions,
  io: IoHost,
  config: Config,
): Promise<number> {
  if (!specFile === !options.fleet) throw new SpecInvalid('name a spec or --fleet MANIFEST (one of them)');
  const sinceMs = parseDuration(options.since, '--since', MAX_CALL_WINDOW_MS);
  const resolve = parseResolve(options.resolve);
  const watchMs = options.watch ? parseDuration(options.watch, '--watch') : undefined;
  for (const url of options.alertWebhook) checkWebhookUrl(url);
  const targets: Target[] = options.fleet
    ? (await loadFleet(options.fleet, { allowOutside: options.allowOutside })).tenants.map((t) => ({
        name: t.name,
        spec: t.spec,
        tenant: t.tenant,
        templates: t.templates,
        config: tenantConfig(t, config),
      }))
    : [{ name: '', spec: specFile!, tenant: options.tenant, templates: options.templates, config }];
  if (options.out) {
    const inputs = [
      options.fleet,
      ...targets.flatMap((t) => [t.spec, t.tenant === 'teams' ? undefined : simTenantPath(t.tenant, t.config.home)]),
    ];
    await checkOutputTarget(options.out, { kind: 'health', inputs, force: options.force });
  }
  const interrupt = watchInterrupt(() => io.err('Interrupted: stopping after this round.'));
  try {
    for (;;) {
      // In a fleet, a tenant that cannot be checked (a broken spec, a failed sign-in) is a line, never a stop.
      const reports = await withStore(config, (db) =>
        pMap(
          targets,
          (t) =>
            options.fleet
              ? checkOne(t, db, sinceMs, resolve, options, io).catch((err: unknown) => unchecked(t, err))
              : checkOne(t, db, sinceMs, resolve, options, io),
          { concurrency: 4 },
        ),
      );
      const text = formatHealth(reports, options.format, Boolean(options.fleet));
      if (options.out) await writeOutput(options.out, text);
      else io.out(text);
      const bad = reports.some((r) => r.status === 'warning' || r.status === 'critical');
      // A tenant of the fleet that could not be checked fails the run (exit 1), as in `batch`; so
      // does an alert that could not be delivered (its change is posted again next run).
      const failed = reports.some((r) => r.error || r.deliveries.some((d) => !d.ok));
      if (!watchMs) return failed ? 1 : options.detailedExitcode && bad ? 2 : 0;
      // --watch: the next round after the interval, until Ctrl-C.
      for (let waited = 0; waited < watchMs && !interrupt.interrupted(); waited += 200)
        await new Promise((r) => setTimeout(r, Math.min(200, watchMs - waited)));
      if (interrupt.interrupted()) return 130;
    }
  } finally {
    interrupt.dispose();
  }
}

async function checkOne(
  t: Target,
  db: Database,
  sinceMs: number,
  resolve: Map<string, { host: string; port: number }>,
  options: HealthOptions,
  io: IoHost,
): Promise<TenantHealth> {
  const spec = await readSpec(t.spec, t.templates);
  const doc = spec.raw as Spec;
  const thresholds = thresholdsOf(doc.health, t.spec);
  const tenant = { name: t.name || doc.customer.name, id: spec.desired.tenantId };
  const now = new Date();
  const from = new Date(now.getTime() - sinceMs);
  const reader = await openReader(t.tenant, t.config, {
    tenantId: tenant.id,
    deviceCode: options.deviceCode,
    cloud: options.cloud,
    say: (m) => io.err(m),
  });
  const source = openSource(t, tenant.id, options);
  try {
    const { health, totals } = await checkTenant({
      tenant,
      users: spec.desired.voice.userNumbers.map((u) => u.upn),
      reader,
      source,
      thresholds,
      from,
      to: now,
      resolve,
      baselines: await durationBaselines(db, tenant.id, now),
      now,
      warn: (m) => io.err(`Warning (${tenant.name}): ${m}`),
      ...(options.readiness
        ? {
            readiness: {
              declared: declaredSbcs(doc),
              cloud: t.tenant === 'teams' ? cloudOf(options.cloud, t.config.env) : 'global',
            },
          }
        : {}),
    });
    const observed = observations(health);
    const toStored = (fired: Alert[]) => fired.map((a) => ({ subject: a.subject, level: a.level, message: a.message }));
    // The report's own changes since the last run: its state is apart from every webhook's.
    health.alerts = alertsToFire(await alertLevels(db, tenant.id), observed);
    await saveAlertLevels(db, tenant.id, toStored(health.alerts), now);
    // Each webhook has its own state: a new one first hears of every subject that is not ok, and
    // a change is stored for it once it was told (a failed delivery goes again next round).
    for (const url of options.alertWebhook) {
      const destination = destinationOf(url);
      const fired = alertsToFire(await alertLevels(db, tenant.id, destination), observed);
      if (fired.length === 0) continue;
      const format = alertFormatOf(url, options.alertFormat);
      const delivery = await postAlert(
        url,
        alertPayload(format, tenant, fired, now),
        t.config.retryDelaysMs?.slice(0, 3),
      );
      health.deliveries.push(delivery);
      if (delivery.ok) await saveAlertLevels(db, tenant.id, toStored(fired), now, destination);
      else
        io.err(
          `Warning (${tenant.name}): alert not delivered to ${delivery.url} after ${delivery.attempts} attempt(s): ${delivery.error}`,
        );
    }
    await insertSamples(db, tenant.id, from, now, totals);
    return health;
  } finally {
    await source.close();
    await reader.close();
  }
}

/** The SBCs the spec declares (`gateways[].sbc`), by lower-case FQDN. */
function declaredSbcs(doc: Spec): Map<string, SbcProduct> {
  return new Map(
    (doc.gateways ?? []).flatMap((g) =>
      g.sbc
        ? [
            [
              g.fqdn.toLowerCase(),
              {
                vendor: g.sbc.vendor,
                product: g.sbc.product ?? '',
                version: g.sbc.version,
                source: 'declared' as const,
              },
            ],
          ]
        : [],
    ),
  );
}

function unchecked(t: Target, err: unknown): TenantHealth {
  const now = new Date().toISOString();
  return {
    tenant: { name: t.name, id: 'unknown' },
    window: { from: now, to: now },
    status: 'unknown',
    trunks: [],
    certificates: [],
    lint: [],
    notices: [],
    operators: [],
    alerts: [],
    deliveries: [],
    error: String((err as Error)?.message ?? err).split('\n')[0],
  };
}

/** Call records and notices: the sim's files, or Graph with the tenant's app credential (call records are app-only). */
function openSource(t: Target, tenantId: string, options: HealthOptions): HealthSource {
  if (t.tenant !== 'teams') return simHealthSource(simTenantPath(t.tenant, t.config.home));
  if (options.deviceCode)
    throw new SpecInvalid(
      'health reads call records, which Graph serves to applications only',
      [],
      'sign in app-only: VOICEFORM_CLIENT_ID with VOICEFORM_CERT_PATH or VOICEFORM_CLIENT_SECRET',
    );
  const cloud = cloudOf(options.cloud, t.config.env);
  const endpoint = graphEndpoint(cloud, t.config.env);
  return graphHealthSource(
    createGraphClient(credentialFromEnv({ tenantId, cloud, env: t.config.env }), endpoint),
    `Microsoft Graph ${endpoint}`,
    cloud,
  );
}
