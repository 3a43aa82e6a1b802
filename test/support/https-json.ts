import { readFileSync } from 'node:fs';
import { request } from 'node:https';

/** One HTTPS request trusting the sim's certificate; the JSON body (or text) and status. */
export function httpsJson(
  url: string,
  options: { ca: string; method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Record<string, unknown>; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, ca: readFileSync(options.ca), agent: false },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

/** A token from the sim's token endpoint (client credentials), for direct emulator tests. */
export async function simToken(
  info: { url: string; caCertPath: string; tenantId: string; clientId: string; clientSecret: string },
  scope: string,
): Promise<string> {
  const r = await httpsJson(`${info.url}/${info.tenantId}/oauth2/v2.0/token`, {
    ca: info.caCertPath,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: info.clientId,
      client_secret: info.clientSecret,
      scope,
    }).toString(),
  });
  if (r.status !== 200) throw new Error(`token: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.access_token as string;
}
