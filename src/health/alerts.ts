import type { HealthStatus } from './call-stats.js';

/** What an alert is about and how bad: `trunk sbc1.contoso.com`, `certificate sbc1…`, `gateway["…"] sip-options-off`. */
export interface Observation {
  subject: string;
  status: HealthStatus | 'info';
  message: string;
}

/** The levels that alert; ok and too-few-calls are quiet (resolving an alert when reached). */
export type AlertLevel = 'critical' | 'warning' | 'unknown' | 'ok';

export const levelOf = (s: Observation['status']): AlertLevel =>
  s === 'critical' || s === 'warning' || s === 'unknown' ? s : 'ok';

export interface Alert {
  subject: string;
  level: AlertLevel;
  /** The level it was at before (ok when never alerted). */
  was: AlertLevel;
  message: string;
}

/**
 * Alerts fire once per change of level per subject: compared with the levels stored after the
 * last run, only subjects whose level moved alert (a recovery to ok included, as "resolved"). A
 * subject not observed this run keeps its stored level. Pure.
 */
export function alertsToFire(stored: ReadonlyMap<string, string>, observed: Observation[]): Alert[] {
  const out: Alert[] = [];
  for (const o of observed) {
    const level = levelOf(o.status);
    const was = (stored.get(o.subject) as AlertLevel | undefined) ?? 'ok';
    if (level !== was) out.push({ subject: o.subject, level, was, message: o.message });
  }
  return out;
}

export type AlertFormat = 'teams' | 'json';

/**
 * Teams Workflows webhooks (Power Automate "When a Teams webhook request is received") take an
 * Adaptive Card in a message envelope; anything else gets plain JSON. Told by the URL unless
 * --alert-format says.
 */
export function alertFormatOf(url: string, override?: AlertFormat): AlertFormat {
  if (override) return override;
  const host = new URL(url).hostname;
  return /\.(logic\.azure\.com|powerplatform\.com|powerautomate\.com)$/i.test(host) ||
    /(^|\.)webhook\.office\.com$/i.test(host)
    ? 'teams'
    : 'json';
}

const ICON: Record<AlertLevel, string> = { critical: '🔴', warning: '🟠', unknown: '⚪', ok: '🟢' };

export function alertPayload(
  format: AlertFormat,
  tenant: { name: string; id: string },
  alerts: Alert[],
  at: Date,
): unknown {
  if (format === 'json') {
    return {
      source: 'voiceform',
      kind: 'health',
      tenant,
      at: at.toISOString(),
      alerts: alerts.map((a) => ({
        subject: a.subject,
        level: a.level,
        was: a.was,
        resolved: a.level === 'ok',
        message: a.message,
      })),
    };
  }
  const worstFirst = [...alerts].sort(
    (a, b) =>
      ['critical', 'warning', 'unknown', 'ok'].indexOf(a.level) -
      ['critical', 'warning', 'unknown', 'ok'].indexOf(b.level),
  );
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            {
              type: 'TextBlock',
              size: 'Medium',
              weight: 'Bolder',
              wrap: true,
              text: `Voiceform health: ${tenant.name}`,
            },
            {
              type: 'TextBlock',
              isSubtle: true,
              spacing: 'None',
              wrap: true,
              text: `Tenant ${tenant.id} · ${at.toISOString()}`,
            },
            ...worstFirst.map((a) => ({
              type: 'TextBlock',
              wrap: true,
              // Adaptive Card text is markdown: subjects and messages are data, so markdown characters are escaped.
              text: `${ICON[a.level]} **${md(a.subject)}**: ${a.level === 'ok' ? `resolved (was ${a.was})` : a.level}. ${md(a.message)}`,
            })),
          ],
        },
      },
    ],
  };
}

const md = (s: string) => s.replace(/[\\*_[\]()#>`~|<]/g, (c) => `\\${c}`);

/** A webhook URL fit to print: its query (a Workflows URL's `sig=` is its secret) and path left out. */
export const redactWebhook = (url: string): string => {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return '(an unreadable URL)';
  }
};

export interface PostResult {
  url: string;
  ok: boolean;
  attempts: number;
  status?: number;
  error?: string;
}

/**
 * Posts one payload with retries (network errors, 429 and 5xx; Retry-After honoured up to 30 s),
 * `delaysMs` between attempts. Never throws: a lost alert is reported, and its level is not stored,
 * so the next run tries again.
 */
export async function postAlert(
  url: string,
  payload: unknown,
  delaysMs: number[] = [1000, 3000, 9000],
  fetchImpl: typeof fetch = fetch,
): Promise<PostResult> {
  let attempts = 0;
  let last: PostResult = { url: redactWebhook(url), ok: false, attempts: 0 };
  for (;;) {
    attempts++;
    let wait: number | undefined;
    try {
      const res = await fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(15_000),
      });
      if (res.ok) return { url: redactWebhook(url), ok: true, attempts, status: res.status };
      last = { url: redactWebhook(url), ok: false, attempts, status: res.status, error: `HTTP ${res.status}` };
      if (res.status !== 429 && res.status < 500) return last;
      const ra = Number(res.headers.get('retry-after'));
      if (Number.isFinite(ra) && ra > 0) wait = Math.min(ra * 1000, 30_000);
    } catch (err) {
      last = { url: redactWebhook(url), ok: false, attempts, error: (err as Error).message };
    }
    if (attempts > delaysMs.length) return last;
    await new Promise((r) => setTimeout(r, wait ?? delaysMs[attempts - 1]));
  }
}
