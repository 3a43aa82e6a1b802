import { promises as fs } from 'node:fs';
import path from 'node:path';
import selfsigned from 'selfsigned';

/** A fresh self-signed certificate for 127.0.0.1/localhost, written where clients can trust it. */
export async function generateLoopbackCert(dir: string): Promise<{ key: string; cert: string; caCertPath: string }> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    days: 7,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  } as never);
  await fs.mkdir(dir, { recursive: true });
  const caCertPath = path.join(dir, 'sim-serve-ca.pem');
  await fs.writeFile(caCertPath, pems.cert);
  return { key: pems.private, cert: pems.cert, caCertPath };
}
