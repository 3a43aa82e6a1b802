import { STATUS_RANK, worst, type HealthStatus } from './call-stats.js';
import type { CertificateHealth } from './cert-probe.js';
import type { ClientCaRequest } from './client-ca-names.js';
import type { Notice } from './notices.js';
import {
  compareVersions,
  majorMinor,
  type PlatformChange,
  type ReadinessData,
  type RootCa,
  type VendorPattern,
} from './readiness-data.js';

/** What one check found: for trust stores ready/at-risk, for firmware certified/below-minimum/uncertified. */
export type ReadinessStatus =
  | 'ready'
  | 'at-risk'
  | 'certified'
  | 'below-minimum'
  | 'uncertified'
  | 'renewal-loses-eku'
  | 'not-affected'
  | 'unknown';

export interface ReadinessCheck {
  /** The change's id (`MC1213773`), with `/firmware` for its firmware minimum; `certified` for the list. */
  id: string;
  status: ReadinessStatus;
  /** The day this SBC stops working (or stopped) for this reason; null when nothing is dated. */
  breaksOn: string | null;
  evidence: string;
  fix: string;
  /** How the status weighs in the tenant's health and alerts. */
  severity: HealthStatus;
}

/** The SBC's software, from its OPTIONS answer or the spec's `gateways[].sbc`. */
export interface SbcProduct {
  vendor: string;
  product: string;
  version: string;
  source: 'options' | 'declared';
}

export interface SbcReadiness {
  fqdn: string;
  tenant: string;
  sbc: SbcProduct | null;
  status: HealthStatus;
  checks: ReadinessCheck[];
}

const DAY = 86_400_000;
/** A dated break this close (or past) is critical; further off, a warning. */
const CRITICAL_WITHIN_DAYS = 30;

function datedSeverity(breaksOn: string | null, now: Date): HealthStatus {
  if (!breaksOn) return 'warning';
  return Date.parse(breaksOn) - now.getTime() <= CRITICAL_WITHIN_DAYS * DAY ? 'critical' : 'warning';
}

/** A DN as a set of `type=value` (types lower-cased, `\,` unescaped), order-free. Pure. */
export function dnKey(dn: string): string {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < dn.length; i++) {
    if (dn[i] === '\\' && i + 1 < dn.length) cur += dn[++i];
    else if (dn[i] === ',') (parts.push(cur), (cur = ''));
    else cur += dn[i];
  }
  parts.push(cur);
  return parts
    .map((p) => {
      const eq = p.indexOf('=');
      return `${p.slice(0, eq).trim().toLowerCase()}=${p.slice(eq + 1).trim()}`;
    })
    .sort()
    .join('\n');
}

/** Trust store: the CA names the SBC sent against the roots a change needs. Never ready by default. Pure. */
export function judgeTrustStore(
  change: PlatformChange,
  request: ClientCaRequest,
  roots: RootCa[],
  now: Date,
): ReadinessCheck {
  const needed = (change.roots ?? []).map((label) => roots.find((r) => r.label === label)!);
  const byHand = `compare the trusted roots of the SBC's Teams TLS context with: ${needed.map((r) => r.label).join(', ')}; or ${change.howToCheck}`;
  const unknown = (evidence: string, fix: string): ReadinessCheck => ({
    id: change.id,
    status: 'unknown',
    breaksOn: change.breaksOn ?? null,
    evidence,
    fix,
    severity: 'unknown',
  });
  if (request.kind === 'unreachable')
    return unknown(
      `no TLS answer (${request.reason}): many SBCs accept only Microsoft's addresses (52.112.0.0/14, 52.120.0.0/14)`,
      `run the radar from a network the SBC admits, or ${byHand}`,
    );
  if (request.kind === 'not-requested')
    return unknown(
      'the SBC asks this prober for no client certificate (no mutual TLS here)',
      `if it uses mutual TLS with Microsoft only, ${byHand}; without mutual TLS the change does not apply to it`,
    );
  if (request.kind === 'no-names')
    return unknown('the SBC requests a client certificate but names no certificate authority', byHand);
  const sent = new Set(request.names.map(dnKey));
  const missing = needed.filter((r) => !sent.has(dnKey(r.subject)));
  if (missing.length === 0)
    return {
      id: change.id,
      status: 'ready',
      breaksOn: null,
      evidence: `names all ${needed.length} roots the change needs`,
      fix: '',
      severity: 'ok',
    };
  const breaksOn = change.breaksOn ?? null;
  const past = breaksOn !== null && Date.parse(breaksOn) <= now.getTime();
  return {
    id: change.id,
    status: 'at-risk',
    breaksOn,
    evidence: `names ${request.names.length} CA(s) but not ${missing.map((r) => r.label).join(', ')}${past ? `: Microsoft enforces it since ${breaksOn}, so mutual TLS with Teams fails once its proxies present the new chain` : ''}`,
    fix: `add ${missing.map((r) => r.label).join(', ')} to the trusted roots of the SBC's Teams TLS context${breaksOn && !past ? ` before ${breaksOn}` : ' now'}`,
    severity: datedSeverity(breaksOn, now),
  };
}

