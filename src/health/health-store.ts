import { createHash } from 'node:crypto';
import type { Database } from '../store/database.js';
import type { TrunkTotals } from './call-stats.js';

/** A trunk's totals over one window, kept so baselines and trends outlive the run. */
export async function insertSamples(
  db: Pick<Database, 'query'>,
  tenantId: string,
  from: Date,
  to: Date,
  trunks: Iterable<TrunkTotals>,
): Promise<void> {
  for (const t of trunks) {
    await db.query(
      `INSERT INTO voiceform_health_samples (tenant_id, trunk, window_from, window_to, calls, counted, delivered, successful, successful_seconds, sbc_failures)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        tenantId.toLowerCase(),
        t.fqdn,
        from.toISOString(),
        to.toISOString(),
        t.calls,
        t.calls - t.completedElsewhere,
        t.delivered,
        t.successful,
        t.successfulSeconds,
        t.sbcCausedFailures,
      ],
    );
  }
}

/**
 * Each trunk's average successful-call duration over the samples of the 28 days before `before`
 * (windows overlap when runs do, which weighs calls alike on both sides of the ratio). Trunks
 * without samples are absent.
 */
export async function durationBaselines(
  db: Pick<Database, 'query'>,
  tenantId: string,
  before: Date,
): Promise<Map<string, number>> {
  const rows = await db.query<{ trunk: string; seconds: number; successful: number }>(
    `SELECT trunk, sum(successful_seconds) AS seconds, sum(successful) AS successful FROM voiceform_health_samples
     WHERE lower(tenant_id) = lower($1) AND window_to <= $2 AND window_to > $2::timestamptz - interval '28 days' GROUP BY trunk`,
    [tenantId, before.toISOString()],
  );
  return new Map(
    rows.filter((r) => Number(r.successful) > 0).map((r) => [r.trunk, Number(r.seconds) / Number(r.successful)]),
  );
}

/** A webhook as alert state knows it: the hash of its URL, never the URL (it holds the secret). */
export const destinationOf = (url: string | undefined): string =>
  url === undefined ? '' : `webhook:${createHash('sha256').update(url).digest('hex').slice(0, 32)}`;

/** The level each subject was last told to a destination at ('' is the report). */
export async function alertLevels(
  db: Pick<Database, 'query'>,
  tenantId: string,
  destination = '',
): Promise<Map<string, string>> {
  const rows = await db.query<{ subject: string; level: string }>(
    'SELECT subject, level FROM voiceform_health_alerts WHERE tenant_id = lower($1) AND destination = $2',
    [tenantId, destination],
  );
  return new Map(rows.map((r) => [r.subject, r.level]));
}

/** What a destination has now been told. */
export async function saveAlertLevels(
  db: Pick<Database, 'query'>,
  tenantId: string,
  changes: { subject: string; level: string; message: string }[],
  at: Date,
  destination = '',
): Promise<void> {
  for (const c of changes) {
    await db.query(
      `INSERT INTO voiceform_health_alerts (tenant_id, destination, subject, level, message, changed_at) VALUES (lower($1), $2, $3, $4, $5, $6)
       ON CONFLICT (tenant_id, destination, subject) DO UPDATE SET level = EXCLUDED.level, message = EXCLUDED.message, changed_at = EXCLUDED.changed_at`,
      [tenantId, destination, c.subject, c.level, c.message, at.toISOString()],
    );
  }
}
