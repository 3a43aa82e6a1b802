/**
 * #26: the SBC readiness radar's judgements, pure: the data file's own consistency, a trust store
 * against MC1213773's seven roots, firmware against Microsoft's certified list and the vendors'
 * minimums, and a certificate renewal that loses the Client Authentication EKU.
 */
import { describe, expect, it } from 'vitest';
import { failureReason, parseClientCaNames } from '../../src/health/client-ca-names.js';
import { compareVersions, readinessData } from '../../src/health/readiness-data.js';
import {
  dnKey,
  exposures,
  identifySbc,
  judgeCertificateCa,
  judgeFirmware,
  judgeRenewal,
  judgeTrustStore,
  sbcReadiness,
  timeline,
} from '../../src/health/readiness.js';
import { optionsRequest, parseOptionsAnswer } from '../../src/health/sip-options.js';
import type { CertificateHealth } from '../../src/health/cert-probe.js';

const data = readinessData();
const mc = data.changes.find((c) => c.id === 'MC1213773')!;
const eku = data.changes.find((c) => c.check === 'renewal-eku')!;
const NOW = new Date('2026-12-02T00:00:00Z');
/** The seven roots' subjects as openssl prints them with -nameopt RFC2253 (reversed, `\,` escaped). */
const rfc2253 = (subject: string) =>
  subject
    .split(/(?<!\\), /)
    .reverse()
    .join(',');

describe('the data file', () => {
  it('names existing roots, parseable dates and sources for every change; every vendor pattern reads its examples', () => {
    const labels = new Set(data.roots.map((r) => r.label));
    expect(data.roots).toHaveLength(7);
    for (const c of data.changes) {
      expect(c.sources.length).toBeGreaterThan(0);
      for (const r of c.roots ?? []) expect(labels.has(r), r).toBe(true);
      for (const d of [c.trustBy, c.breaksOn, c.from].filter(Boolean)) expect(Number.isNaN(Date.parse(d!))).toBe(false);
    }
    for (const v of data.vendors)
      for (const e of v.examples)
        expect(identifySbc(e.header, data.vendors)).toEqual({
          vendor: v.vendor,
          product: e.product,
          version: e.version,
          source: 'options',
        });
  });

  it('compares firmware versions as vendors write them', () => {
    expect(compareVersions('7.40A.500.775', '7.40A.600')).toBeLessThan(0);
    expect(compareVersions('7.40A.600', '7.40A.600')).toBe(0);
    expect(compareVersions('17.10.1', '17.3')).toBeGreaterThan(0);
    expect(compareVersions('17.6.1a', '17.6.1')).toBeGreaterThan(0);
  });
});

describe('trust store (MC1213773)', () => {
  const all = data.roots.map((r) => rfc2253(r.subject));

  it('an SBC naming all seven roots is ready; the order and escaping of the names do not matter', () => {
    const check = judgeTrustStore(mc, { kind: 'names', names: [...all].reverse() }, data.roots, NOW);
    expect(check).toMatchObject({ status: 'ready', severity: 'ok', breaksOn: null });
    expect(dnKey('CN=DigiCert TLS RSA4096 Root G5,O=DigiCert\\, Inc.,C=US')).toBe(
      dnKey('C=US, O=DigiCert\\, Inc., CN=DigiCert TLS RSA4096 Root G5'),
    );
  });

  it('one missing two roots is at risk, naming them and the day Microsoft enforces the change', () => {
    const names = all.filter((n) => !/G5/.test(n));
    const check = judgeTrustStore(mc, { kind: 'names', names }, data.roots, NOW);
    expect(check.status).toBe('at-risk');
    expect(check.breaksOn).toBe(mc.breaksOn);
    expect(check.evidence).toContain('DigiCert TLS ECC P384 Root G5, DigiCert TLS RSA 4096 Root G5');
    // Enforced since June 2026: critical now. Before, far off: a warning.
    expect(check.severity).toBe('critical');
    expect(judgeTrustStore(mc, { kind: 'names', names }, data.roots, new Date('2026-01-01')).severity).toBe('warning');
  });

  it('never ready by default: no certificate requested, no names, or no answer are unknown with the reason', () => {
    const of = (r: Parameters<typeof judgeTrustStore>[1]) => judgeTrustStore(mc, r, data.roots, NOW);
    expect(of({ kind: 'not-requested' })).toMatchObject({
      status: 'unknown',
      evidence: expect.stringContaining('no client certificate'),
    });
    expect(of({ kind: 'no-names' })).toMatchObject({
      status: 'unknown',
      evidence: expect.stringContaining('names no certificate authority'),
    });
    expect(of({ kind: 'unreachable', reason: 'connect:errno=111' }).evidence).toContain("Microsoft's addresses");
    expect(of({ kind: 'names', names: [] }).status).toBe('at-risk');
  });

  it("reads openssl's three answers", () => {
    const names = parseClientCaNames(
      'CONNECTED(00000003)\nAcceptable client certificate CA names\nCN=DigiCert Global Root CA,OU=www.digicert.com,O=DigiCert Inc,C=US\nRequested Signature Algorithms: ECDSA+SHA256\n---\n',
    );
    expect(names).toEqual({
      kind: 'names',
      names: ['CN=DigiCert Global Root CA,OU=www.digicert.com,O=DigiCert Inc,C=US'],
    });
    expect(
      parseClientCaNames('No client certificate CA names sent\nRequested Signature Algorithms: RSA+SHA256\n'),
    ).toEqual({ kind: 'no-names' });
    expect(parseClientCaNames('No client certificate CA names sent\nServer Temp Key: X25519\n')).toEqual({
      kind: 'not-requested',
    }); // A refused connection: openssl's reason in a few words, not its internal error line.
    expect(
      failureReason(
        '4077C5021C7F0000:error:8000006F:system library:BIO_connect:Connection refused:../crypto/bio/bio_sock2.c:117:calling connect()\nconnect:errno=111',
      ),
    ).toBe('Connection refused');
  });
});