/** Certificate renewal: a public certificate with Client Authentication now loses it at its next renewal. Pure. */
export function judgeRenewal(change: PlatformChange, cert: CertificateHealth | undefined, now: Date): ReadinessCheck {
  const base = { id: change.id, breaksOn: null, fix: '' };
  if (!cert?.notAfter)
    return {
      ...base,
      status: 'unknown',
      evidence: 'no certificate was read from the SBC',
      fix: change.howToCheck,
      severity: 'unknown',
    };
  if (!cert.eku.includes('clientAuth'))
    return {
      ...base,
      status: 'not-affected',
      evidence:
        'the certificate carries no Client Authentication EKU to lose (the certificate check reports its absence)',
      severity: 'ok',
    };
  if (!cert.publiclyTrusted)
    return {
      ...base,
      status: 'not-affected',
      evidence: `issued by ${cert.issuer ?? 'a CA'} outside the public roots: the public CAs' rule does not bind it`,
      severity: 'ok',
    };
  const renewal = cert.notAfter.slice(0, 10);
  const after = Date.parse(cert.notAfter) >= Date.parse(change.from ?? '1970-01-01');
  if (!after)
    return {
      ...base,
      status: 'not-affected',
      evidence: `expires on ${renewal}, before ${change.from}`,
      severity: 'ok',
    };
  return {
    id: change.id,
    status: 'renewal-loses-eku',
    breaksOn: renewal,
    evidence: `carries Client Authentication now (issuer ${cert.issuer ?? 'unknown'}); public CAs issue server certificates without it from ${change.from}, so its renewal, due by ${renewal}, will lack it`,
    fix: `before ${renewal}: ${change.howToCheck}`,
    // A renewal is the operator's own act, dated and avoidable: a warning, however near.
    severity: 'warning',
  };
}

/**
 * The SBC's own certificate against the CAs Microsoft accepts in the tenant's cloud: a public CA
 * (its Trusted Root Program, as the chain verifying against public roots shows) in the commercial
 * cloud; in GCC High and DoD one of two DigiCert roots, looked for in the chain the SBC sent. Pure.
 */
