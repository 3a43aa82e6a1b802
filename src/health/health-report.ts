import type { Alert, Observation } from './alerts.js';
import { STATUS_RANK, worst, type HealthStatus, type TrunkHealth } from './call-stats.js';
import type { CertificateHealth } from './cert-probe.js';
import type { LintFinding } from './lint.js';
import type { Notice } from './notices.js';
import type { ChangeExposure, SbcReadiness } from './readiness.js';

/** One tenant's health: the document every format renders. */
export interface TenantHealth {
  tenant: { name: string; id: string };
  window: { from: string; to: string };
  status: HealthStatus;
  trunks: TrunkHealth[];
  certificates: CertificateHealth[];
  lint: LintFinding[];
  notices: Notice[];
  /** Calling Plan / Operator Connect traffic per operator (getPstnCalls). */
  operators: { operator: string; calls: number; seconds: number }[];
  alerts: Alert[];
  /** Why this tenant could not be checked (a fleet goes on without it); its status is then unknown. */
  error?: string;
  /** Webhook deliveries (URLs without their secrets). */
  deliveries: { url: string; ok: boolean; attempts: number; error?: string }[];
  /** `--readiness`: each SBC against the known platform changes. */
  readiness?: SbcReadiness[];
  /** Message Center notices of known changes, with the SBCs each puts at risk. */
  exposures?: ChangeExposure[];
}

type Judged = Pick<TenantHealth, 'trunks' | 'certificates' | 'lint' | 'readiness'>;

/** Every subject health judges, for alerting. Pure. */
export function observations(h: Judged): Observation[] {
  return [
    ...h.trunks.map((t) => ({
      subject: `trunk ${t.fqdn}`,
      status: t.status,
      message: t.messages.join('; ') || `${t.calls} calls, NER ${t.ner ?? 'n/a'}`,
    })),
    ...h.certificates.map((c) => ({
      subject: `certificate ${c.fqdn}`,
      status: c.status,
      message:
        c.messages.join('; ') ||
        (c.notAfter
          ? `expires in ${c.daysLeft} days, on ${c.notAfter.slice(0, 10)}`
          : `no certificate read at ${c.probed}`),
    })),
    ...h.lint.map((l) => ({ subject: `${l.subject} ${l.rule}`, status: l.severity, message: l.message })),
    // One subject per SBC and check: an alert fires when its state changes (at-risk → ready resolves it).
    ...(h.readiness ?? []).flatMap((r) =>
      r.checks.map((c) => ({
        subject: `readiness ${r.fqdn} ${c.id}`,
        status: c.severity,
        message: `${c.status}${c.breaksOn ? ` (breaks on ${c.breaksOn})` : ''}: ${c.evidence}`,
      })),
    ),
  ];
}

/** The tenant's overall status: its worst trunk, certificate or lint finding. Pure. */
export function overallStatus(h: Judged): HealthStatus {
  return worst([
    ...h.trunks.map((t) => t.status),
    ...h.certificates.map((c) => c.status),
    ...(h.readiness ?? []).map((r) => r.status),
    ...h.lint.flatMap((l) => (l.severity === 'info' ? [] : [l.severity])),
  ]);
}

export const byWorst = <T extends { status: HealthStatus }>(a: T, b: T): number =>
  STATUS_RANK[a.status] - STATUS_RANK[b.status];