describe('firmware', () => {
  const sbc = (vendor: string, product: string, version: string) => ({
    vendor,
    product,
    version,
    source: 'options' as const,
  });

  it('a certified AudioCodes firmware at the change minimum: certified and ready', () => {
    const checks = judgeFirmware(sbc('AudioCodes', 'Mediant SW', '7.40A.600.204'), data, NOW);
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['certified', 'certified'],
      ['MC1213773/firmware', 'ready'],
    ]);
  });

  it('an AudioCodes firmware below the minimum: below-minimum, naming the version that fixes it', () => {
    const checks = judgeFirmware(sbc('AudioCodes', 'Mediant 800', '7.40A.500.775'), data, NOW);
    const min = checks.find((c) => c.id === 'MC1213773/firmware')!;
    expect(min).toMatchObject({ status: 'below-minimum', breaksOn: mc.breaksOn, severity: 'critical' });
    expect(min.evidence).toContain('below 7.40A.600');
    expect(min.fix).toContain('7.40A.600');
    // 7.40A.500 is documented (Recommended): certified, but below the change's minimum.
    expect(checks[0]!.status).toBe('certified');
  });

  it('an old line is uncertified; an unknown product asks for a declaration', () => {
    expect(judgeFirmware(sbc('AudioCodes', 'Mediant 800', '7.20A.258.459'), data, NOW)[0]).toMatchObject({
      status: 'uncertified',
      evidence: expect.stringContaining('Supported 7.40A.600'),
    });
    expect(judgeFirmware(sbc('Ribbon', 'SBC Core', '12.1.1'), data, NOW)[0]!.status).toBe('certified');
    expect(judgeFirmware(null, data, NOW)[0]).toMatchObject({
      status: 'unknown',
      fix: expect.stringContaining('gateways[].sbc'),
    });
  });

  it('OPTIONS: a well-formed request, the Server header of the answer', () => {
    const req = optionsRequest('sbc1.contoso.com', 5061);
    for (const h of [
      'Via: SIP/2.0/TLS',
      ';branch=z9hG4bK',
      'Max-Forwards: 70',
      'From: <sip:',
      ';tag=',
      'To: <sip:sbc1.contoso.com>',
      'Call-ID: ',
      'CSeq: 1 OPTIONS',
      'Content-Length: 0',
    ])
      expect(req).toContain(h);
    expect(req.endsWith('\r\n\r\n')).toBe(true);
    expect(() => optionsRequest('sbc\r\nX-Evil: 1', 5061)).toThrow(/not a host name/);
    expect(parseOptionsAnswer('SIP/2.0 200 OK\r\nserver:  Mediant SW/v.7.40A.600.204\r\n\r\n')).toEqual({
      status: 200,
      product: 'Mediant SW/v.7.40A.600.204',
    });
    expect(parseOptionsAnswer('HTTP/1.1 400 Bad Request\r\n\r\n')).toBeNull();
  });
});