export function judgeCertificateCa(
  cert: CertificateHealth | undefined,
  cloud: string,
  cas: ReadinessData['sbcCertificateCas'],
): ReadinessCheck {
  const base = { id: 'sbc-certificate-ca', breaksOn: null };
  const rule = cas.clouds[cloud];
  if (!rule)
    return {
      ...base,
      status: 'unknown',
      evidence: `no rule is known for the ${cloud} cloud`,
      fix: '',
      severity: 'unknown',
    };
  if (!cert?.notAfter)
    return {
      ...base,
      status: 'unknown',
      evidence: 'no certificate was read from the SBC',
      fix: rule.rule,
      severity: 'unknown',
    };
  const accepted = rule.roots
    ? cert.chain.some((cn) => rule.roots!.some((r) => r.toLowerCase() === cn.toLowerCase()))
    : cert.publiclyTrusted === true;
  return accepted
    ? {
        ...base,
        status: 'ready',
        evidence: `issued by ${cert.issuer ?? 'a CA'}: ${rule.rule}`,
        fix: '',
        severity: 'ok',
      }
    : {
        ...base,
        status: 'at-risk',
        evidence: `issued by ${cert.issuer ?? 'an unknown CA'}${rule.roots ? `, whose chain as sent names none of ${rule.roots.join(', ')}` : ', which does not verify against the public roots'}`,
        fix: `${rule.rule}: renew the certificate from such a CA (${cas.source.split(',')[0]})`,
        severity: 'warning',
      };
}

/** The vendor, product and version a `Server`/`User-Agent` header names, by the first pattern that matches. Pure. */
export function identifySbc(header: string | null, vendors: VendorPattern[]): SbcProduct | null {
  if (!header) return null;
  for (const v of vendors) {
    const m = new RegExp(v.pattern, 'i').exec(header);
    if (m?.groups?.version)
      return {
        vendor: v.vendor,
        product: (m.groups.product ?? '').trim(),
        version: m.groups.version,
        source: 'options',
      };
  }
  return null;
}

/** A documented version certifies later ones of its major.minor line. Pure. */
function certifies(documented: string, version: string): boolean {
  const line = majorMinor(documented);
  const v = version.toLowerCase();
  return (v === line || v.startsWith(`${line}.`)) && compareVersions(version, documented) >= 0;
}

/** Firmware: Microsoft's certified list, then each change's vendor minimum. Pure. */
export function judgeFirmware(sbc: SbcProduct | null, data: ReadinessData, now: Date): ReadinessCheck[] {
  const declared = sbc?.source === 'declared' ? ' (declared in the spec)' : '';
  if (!sbc)
    return [
      {
        id: 'certified',
        status: 'unknown',
        breaksOn: null,
        evidence: 'no Server or User-Agent header in an OPTIONS answer (or none recognised)',
        fix: 'declare the SBC in the spec: gateways[].sbc { "vendor", "product", "version" }',
        severity: 'unknown',
      },
    ];
  const name = `${sbc.vendor} ${sbc.product} ${sbc.version}`.replace(/\s+/g, ' ');
  const entries = data.certified.entries.filter(
    (e) =>
      e.vendor.toLowerCase() === sbc.vendor.toLowerCase() &&
      sbc.product.toLowerCase().startsWith(e.product.toLowerCase()),
  );
  const ok = entries.some(
    (e) =>
      e.documented.some((d) => certifies(d, sbc.version)) ||
      (e.orLater !== undefined && compareVersions(sbc.version, e.orLater) >= 0),
  );
  const checks: ReadinessCheck[] = [
    ok
      ? {
          id: 'certified',
          status: 'certified',
          breaksOn: null,
          evidence: `${name}${declared}`,
          fix: '',
          severity: 'ok',
        }
      : {
          id: 'certified',
          status: 'uncertified',
          breaksOn: null,
          evidence: `${name}${declared} is not a certified firmware line${entries.length ? ` (Microsoft lists: ${entries.map((e) => e.text).join('; ')})` : ` (Microsoft lists no ${sbc.vendor} ${sbc.product})`}`,
          fix: 'move to a certified firmware: Microsoft may reject support cases for uncertified devices',
          severity: 'warning',
        },
  ];
  for (const change of data.changes)
    for (const min of change.firmware ?? []) {
      if (min.vendor.toLowerCase() !== sbc.vendor.toLowerCase()) continue;
      const below = compareVersions(sbc.version, min.minimum) < 0;
      checks.push(
        below
          ? {
              id: `${change.id}/firmware`,
              status: 'below-minimum',
              breaksOn: change.breaksOn ?? null,
              evidence: `${name}${declared} is below ${min.minimum}, the vendor's minimum for ${change.id} (${min.source})`,
              fix: min.fix,
              severity: datedSeverity(change.breaksOn ?? null, now),
            }
          : {
              id: `${change.id}/firmware`,
              status: 'ready',
              breaksOn: null,
              evidence: `${name}${declared} is at or above ${min.minimum}`,
              fix: '',
              severity: 'ok',
            },
      );
    }
  return checks;
}

