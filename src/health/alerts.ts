import { SpecInvalid } from '../errors.js';
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
  /** The level it was at before; `new` for a subject this destination never heard of. */
  was: AlertLevel | 'new';
  message: string;
}

/**
 * Configuration findings (gateway lint) are worked out afresh over every gateway each run: one
 * that is no longer found has cleared. Trunks and certificates not seen in a run (no calls, a
 * probe not made) keep their level.
 */
export const clearsWhenAbsent = (subject: string): boolean => !/^(trunk|certificate) /.test(subject);

/**
 * Alerts fire once per change of level per subject and destination: compared with the levels
 * stored for that destination, only subjects whose level moved alert (a recovery to ok included,
 * as "resolved"; a lint finding no longer found is resolved too). Pure.
 */
export function alertsToFire(stored: ReadonlyMap<string, string>, observed: Observation[]): Alert[] {
  const out: Alert[] = [];
  const seen = new Set<string>();
  for (const o of observed) {
    seen.add(o.subject);
    const level = levelOf(o.status);
    const was = stored.get(o.subject) as AlertLevel | undefined;
    if (level !== (was ?? 'ok')) out.push({ subject: o.subject, level, was: was ?? 'new', message: o.message });
  }
  for (const [subject, was] of stored) {
    if (seen.has(subject) || was === 'ok' || !clearsWhenAbsent(subject)) continue;
    out.push({ subject, level: 'ok', was: was as AlertLevel, message: 'no longer found' });
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

// Cloud instance metadata services: a webhook there would post the tenant's alerts to (and let a
// reply reach) the machine's own credentials endpoint.
const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata', 'instance-data', 'instance-data.ec2.internal']);

function linkLocal(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (/^169\.254\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  if (/^fe[89ab][0-9a-f]?:/.test(h)) return true;
  return h === 'fd00:ec2::254' || h === '100.100.100.200';
}

/**
 * Checks an --alert-webhook before anything runs (exit 3): an http(s) URL without credentials in
 * it (they would be printed and sent in clear) and not at a link-local or cloud metadata address.
 * Messages show the URL only redacted.
 */
export function checkWebhookUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SpecInvalid(
      '--alert-webhook must be an http(s) URL',
      [],
      'e.g. the HTTP POST URL of a Teams Workflows trigger',
    );
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new SpecInvalid(`--alert-webhook ${redactWebhook(url)}: must be an http(s) URL`);
  if (u.username || u.password) {
    throw new SpecInvalid(
      `--alert-webhook ${redactWebhook(url)}: the URL holds a user name or password`,
      [],
      "put the credential in the URL's path or query as the service issues it (Workflows URLs carry their signature there), never before the host",
    );
  }
  if (linkLocal(u.hostname) || METADATA_HOSTS.has(u.hostname.toLowerCase())) {
    throw new SpecInvalid(
      `--alert-webhook ${redactWebhook(url)}: a link-local or cloud metadata address is no webhook`,
    );
  }
  return u;
}

/** Failures that may pass on their own (the network, a timeout): anything else is permanent. */
function transient(err: unknown): boolean {
  const e = err as { name?: string; cause?: { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
  return (
    typeof e.cause?.code === 'string' &&
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_\w+)$/.test(
      e.cause.code,
    )
  );
}

/** An error's words without the URL it was about (a thrown fetch error may quote it whole). */
const withoutUrl = (message: string, url: string): string => message.split(url).join(redactWebhook(url));

export interface PostResult {
  url: string;
  ok: boolean;
  attempts: number;
  status?: number;
  error?: string;
}

/**
 * Posts one payload with retries (network errors and timeouts, 429 and 5xx; Retry-After honoured up to 30 s),
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
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      last = {
        url: redactWebhook(url),
        ok: false,
        attempts,
        error: withoutUrl(`${(err as Error).message}${cause ? ` (${cause})` : ''}`, url),
      };
      if (!transient(err)) return last;
    }
    if (attempts > delaysMs.length) return last;
    await new Promise((r) => setTimeout(r, wait ?? delaysMs[attempts - 1]));
  }
}
