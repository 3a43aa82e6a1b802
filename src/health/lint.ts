import type { TenantVoiceState } from '../kinds/registry.js';
import type { HealthStatus } from './call-stats.js';
import type { TrunkHealth } from './call-stats.js';
import type { CertificateHealth } from './cert-probe.js';

export interface LintFinding {
  /** `gateway["sbc1.contoso.com"]`, `voiceRoute["UK-National"]`. */
  subject: string;
  rule: string;
  severity: Exclude<HealthStatus, 'ok' | 'unknown' | 'insufficient-data'> | 'info';
  message: string;
}

export interface LintInput {
  voice: TenantVoiceState;
  /** Trunk and certificate health by lower-case FQDN (a gateway with no calls has no trunk entry). */
  trunks: Map<string, TrunkHealth>;
  certificates: Map<string, CertificateHealth>;
  /** Hours the call window covers: `inactive` needs a full day. */
  windowHours: number;
}

const gw = (fqdn: string) => `gateway[${JSON.stringify(fqdn)}]`;
const route = (name: string) => `voiceRoute[${JSON.stringify(name)}]`;

/**
 * The tenant's Direct Routing configuration against what keeps calls flowing (Microsoft's
 * health dashboard and routing documents): what a live route relies on must be enabled, watched
 * by SIP OPTIONS and bounded. A route is live when a voice routing policy that is Global or
 * granted to a user reaches it through a PSTN usage. Pure.
 */
export function lintGateways(input: LintInput): LintFinding[] {
  const { voice } = input;
  const out: LintFinding[] = [];
  const granted = new Set(
    voice.userPolicies.flatMap((u) => (u.voiceRoutingPolicy ? [u.voiceRoutingPolicy.toLowerCase()] : [])),
  );
  const livePolicies = voice.voiceRoutingPolicies.filter(
    (p) => p.name.toLowerCase() === 'global' || granted.has(p.name.toLowerCase()),
  );
  const liveUsages = new Set(livePolicies.flatMap((p) => p.pstnUsages.map((u) => u.toLowerCase())));
  const liveRoutes = voice.voiceRoutes.filter((r) => r.pstnUsages.some((u) => liveUsages.has(u.toLowerCase())));
  const inLiveRoute = new Set(liveRoutes.flatMap((r) => r.gateways.map((g) => g.toLowerCase())));
  for (const g of voice.gateways) {
    const key = g.fqdn.toLowerCase();
    const live = inLiveRoute.has(key);
    if (!g.enabled && live) {
      const routes = liveRoutes.filter((r) => r.gateways.some((x) => x.toLowerCase() === key)).map((r) => r.name);
      out.push({
        subject: gw(g.fqdn),
        rule: 'disabled-in-live-route',
        severity: 'critical',
        message: `disabled, yet in ${routes.map(route).join(', ')} of an assigned voice routing policy: calls on those routes cannot use it`,
      });
    }
    if (!g.sendSipOptions)
      out.push({
        subject: gw(g.fqdn),
        rule: 'sip-options-off',
        severity: 'warning',
        message:
          'SendSipOptions is off: Teams cannot see this SBC go down, so it is never demoted and calls keep trying it',
      });
    if (g.maxConcurrentSessions === null)
      out.push({
        subject: gw(g.fqdn),
        rule: 'max-sessions-unset',
        severity: 'info',
        message: 'MaxConcurrentSessions is unset: the health dashboard cannot compare load with capacity',
      });
    if (g.failoverTimeSeconds > 20)
      out.push({
        subject: gw(g.fqdn),
        rule: 'slow-failover',
        severity: 'warning',
        message: `FailoverTimeSeconds is ${g.failoverTimeSeconds}: a caller waits that long before another gateway is tried (default 10)`,
      });
    const codes = g.failoverResponseCodes.split(',').map((c) => c.trim());
    if (!codes.includes('503'))
      out.push({
        subject: gw(g.fqdn),
        rule: 'failover-codes',
        severity: 'info',
        message: `FailoverResponseCodes "${g.failoverResponseCodes}" leaves out 503: an overloaded SBC's refusals are not retried elsewhere`,
      });
    const trunk = input.trunks.get(key);
    if (g.enabled && live && input.windowHours >= 24 && (trunk?.successful ?? 0) === 0) {
      const tried = trunk?.calls ? ` (${trunk.calls} attempted)` : '';
      out.push({
        subject: gw(g.fqdn),
        rule: 'inactive',
        severity: 'warning',
        message: `enabled and in a live route, but no successful call in the last ${Math.round(input.windowHours)} h${tried}`,
      });
    }
  }
  // A route is only as good as its best gateway.
  const bad = (fqdn: string): boolean => {
    const key = fqdn.toLowerCase();
    const g = voice.gateways.find((x) => x.fqdn.toLowerCase() === key);
    return (
      !g?.enabled || input.trunks.get(key)?.status === 'critical' || input.certificates.get(key)?.status === 'critical'
    );
  };
  // One finding per set of gateways, naming the live routes that rely on nothing else.
  const stranded = new Map<string, { gateways: string[]; routes: string[] }>();
  for (const r of liveRoutes) {
    if (r.gateways.length === 0 || !r.gateways.every(bad)) continue;
    const key = r.gateways
      .map((g) => g.toLowerCase())
      .sort()
      .join(',');
    const group = stranded.get(key) ?? stranded.set(key, { gateways: r.gateways, routes: [] }).get(key)!;
    group.routes.push(r.name);
  }
  for (const { gateways, routes } of stranded.values()) {
    const names =
      routes.length > 5 ? `${routes.slice(0, 5).join(', ')} and ${routes.length - 5} more` : routes.join(', ');
    out.push({
      subject:
        gateways.length === 1 ? gw(gateways[0]!) : `gateways[${gateways.map((g) => JSON.stringify(g)).join(',')}]`,
      rule: 'no-healthy-gateway',
      severity: 'critical',
      message: `the only gateway(s) of ${routes.length} live route(s) (${names}), and disabled or critical: their calls fail`,
    });
  }
  return out;
}