/** A certificate as the TLS probe reports it: public, clientAuth too, expiring 2027-06-20. */
const cert = (over: Partial<CertificateHealth>): CertificateHealth => ({
  fqdn: 'sbc1.contoso.com',
  probed: '127.0.0.1:5061',
  status: 'ok',
  daysLeft: 200,
  notAfter: '2027-06-20T00:00:00.000Z',
  eku: ['serverAuth', 'clientAuth'],
  issuer: 'DigiCert Global G2 TLS RSA SHA256 2020 CA1',
  chain: ['sbc1.contoso.com', 'DigiCert Global G2 TLS RSA SHA256 2020 CA1', 'DigiCert Global Root G2'],
  publiclyTrusted: true,
  tlsVersion: 'TLSv1.3',
  messages: [],
  ...over,
});

describe('certificate renewal (Client Authentication EKU)', () => {
  it('a public certificate with Client Authentication now: a warning dated at its expiry', () => {
    expect(judgeRenewal(eku, cert({}), NOW)).toMatchObject({
      status: 'renewal-loses-eku',
      breaksOn: '2027-06-20',
      severity: 'warning',
      evidence: expect.stringContaining('from 2026-06-15'),
    });
  });

  it('nothing to lose, or a private CA: not affected', () => {
    expect(judgeRenewal(eku, cert({ eku: ['serverAuth'] }), NOW).status).toBe('not-affected');
    expect(judgeRenewal(eku, cert({ publiclyTrusted: false }), NOW).status).toBe('not-affected');
    expect(judgeRenewal(eku, undefined, NOW).status).toBe('unknown');
  });
});

describe("the SBC's own certificate against the CAs Microsoft accepts (per cloud)", () => {
  const cas = data.sbcCertificateCas;

  it('commercial: a public CA is accepted, a private one is not', () => {
    expect(judgeCertificateCa(cert({}), 'global', cas).status).toBe('ready');
    expect(
      judgeCertificateCa(cert({ publiclyTrusted: false, issuer: 'Contoso Issuing CA' }), 'global', cas),
    ).toMatchObject({
      status: 'at-risk',
      severity: 'warning',
      evidence: expect.stringContaining('Contoso Issuing CA'),
    });
  });

  it('GCC High and DoD: only the two DigiCert roots, found in the chain the SBC sent', () => {
    expect(judgeCertificateCa(cert({}), 'usgov', cas)).toMatchObject({
      status: 'at-risk',
      evidence: expect.stringContaining('DigiCert Global Root CA, DigiCert High Assurance EV Root CA'),
    });
    const g1 = cert({ chain: ['sbc1.contoso.com', 'DigiCert TLS RSA SHA256 2020 CA1', 'DigiCert Global Root CA'] });
    expect(judgeCertificateCa(g1, 'usgovdod', cas).status).toBe('ready');
    expect(judgeCertificateCa(g1, 'china', cas).status).toBe('unknown');
    expect(judgeCertificateCa(undefined, 'global', cas).status).toBe('unknown');
  });
});

describe('the whole SBC, the timeline and the notices', () => {
  it('rolls up to the worst check, dates the timeline soonest first, and names the SBCs a notice puts at risk', () => {
    const ready = sbcReadiness(
      'a.contoso.com',
      'Contoso',
      { vendor: 'AudioCodes', product: 'Mediant SW', version: '7.40A.600.1', source: 'options' },
      { kind: 'names', names: data.roots.map((r) => rfc2253(r.subject)) },
      undefined,
      data,
      NOW,
    );
    const risky = sbcReadiness('b.contoso.com', 'Contoso', null, { kind: 'names', names: [] }, undefined, data, NOW);
    expect(ready.status).toBe('unknown'); // no certificate read: the renewal check cannot say
    expect(risky.status).toBe('critical');
    const rows = timeline([ready, risky]);
    expect(rows[0]).toMatchObject({ fqdn: 'b.contoso.com', check: { id: 'MC1213773', breaksOn: mc.breaksOn } });
    const [exposure] = exposures(
      [
        {
          id: 'MC1213773',
          title: 'Certificate change',
          actionRequiredBy: '2026-03-31T00:00:00Z',
          lastModified: '',
          matched: [],
        },
      ],
      [ready, risky],
      data,
    );
    expect(exposure!.summary).toBe(
      'MC1213773: 1 of your 2 SBCs are at risk: b.contoso.com (action required by 2026-03-31)',
    );
  });
});
