import { execFile } from 'node:child_process';

/**
 * What an SBC asks of a TLS client, as Microsoft's SIP proxies meet it: whether it requests a
 * client certificate (mutual TLS) and the certificate authorities it names in that request.
 */
export type ClientCaRequest =
  | { kind: 'names'; names: string[] }
  /** A certificate is requested, but no CA is named (optional in TLS 1.2 and 1.3). */
  | { kind: 'no-names' }
  /** No client certificate is requested: the SBC does not use mutual TLS. */
  | { kind: 'not-requested' }
  | { kind: 'unreachable'; reason: string };

/**
 * Reads `openssl s_client` output (with `-nameopt RFC2253`): the lines under "Acceptable client
 * certificate CA names", or which of the other two cases it is — a "Requested Signature
 * Algorithms" line appears only when a CertificateRequest arrived (checked against a local
 * `openssl s_server -verify`, OpenSSL 3.0). Pure.
 */
export function parseClientCaNames(output: string): ClientCaRequest {
  const lines = output.split(/\r?\n/);
  const at = lines.findIndex((l) => l.trim() === 'Acceptable client certificate CA names');
  if (at >= 0) {
    const names: string[] = [];
    for (const l of lines.slice(at + 1)) {
      if (/^(Requested|Shared Requested|Client Certificate Types|Peer signing|Server Temp|---)/.test(l.trim())) break;
      if (l.trim()) names.push(l.trim());
    }
    return { kind: 'names', names };
  }
  const requested = lines.some((l) => /^Requested Signature Algorithms:/.test(l.trim()));
  return requested ? { kind: 'no-names' } : { kind: 'not-requested' };
}

/**
 * One `openssl s_client` handshake with the SBC (SNI = FQDN), the certificate request read from
 * its output. Debian's openssl is a real part here: Node's tls exposes no CA-name list. No input
 * is sent; the arguments are an array (an FQDN is never parsed by a shell).
 */
export function readClientCaNames(
  fqdn: string,
  host: string,
  port: number,
  timeoutMs = 10_000,
): Promise<ClientCaRequest> {
  return new Promise((resolve) => {
    const child = execFile(
      'openssl',
      [
        's_client',
        '-connect',
        `${host.includes(':') ? `[${host}]` : host}:${port}`,
        '-servername',
        fqdn,
        '-nameopt',
        'RFC2253',
      ],
      { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        const out = `${stdout}\n${stderr}`;
        if ((err as NodeJS.ErrnoException | null)?.code === 'ENOENT')
          return resolve({ kind: 'unreachable', reason: 'openssl is not installed (apt-get install openssl)' });
        if (!/^(Acceptable client certificate|Requested Signature|No client certificate CA names|New, TLS)/m.test(out))
          return resolve({ kind: 'unreachable', reason: failureReason(out) || (err?.message ?? 'no TLS answer') });
        resolve(parseClientCaNames(out));
      },
    );
    child.stdin?.end();
  });
}

/** openssl's reason in a few words (`Connection refused`), not its internal error line. Pure. */
export function failureReason(output: string): string {
  const bio = /BIO_(?:connect|lookup\w*):([^:\n]+):/.exec(output);
  if (bio) return bio[1]!.trim();
  const line = output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => /error|refused|timed out|unable|errno/i.test(l));
  return line ? line.slice(0, 160) : '';
}
