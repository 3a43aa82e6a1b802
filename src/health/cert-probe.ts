import tls from 'node:tls';
import type { HealthStatus, Thresholds } from './call-stats.js';
import { worst } from './call-stats.js';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

export interface CertificateHealth {
  fqdn: string;
  /** Where it was probed (`--resolve`, else the FQDN) and the SIP signalling port. */
  probed: string;
  status: HealthStatus;
  daysLeft: number | null;
  notAfter: string | null;
  /** `serverAuth`, `clientAuth` and any other EKU OIDs the certificate carries. */
  eku: string[];
  issuer: string | null;
  /** Subject CNs from the SBC's certificate up to the last one it sent. */
  chain: string[];
  /** Whether the chain verifies against the public roots this machine's Node trusts (Microsoft accepts only CAs of its Trusted Root Program). */
  publiclyTrusted: boolean | null;
  tlsVersion: string | null;
  messages: string[];
}

/** The facts a TLS handshake gave, before any judgement (so the judgement is pure and testable). */
export interface HandshakeFacts {
  notAfter: Date;
  eku: string[] | undefined;
  issuer: string;
  chain: string[];
  authorized: boolean;
  authorizationError: string | null;
  nameMismatch: string | null;
  tlsVersion: string;
}

const cn = (o: tls.PeerCertificate['subject'] | undefined): string => {
  const v = o ? (o.CN ?? o.O ?? JSON.stringify(o)) : '';
  return Array.isArray(v) ? v.join(', ') : v;
};

/**
 * A TLS handshake with the SBC as Microsoft's SIP proxies make it (SNI = FQDN): what its
 * certificate says. Never trusts or distrusts on the way in (rejectUnauthorized off), so an
 * expired or private certificate is read and reported instead of failing the probe.
 */
export function handshake(fqdn: string, host: string, port: number, timeoutMs = 5000): Promise<HandshakeFacts> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host, port, servername: fqdn, rejectUnauthorized: false, timeout: timeoutMs });
    const fail = (err: Error) => {
      socket.destroy();
      reject(err);
    };
    socket.once('timeout', () =>
      fail(Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { code: 'ETIMEDOUT' })),
    );
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      const leaf = socket.getPeerCertificate(true);
      const chain: string[] = [];
      for (
        let c: tls.DetailedPeerCertificate | undefined = leaf;
        c && Object.keys(c).length > 0 && chain.length < 8;
        c = c.issuerCertificate === c ? undefined : c.issuerCertificate
      )
        chain.push(cn(c.subject));
      const mismatch = tls.checkServerIdentity(fqdn, leaf);
      resolve({
        notAfter: new Date(leaf.valid_to),
        eku: leaf.ext_key_usage,
        issuer: cn(leaf.issuer),
        chain,
        authorized: socket.authorized,
        authorizationError: socket.authorizationError ? String(socket.authorizationError) : null,
        nameMismatch: mismatch ? mismatch.message : null,
        tlsVersion: socket.getProtocol() ?? 'unknown',
      });
      socket.end();
    });
  });
}

/** Judges a certificate: expiry against the thresholds, both EKUs, the name, a public chain, TLS 1.2+. Pure. */
export function judgeCertificate(
  fqdn: string,
  probed: string,
  facts: HandshakeFacts,
  thresholds: Thresholds,
  now: Date,
): CertificateHealth {
  const daysLeft = Math.floor((facts.notAfter.getTime() - now.getTime()) / 86_400_000);
  const messages: string[] = [];
  const statuses: HealthStatus[] = ['ok'];
  const flag = (s: HealthStatus, m: string) => {
    statuses.push(s);
    messages.push(m);
  };
  if (daysLeft < 0) flag('critical', `the certificate expired on ${facts.notAfter.toISOString().slice(0, 10)}`);
  else if (daysLeft <= thresholds.certCriticalDays)
    flag('critical', `the certificate expires in ${daysLeft} day(s), on ${facts.notAfter.toISOString().slice(0, 10)}`);
  else if (daysLeft <= thresholds.certWarningDays)
    flag('warning', `the certificate expires in ${daysLeft} days, on ${facts.notAfter.toISOString().slice(0, 10)}`);
  const eku = facts.eku ?? [];
  if (!facts.eku)
    flag(
      'warning',
      'the certificate has no extended key usage: Microsoft has required Server Authentication and tested for Client Authentication (2024)',
    );
  else {
    if (!eku.includes(SERVER_AUTH))
      flag(
        'critical',
        'the certificate lacks the Server Authentication EKU Microsoft has required since 2022-02-01: calls fail now',
      );
    if (!eku.includes(CLIENT_AUTH))
      flag(
        'warning',
        "the certificate lacks the Client Authentication EKU: Microsoft's 2024 test required both Server and Client Authentication",
      );
  }
  if (facts.nameMismatch)
    flag('critical', `the certificate does not name ${fqdn}: ${facts.nameMismatch}; Microsoft refuses its TLS now`);
  if (!facts.authorized)
    flag(
      'warning',
      `the chain does not verify against public roots (${facts.authorizationError ?? 'unknown reason'}): Microsoft accepts only CAs of its Trusted Root Program`,
    );
  if (!/^TLSv1\.[23]$/.test(facts.tlsVersion))
    flag(
      'critical',
      `negotiated ${facts.tlsVersion}: Microsoft has required TLS 1.2 or later since 2022-04-03: calls fail now`,
    );
  return {
    fqdn,
    probed,
    status: worst(statuses),
    daysLeft,
    notAfter: facts.notAfter.toISOString(),
    eku: eku.map((o) => (o === SERVER_AUTH ? 'serverAuth' : o === CLIENT_AUTH ? 'clientAuth' : o)),
    issuer: facts.issuer,
    chain: facts.chain,
    publiclyTrusted: facts.authorized,
    tlsVersion: facts.tlsVersion,
    messages,
  };
}

/** Where a gateway is probed: its `--resolve` entry, else its FQDN and SIP signalling port. */
export function probeTarget(
  fqdn: string,
  port: number,
  resolve: Map<string, { host: string; port: number }>,
): { host: string; port: number } {
  return resolve.get(fqdn.toLowerCase()) ?? { host: fqdn, port };
}

/**
 * Probes one gateway. An SBC that does not answer (many accept only Microsoft's addresses) is
 * `unknown`, never healthy; one that answers but fails the handshake is critical.
 */
export async function probeCertificate(
  fqdn: string,
  port: number,
  resolve: Map<string, { host: string; port: number }>,
  thresholds: Thresholds,
  now: Date,
): Promise<CertificateHealth> {
  const target = probeTarget(fqdn, port, resolve);
  const probed = `${target.host}:${target.port}`;
  try {
    return judgeCertificate(fqdn, probed, await handshake(fqdn, target.host, target.port), thresholds, now);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const unreachable = [
      'ECONNREFUSED',
      'ETIMEDOUT',
      'EHOSTUNREACH',
      'ENETUNREACH',
      'ENOTFOUND',
      'EAI_AGAIN',
      'ECONNRESET',
    ].includes(e.code ?? '');
    return {
      fqdn,
      probed,
      status: unreachable ? 'unknown' : 'critical',
      daysLeft: null,
      notAfter: null,
      eku: [],
      issuer: null,
      chain: [],
      publiclyTrusted: null,
      tlsVersion: null,
      messages: [
        unreachable
          ? `no TLS answer at ${probed} (${e.code}): many SBCs accept only Microsoft's addresses, so this is unknown, not healthy`
          : `the TLS handshake with ${probed} failed: ${e.message}`,
      ],
    };
  }
}
