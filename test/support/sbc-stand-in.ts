/**
 * A local SBC for the readiness radar's tests: a TLS server on 127.0.0.1 that requests a client
 * certificate naming a chosen list of CAs (or requests none) and answers SIP OPTIONS with a chosen
 * `Server` header (or closes). Certificates are made at test time by the real openssl: roots with
 * the subjects of Microsoft's seven, and a stand-in public CA whose root the CLI is told to trust
 * (NODE_EXTRA_CA_CERTS), so an SBC certificate reads as publicly trusted.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import tls from 'node:tls';

export const INSTALL_OPENSSL = 'apt-get install -y openssl';

/** openssl must be there: under CI a missing part fails with its install command, never skips. */
export function requireOpenssl(): void {
  if (spawnSync('openssl', ['version']).status !== 0)
    throw new Error(`openssl is not installed; install it with: ${INSTALL_OPENSSL}`);
}

const openssl = (args: string[], cwd: string) => execFileSync('openssl', args, { cwd, stdio: 'pipe' });

/** A self-signed CA with this subject (`/C=US/O=…/CN=…`), EC P-256: its PEM. */
export function makeRoot(dir: string, file: string, subject: string): string {
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      `${file}.key`,
      '-out',
      `${file}.pem`,
      '-days',
      '30',
      '-subj',
      subject,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  return readFileSync(path.join(dir, `${file}.pem`), 'utf8');
}

/** A server certificate for `fqdn` from the CA `ca` (files in `dir`), with these EKUs and days. */
export function makeLeaf(
  dir: string,
  ca: string,
  fqdn: string,
  eku: string,
  days: number,
): { key: string; cert: string } {
  const base = fqdn.replace(/[^a-z0-9]/gi, '_');
  openssl(
    [
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      `${base}.key`,
      '-out',
      `${base}.csr`,
      '-subj',
      `/CN=${fqdn}`,
    ],
    dir,
  );
  writeFileSync(
    path.join(dir, `${base}.ext`),
    `subjectAltName=DNS:${fqdn}\nextendedKeyUsage=${eku}\nbasicConstraints=CA:FALSE\n`,
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${base}.csr`,
      '-CA',
      `${ca}.pem`,
      '-CAkey',
      `${ca}.key`,
      '-CAcreateserial',
      '-out',
      `${base}.pem`,
      '-days',
      String(days),
      '-extfile',
      `${base}.ext`,
    ],
    dir,
  );
  return {
    key: readFileSync(path.join(dir, `${base}.key`), 'utf8'),
    cert: readFileSync(path.join(dir, `${base}.pem`), 'utf8'),
  };
}

export interface SbcStandIn {
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the stand-in. `caNames`: the CA certificates whose subjects its certificate request names
 * (null: it requests no client certificate); `server`: its OPTIONS answer's Server header (null: it
 * closes without answering, as an SBC that admits only Microsoft's addresses to SIP would).
 */
export async function startSbc(options: {
  key: string;
  cert: string;
  caNames: string[] | null;
  server: string | null;
}): Promise<SbcStandIn> {
  const server = tls.createServer(
    {
      key: options.key,
      cert: options.cert,
      requestCert: options.caNames !== null,
      rejectUnauthorized: false,
      ...(options.caNames ? { ca: options.caNames } : {}),
    },
    (socket) => {
      socket.on('error', () => undefined);
      let text = '';
      socket.on('data', (d: Buffer) => {
        text += d.toString('latin1');
        if (!text.includes('\r\n\r\n')) return;
        if (!options.server || !text.startsWith('OPTIONS ')) return void socket.end();
        const header = (name: string) => new RegExp(`^${name}:.*$`, 'mi').exec(text)?.[0] ?? '';
        socket.end(
          [
            'SIP/2.0 200 OK',
            header('Via'),
            header('From'),
            `${header('To')};tag=sbc1`,
            header('Call-ID'),
            header('CSeq'),
            `Server: ${options.server}`,
            'Content-Length: 0',
            '',
            '',
          ].join('\r\n'),
        );
      });
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
