/**
 * #15, the pure core of the health watch: NER and failure rates from Graph's codes, thresholds,
 * certificate judgement, lint, Message Center filtering, alert state changes and payloads, and
 * webhook delivery with retries (against a real HTTP server on 127.0.0.1).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import {
  alertFormatOf,
  alertPayload,
  alertsToFire,
  checkWebhookUrl,
  postAlert,
  redactWebhook,
} from '../../src/health/alerts.js';
import { SpecInvalid } from '../../src/errors.js';
import type { DirectRoutingCall, ServiceMessage } from '../../src/model/call-records.js';
import { classify, DEFAULT_THRESHOLDS, TrunkAggregator, trunkHealth } from '../../src/health/call-stats.js';
import { judgeCertificate, type HandshakeFacts } from '../../src/health/cert-probe.js';
import { MAX_CALL_WINDOW_MS, parseDuration, parseResolve, thresholdsOf } from '../../src/health/health-options.js';
import { lintGateways } from '../../src/health/lint.js';
import { directRoutingNotices } from '../../src/health/notices.js';
import { codeLine, explainCode } from '../../src/health/sip-codes.js';
import { generateCalls } from '../../src/backends/sim/sim-calls.js';
import { emptyVoiceState } from '../../src/kinds/registry.js';

const NOW = new Date('2026-11-27T12:00:00Z');
const calls = (
  n: number,
  failureRate: number,
  sipCode = 503,
  subCode = 560503,
  trunk = 'sbc1.contoso.com',
): DirectRoutingCall[] =>
  generateCalls({ trunk, calls: n, failureRate, sipCode, subCode, durationS: 240, sinceMs: 86_400_000, now: NOW });
const health = (rows: DirectRoutingCall[], baseline: number | null = null) => {
  const agg = new TrunkAggregator();
  agg.add(rows);
  return trunkHealth([...agg.trunks.values()][0]!, DEFAULT_THRESHOLDS, baseline);
};

describe('call records → trunk health', () => {
  it('generates exactly the failures asked for, spread over the window', () => {
    const rows = calls(200, 0.4);
    expect(rows.filter((r) => !r.successfulCall)).toHaveLength(80);
    expect(
      rows.every(
        (r) => Date.parse(r.startDateTime) >= NOW.getTime() - 86_400_000 && Date.parse(r.startDateTime) < NOW.getTime(),
      ),
    ).toBe(true);
    // Spread: no run of more than two failures in a row at 40 %.
    expect(rows.map((r) => (r.successfulCall ? '.' : 'x')).join('')).not.toContain('xxx');
  });

  it('a trunk with 40 % of calls failing with 560503 is critical, its SBC named as the cause', () => {
    const t = health(calls(200, 0.4));
    expect(t).toMatchObject({
      calls: 200,
      successRate: 0.6,
      failureRate: 0.4,
      ner: 0.6,
      sbcCausedFailures: 80,
      status: 'critical',
      codes: [{ sipCode: 503, subCode: 560503, count: 80 }],
    });
    expect(t.messages[0]).toMatch(
      /40\.0 % of 200 calls not delivered \(80 answered with a failure by the SBC\); most often 503\/560503 ×80/,
    );
    // #22 item 14: each known code on a line of its own, with its meaning, who sent it and the next step.
    expect(t.messages[1]).toBe(
      "503/560503 ×80: service unavailable: the call was refused for capacity (sent by the SBC) → check the SBC's concurrent session limit and licences (and the gateway's MaxConcurrentSessions) and that the PSTN leg is up",
    );
  });

  it('explains known codes by who sent them (560/540: the SBC), a sub-code of its own first, and nothing for unknown ones', () => {
    expect(explainCode(488, 560488)).toMatchObject({
      side: 'sbc',
      meaning: 'not acceptable here: codec or SDP mismatch',
    });
    expect(explainCode(488, 560488)!.action).toMatch(/codecs .* media bypass/);
    expect(explainCode(420, 540420)!.side).toBe('sbc');
    expect(explainCode(503, 500503)).toMatchObject({ side: 'microsoft' });
    expect(explainCode(404, 511404)!.meaning).toMatch(/reverse number lookup failed/);
    expect(explainCode(404, 560404)!.meaning).toMatch(/not found/);
    expect(explainCode(599, 560599)).toBeUndefined();
    expect(codeLine({ sipCode: 599, subCode: 560599, count: 3 })).toBeUndefined();
    // An unknown code leaves the finding without an explanation line, never with a wrong one.
    const t = health(calls(200, 0.4, 599, 560599));
    expect(t.messages).toHaveLength(1);
  });

  it('thresholds: 5 % ok, 15 % warning, 30 % critical; fewer than 10 calls is insufficient-data, never ok', () => {
    expect(health(calls(200, 0.05)).status).toBe('ok');
    expect(health(calls(200, 0.15)).status).toBe('warning');
    expect(health(calls(200, 0.3)).status).toBe('critical');
    const few = health(calls(9, 0));
    expect(few).toMatchObject({ status: 'insufficient-data', successRate: null, ner: null });
  });

  it('NER counts busy, declined and unanswered as delivered, SBC-made 480s not; completed elsewhere leaves the total', () => {
    expect(classify({ successfulCall: false, finalSipCode: 486, callEndSubReason: 510486 })).toBe('delivered');
    expect(classify({ successfulCall: false, finalSipCode: 603, callEndSubReason: 510603 })).toBe('delivered');
    expect(classify({ successfulCall: false, finalSipCode: 480, callEndSubReason: 510480 })).toBe('delivered');
    expect(classify({ successfulCall: false, finalSipCode: 480, callEndSubReason: 560480 })).toBe('undelivered');
    expect(classify({ successfulCall: false, finalSipCode: 487, callEndSubReason: 540200 })).toBe('elsewhere');
    expect(classify({ successfulCall: false, finalSipCode: 504, callEndSubReason: 560504 })).toBe('undelivered');
    // Successful calls end 540000/0 "BYE": that 540 is no failure.
    const ok = health(calls(50, 0));
    expect(ok).toMatchObject({ sbcInboundFailures: 0, sbcCausedFailures: 0, codes: [], status: 'ok' });
    const elsewhere = health([...calls(20, 0), ...calls(30, 1, 487, 540200)]);
    expect(elsewhere).toMatchObject({ calls: 50, successRate: 1, ner: 1, status: 'ok' });
    const inbound = health(calls(20, 0.5, 500, 540500));
    expect(inbound).toMatchObject({ sbcInboundFailures: 10, sbcCausedFailures: 0 });
  });

  it('short successful calls warn: against the 28-day baseline, or under 20 s without one', () => {
    const rows = calls(100, 0).map((r) => ({ ...r, duration: 15 }));
    expect(health(rows, 240)).toMatchObject({ status: 'warning', avgDurationS: 15, baselineAvgDurationS: 240 });
    expect(health(rows, 240).messages.join()).toMatch(/against a 28-day baseline of 240 s/);
    expect(health(rows, null).status).toBe('warning');
    expect(health(calls(100, 0), 240).status).toBe('ok');
  });

  it('keeps an hourly NER series for the chart', () => {
    const t = health(calls(48, 0.5));
    expect(t.hourly.length).toBeGreaterThanOrEqual(24);
    expect(t.hourly.reduce((n, h) => n + h.calls, 0)).toBe(48);
  });
});

describe('certificates', () => {
  const facts = (over: Partial<HandshakeFacts> = {}): HandshakeFacts => ({
    notAfter: new Date(NOW.getTime() + 200 * 86_400_000),
    eku: ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'],
    issuer: 'DigiCert',
    chain: ['sbc1.contoso.com', 'DigiCert'],
    authorized: true,
    authorizationError: null,
    nameMismatch: null,
    tlsVersion: 'TLSv1.3',
    ...over,
  });
  const judge = (f: HandshakeFacts) =>
    judgeCertificate('sbc1.contoso.com', 'sbc1.contoso.com:5061', f, DEFAULT_THRESHOLDS, NOW);

  it('a good certificate is ok; 20 days left warns; 3 days left, or expired, is critical', () => {
    expect(judge(facts())).toMatchObject({
      status: 'ok',
      daysLeft: 200,
      eku: ['serverAuth', 'clientAuth'],
      messages: [],
    });
    expect(judge(facts({ notAfter: new Date(NOW.getTime() + 20.5 * 86_400_000) })).status).toBe('warning');
    expect(judge(facts({ notAfter: new Date(NOW.getTime() + 3.5 * 86_400_000) }))).toMatchObject({
      status: 'critical',
      daysLeft: 3,
    });
    expect(judge(facts({ notAfter: new Date(NOW.getTime() - 86_400_000) })).messages[0]).toMatch(/expired/);
  });

  it('names a missing Client or Server Authentication EKU, a wrong name, a private chain and old TLS', () => {
    expect(judge(facts({ eku: ['1.3.6.1.5.5.7.3.1'] }))).toMatchObject({ status: 'warning', eku: ['serverAuth'] });
    expect(judge(facts({ eku: ['1.3.6.1.5.5.7.3.1'] })).messages.join()).toMatch(/lacks the Client Authentication EKU/);
    expect(judge(facts({ eku: ['1.3.6.1.5.5.7.3.2'] })).status).toBe('critical');
    expect(judge(facts({ nameMismatch: "Host: sbc1.contoso.com. is not in the cert's altnames" })).status).toBe(
      'critical',
    );
    expect(
      judge(facts({ authorized: false, authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN' })).messages.join(),
    ).toMatch(/Trusted Root Program/);
    expect(judge(facts({ tlsVersion: 'TLSv1.1' })).status).toBe('critical');
    // #22 item 14: a finding says when it fails: already (since the requirement's date), or the expiry date.
    expect(judge(facts({ tlsVersion: 'TLSv1.1' })).messages.join()).toMatch(/since 2022-04-03: calls fail now/);
    expect(judge(facts({ eku: ['1.3.6.1.5.5.7.3.2'] })).messages.join()).toMatch(/since 2022-02-01: calls fail now/);
    const soon = new Date(NOW.getTime() + 3.5 * 86_400_000);
    expect(judge(facts({ notAfter: soon })).messages[0]).toContain(`on ${soon.toISOString().slice(0, 10)}`);
  });
});

describe('configuration lint', () => {
  const voice = () => {
    const v = emptyVoiceState();
    const gw = (fqdn: string, over = {}) => ({
      fqdn,
      sipSignalingPort: 5061,
      maxConcurrentSessions: 100,
      enabled: true,
      mediaBypass: false,
      failoverTimeSeconds: 10,
      failoverResponseCodes: '408,503,504',
      forwardPai: false,
      forwardCallHistory: false,
      sendSipOptions: true,
      description: '',
      inboundTeamsNumberTranslationRules: [],
      inboundPstnNumberTranslationRules: [],
      outboundTeamsNumberTranslationRules: [],
      outboundPstnNumberTranslationRules: [],
      ...over,
    });
    v.gateways.push(
      gw('sbc1.contoso.com', { enabled: false }),
      gw('sbc2.contoso.com', { sendSipOptions: false, maxConcurrentSessions: null }),
      gw('spare.contoso.com'),
    );
    v.voiceRoutes.push({
      name: 'UK-National',
      numberPattern: '^\\+44',
      priority: 0,
      gateways: ['sbc1.contoso.com'],
      pstnUsages: ['UK'],
      description: '',
    });
    v.voiceRoutes.push({
      name: 'UK-Mobile',
      numberPattern: '^\\+447',
      priority: 0,
      gateways: ['sbc2.contoso.com'],
      pstnUsages: ['UK'],
      description: '',
    });
    v.voiceRoutes.push({
      name: 'Spare',
      numberPattern: '^\\+1',
      priority: 0,
      gateways: ['spare.contoso.com'],
      pstnUsages: ['Unused'],
      description: '',
    });
    v.voiceRoutingPolicies.push({ name: 'UK', pstnUsages: ['UK'], description: '' });
    v.userPolicies.push({ upn: 'a@contoso.com', voiceRoutingPolicy: 'uk' } as never);
    return v;
  };

  it('finds a disabled gateway in a live route, OPTIONS off, unset capacity, an inactive gateway, and a route with no healthy gateway', () => {
    const found = lintGateways({ voice: voice(), trunks: new Map(), certificates: new Map(), windowHours: 24 });
    const rules = found.map((f) => `${f.subject} ${f.rule} ${f.severity}`);
    expect(rules).toContain('gateway["sbc1.contoso.com"] disabled-in-live-route critical');
    expect(rules).toContain('gateway["sbc2.contoso.com"] sip-options-off warning');
    expect(rules).toContain('gateway["sbc2.contoso.com"] max-sessions-unset info');
    expect(rules).toContain('gateway["sbc2.contoso.com"] inactive warning');
    expect(rules).toContain('gateway["sbc1.contoso.com"] no-healthy-gateway critical');
    // A route no assigned policy reaches is not live: its gateway is neither inactive nor stranded.
    expect(rules.filter((r) => r.includes('spare.contoso.com'))).toEqual([]);
    // Less than a day of calls says nothing about inactivity.
    expect(
      lintGateways({ voice: voice(), trunks: new Map(), certificates: new Map(), windowHours: 2 }).some(
        (f) => f.rule === 'inactive',
      ),
    ).toBe(false);
  });
});

describe('Message Center', () => {
  const msg = (id: string, title: string, over: Partial<ServiceMessage> = {}): ServiceMessage => ({
    id,
    title,
    services: ['Microsoft Teams'],
    tags: [],
    category: 'planForChange',
    severity: 'normal',
    startDateTime: '2026-10-01T00:00:00Z',
    lastModifiedDateTime: '2026-11-01T00:00:00Z',
    actionRequiredByDateTime: null,
    body: { contentType: 'html', content: '' },
    ...over,
  });
  it('keeps posts about Direct Routing, SBCs, certificates, TLS or SIP that are recent or still to act on, soonest deadline first', () => {
    const got = directRoutingNotices(
      [
        msg('MC1', 'New Teams meeting reactions'),
        msg('MC2', 'Direct Routing: SIP certificate chain change', {
          actionRequiredByDateTime: '2027-03-31T00:00:00Z',
        }),
        msg('MC3', 'Update your SBC trusted root', { actionRequiredByDateTime: '2027-01-15T00:00:00Z' }),
        msg('MC4', 'TLS 1.0 retirement', { lastModifiedDateTime: '2025-01-01T00:00:00Z' }),
        msg('MC5', 'Teams Phone update', {
          body: { contentType: 'html', content: '<p>Session Border Controllers must…</p>' },
        }),
      ],
      NOW,
    );
    expect(got.map((n) => n.id)).toEqual(['MC3', 'MC2', 'MC5']);
    expect(got[1]!.matched).toEqual(['Direct Routing', 'certificate', 'SIP']);
  });
});

describe('alerts', () => {
  it('fire once per change of level per subject, recoveries included', () => {
    const first = alertsToFire(new Map(), [
      { subject: 'trunk a', status: 'critical', message: 'bad' },
      { subject: 'trunk b', status: 'ok', message: '' },
      { subject: 'trunk c', status: 'insufficient-data', message: '' },
    ]);
    // Never heard of before: `new`, not a made-up `ok` (#22 item 18).
    expect(first).toEqual([{ subject: 'trunk a', level: 'critical', was: 'new', message: 'bad' }]);
    expect(
      alertsToFire(new Map([['trunk a', 'critical']]), [{ subject: 'trunk a', status: 'critical', message: 'bad' }]),
    ).toEqual([]);
    expect(
      alertsToFire(new Map([['trunk a', 'critical']]), [{ subject: 'trunk a', status: 'ok', message: 'fine' }]),
    ).toEqual([{ subject: 'trunk a', level: 'ok', was: 'critical', message: 'fine' }]);
    expect(
      alertsToFire(new Map([['trunk a', 'critical']]), [
        { subject: 'trunk a', status: 'warning', message: 'better' },
      ])[0],
    ).toMatchObject({ level: 'warning', was: 'critical' });
  });

  it('a lint finding that clears resolves, and alerts again when it returns (#22 item 4); an unseen trunk keeps its level', () => {
    const finding = {
      subject: 'gateway["sbc1.contoso.com"] sip-options-off',
      status: 'warning' as const,
      message: 'OPTIONS off',
    };
    const stored = new Map([
      [finding.subject, 'warning'],
      ['trunk sbc1.contoso.com', 'critical'],
      ['certificate sbc1.contoso.com', 'warning'],
    ]);
    expect(alertsToFire(stored, [])).toEqual([
      { subject: finding.subject, level: 'ok', was: 'warning', message: 'no longer found' },
    ]);
    expect(alertsToFire(new Map([[finding.subject, 'ok']]), [finding])).toEqual([
      { subject: finding.subject, level: 'warning', was: 'ok', message: 'OPTIONS off' },
    ]);
  });

  it('a Teams Workflows URL gets an Adaptive Card (markdown in names escaped), any other URL plain JSON', () => {
    expect(
      alertFormatOf('https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=x'),
    ).toBe('teams');
    expect(alertFormatOf('https://hooks.example.net/voiceform')).toBe('json');
    expect(alertFormatOf('https://hooks.example.net/voiceform', 'teams')).toBe('teams');
    const card = alertPayload(
      'teams',
      { name: 'Contoso', id: 't' },
      [{ subject: 'trunk sbc1.contoso.com', level: 'critical', was: 'ok', message: '40 % [failed](x)' }],
      NOW,
    ) as { type: string; attachments: { contentType: string; content: { type: string; body: { text: string }[] } }[] };
    expect(card.type).toBe('message');
    expect(card.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.attachments[0]!.content.type).toBe('AdaptiveCard');
    expect(card.attachments[0]!.content.body.map((b) => b.text).join('\n')).toContain(
      '**trunk sbc1.contoso.com**: critical. 40 % \\[failed\\]\\(x\\)',
    );
    expect(
      alertPayload(
        'json',
        { name: 'Contoso', id: 't' },
        [{ subject: 's', level: 'ok', was: 'warning', message: 'm' }],
        NOW,
      ),
    ).toMatchObject({ source: 'voiceform', alerts: [{ subject: 's', resolved: true }] });
  });

  it('never prints a webhook URL with its signature', () => {
    expect(redactWebhook('https://prod.logic.azure.com:443/workflows/abc/triggers/manual?sig=SECRET')).toBe(
      'https://prod.logic.azure.com/…',
    );
  });

  const servers: http.Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));
  const receiver = async (answers: number[]): Promise<{ url: string; bodies: unknown[] }> => {
    const bodies: unknown[] = [];
    const server = http.createServer((req, res) => {
      let text = '';
      req.on('data', (d) => (text += d));
      req.on('end', () => {
        bodies.push(JSON.parse(text));
        res.writeHead(answers.shift() ?? 200).end();
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?sig=SECRET`, bodies };
  };

  it('retries 5xx and 429 until delivered; gives up on a 4xx at once; reports without the secret', async () => {
    const flaky = await receiver([503, 429, 200]);
    const ok = await postAlert(flaky.url, { a: 1 }, [10, 10, 10]);
    expect(ok).toMatchObject({ ok: true, attempts: 3, status: 200 });
    expect(flaky.bodies).toEqual([{ a: 1 }, { a: 1 }, { a: 1 }]);
    const refused = await receiver([400]);
    expect(await postAlert(refused.url, {}, [10, 10])).toMatchObject({ ok: false, attempts: 1, status: 400 });
    const down = await receiver([500, 500, 500]);
    const lost = await postAlert(down.url, {}, [10, 10]);
    expect(lost).toMatchObject({ ok: false, attempts: 3 });
    expect(JSON.stringify(lost)).not.toContain('SECRET');
  });

  it('retries a refused connection, never a permanent error, and never quotes the URL (#22 item 8)', async () => {
    const closed = await receiver([]);
    const port = new URL(closed.url).port;
    await new Promise<void>((r) => servers.pop()!.close(() => r()));
    const refused = await postAlert(`http://127.0.0.1:${port}/hook?sig=SECRET`, {}, [10, 10]);
    expect(refused).toMatchObject({ ok: false, attempts: 3 });
    expect(refused.error).toMatch(/ECONNREFUSED/);
    // A fetch that cannot even be built (here: credentials in the URL) fails the same way every time.
    const permanent = await postAlert('http://user:SECRET@127.0.0.1:1/x?sig=SECRET', {}, [10, 10]);
    expect(permanent).toMatchObject({ ok: false, attempts: 1 });
    expect(JSON.stringify(permanent)).not.toContain('SECRET');
  });

  it('refuses, before anything runs, a webhook URL with credentials, at a link-local or metadata address, or not http(s)', () => {
    for (const url of [
      'https://alice:SECRET@hooks.example.com/x',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fe80::1]/x',
      'http://metadata.google.internal/computeMetadata/v1/',
      'ftp://example.com/x',
      'not a url',
    ]) {
      let message = '';
      expect(() => {
        try {
          checkWebhookUrl(url);
        } catch (e) {
          message = (e as Error).message;
          throw e;
        }
      }, url).toThrow(SpecInvalid);
      expect(message).not.toContain('SECRET');
    }
    expect(checkWebhookUrl('http://127.0.0.1:8080/hook?sig=x').port).toBe('8080');
    expect(checkWebhookUrl('https://prod-01.westeurope.logic.azure.com/workflows/a?sig=x').hostname).toContain(
      'logic.azure.com',
    );
  });
});

describe('options', () => {
  it('durations, --resolve and thresholds, with errors that name what is wrong', () => {
    expect(parseDuration('24h', '--since')).toBe(86_400_000);
    expect(parseDuration('15m', '--watch')).toBe(900_000);
    expect(() => parseDuration('soon', '--since')).toThrow(/--since must be a duration like 30m, 24h or 7d/);
    // #22 item 18: no window longer than Graph returns at once.
    expect(parseDuration('90d', '--since', MAX_CALL_WINDOW_MS)).toBe(MAX_CALL_WINDOW_MS);
    expect(() => parseDuration('100000d', '--since', MAX_CALL_WINDOW_MS)).toThrow(
      /--since 100000d is longer than 90d, the longest window of call records Microsoft Graph returns at once/,
    );
    expect(parseResolve(['SBC1.contoso.com=127.0.0.1:5061'])).toEqual(
      new Map([['sbc1.contoso.com', { host: '127.0.0.1', port: 5061 }]]),
    );
    expect(() => parseResolve(['sbc1.contoso.com=127.0.0.1'])).toThrow(/FQDN=ADDRESS:PORT/);
    expect(thresholdsOf({ failureRateWarning: 0.05 }, 's.json')).toMatchObject({
      failureWarning: 0.05,
      failureCritical: 0.3,
      minCalls: 10,
    });
    expect(() => thresholdsOf({ failureRateWarning: 0.5, failureRateCritical: 0.2 }, 's.json')).toThrow(
      expect.objectContaining({ problems: [expect.objectContaining({ path: '/health/failureRateWarning' })] }),
    );
  });
});