/** Every check of one SBC, rolled up. Pure. */
export function sbcReadiness(
  fqdn: string,
  tenant: string,
  sbc: SbcProduct | null,
  trust: ClientCaRequest,
  cert: CertificateHealth | undefined,
  data: ReadinessData,
  now: Date,
  cloud = 'global',
): SbcReadiness {
  const checks: ReadinessCheck[] = [judgeCertificateCa(cert, cloud, data.sbcCertificateCas)];
  for (const change of data.changes) {
    if (change.check === 'trust-store') checks.push(judgeTrustStore(change, trust, data.roots, now));
    if (change.check === 'renewal-eku') checks.push(judgeRenewal(change, cert, now));
  }
  checks.push(...judgeFirmware(sbc, data, now));
  return { fqdn, tenant, sbc, status: worst(checks.map((c) => c.severity)), checks };
}

/** A known change a Message Center notice announces, and the SBCs it puts at risk. */
export interface ChangeExposure {
  id: string;
  title: string;
  actionRequiredBy: string | null;
  atRisk: string[];
  of: number;
  summary: string;
}

/** Notices matched to the known changes by id, with the SBCs each puts at risk. Pure. */
export function exposures(notices: Notice[], readiness: SbcReadiness[], data: ReadinessData): ChangeExposure[] {
  return data.changes.flatMap((change) => {
    const notice = notices.find((n) => n.id.toUpperCase() === change.id.toUpperCase());
    if (!notice) return [];
    const atRisk = readiness
      .filter((r) =>
        r.checks.some(
          (c) => c.id.split('/')[0] === change.id && (c.status === 'at-risk' || c.status === 'below-minimum'),
        ),
      )
      .map((r) => r.fqdn);
    return [
      {
        id: change.id,
        title: notice.title,
        actionRequiredBy: notice.actionRequiredBy,
        atRisk,
        of: readiness.length,
        summary: `${change.id}: ${atRisk.length} of your ${readiness.length} SBCs are at risk${atRisk.length ? `: ${atRisk.join(', ')}` : ''}${notice.actionRequiredBy ? ` (action required by ${notice.actionRequiredBy.slice(0, 10)})` : ''}`,
      },
    ];
  });
}

export interface TimelineRow {
  fqdn: string;
  tenant: string;
  check: ReadinessCheck;
}

/**
 * Every SBC × check: `soonest` by the day it breaks (undated last), `worst` by severity first;
 * ties by the other, then by FQDN. Pure.
 */
export function timeline(readiness: SbcReadiness[], order: 'soonest' | 'worst' = 'soonest'): TimelineRow[] {
  const byDate = (a: TimelineRow, b: TimelineRow) =>
    (a.check.breaksOn ?? '9999').localeCompare(b.check.breaksOn ?? '9999');
  const bySeverity = (a: TimelineRow, b: TimelineRow) => STATUS_RANK[a.check.severity] - STATUS_RANK[b.check.severity];
  const [first, second] = order === 'soonest' ? [byDate, bySeverity] : [bySeverity, byDate];
  return readiness
    .flatMap((r) => r.checks.map((check) => ({ fqdn: r.fqdn, tenant: r.tenant, check })))
    .sort(
      (a, b) => first(a, b) || second(a, b) || a.fqdn.localeCompare(b.fqdn) || a.check.id.localeCompare(b.check.id),
    );
}
