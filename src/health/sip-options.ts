import { randomBytes } from 'node:crypto';
import tls from 'node:tls';

/** What an SBC answered to SIP OPTIONS: the status and the header that names its software. */
export interface OptionsAnswer {
  status: number;
  /** `Server` (an answer's), else `User-Agent`, as sent. */
  product: string | null;
}

const token = (): string => randomBytes(8).toString('hex');

/**
 * A well-formed OPTIONS request (RFC 3261 §8.1.1: Via with a magic-cookie branch, Max-Forwards,
 * From with a tag, To, Call-ID, CSeq) for an SBC, as a Teams SIP proxy pings it. The FQDN must be
 * a host name: anything else could write a header of its own. Pure but for the random tags.
 */
export function optionsRequest(fqdn: string, port: number): string {
  if (!/^[A-Za-z0-9.-]{1,253}$/.test(fqdn)) throw new Error(`${JSON.stringify(fqdn)} is not a host name`);
  return [
    `OPTIONS sip:${fqdn}:${port};transport=tls SIP/2.0`,
    `Via: SIP/2.0/TLS voiceform.invalid:5061;branch=z9hG4bK${token()};rport`,
    'Max-Forwards: 70',
    `From: <sip:voiceform@voiceform.invalid>;tag=${token()}`,
    `To: <sip:${fqdn}>`,
    `Call-ID: ${token()}@voiceform.invalid`,
    'CSeq: 1 OPTIONS',
    'Accept: application/sdp',
    'User-Agent: Voiceform readiness radar',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

/** An answer's status line and headers (`Server` or compact forms too) → the answer; null when not SIP. Pure. */
export function parseOptionsAnswer(text: string): OptionsAnswer | null {
  const [head] = text.split('\r\n\r\n');
  const lines = head!.split(/\r?\n/);
  const status = /^SIP\/2\.0 (\d{3})\b/.exec(lines[0] ?? '');
  if (!status) return null;
  const header = (name: string) =>
    lines
      .slice(1)
      .map((l) => /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(l))
      .find((m) => m && m[1]!.toLowerCase() === name)?.[2]
      ?.trim() ?? null;
  return { status: Number(status[1]), product: header('server') ?? header('user-agent') };
}

/**
 * Sends OPTIONS over a TLS connection to the SBC (SNI = FQDN) and reads the answer's headers.
 * Never trusts or distrusts the certificate (the certificate checks are elsewhere).
 */
export function sendOptions(fqdn: string, host: string, port: number, timeoutMs = 5000): Promise<OptionsAnswer> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host, port, servername: fqdn, rejectUnauthorized: false, timeout: timeoutMs });
    let buffer = '';
    const done = (err: Error | null, answer?: OptionsAnswer) => {
      socket.destroy();
      if (err) reject(err);
      else resolve(answer!);
    };
    socket.once('timeout', () => done(new Error(`no SIP answer within ${timeoutMs / 1000} s`)));
    socket.once('error', (err) => done(err));
    socket.once('secureConnect', () => socket.write(optionsRequest(fqdn, port)));
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      if (buffer.length > 65_536) return done(new Error('the SIP answer is too long'));
      if (!buffer.includes('\r\n\r\n')) return;
      const answer = parseOptionsAnswer(buffer);
      // A provisional answer (1xx) says nothing of the product yet: wait for the final one.
      if (answer && answer.status < 200 && !answer.product) {
        buffer = buffer.slice(buffer.indexOf('\r\n\r\n') + 4);
        return;
      }
      done(answer ? null : new Error('the answer is not SIP'), answer ?? undefined);
    });
    socket.once('end', () => done(new Error('the SBC closed the connection without a SIP answer')));
  });
}
