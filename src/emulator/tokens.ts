import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Audiences the emulators accept: Microsoft Graph and the Skype and Teams Tenant Admin API. */
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
export const TEAMS_AUDIENCE = '48ac35b8-9aa8-4d74-927d-1f4a14a0b239';

/**
 * The Graph application permissions a provisioning app holds when the tenant file names none:
 * every one Voiceform uses (../shared/reference/graph-and-libs.md §9, and health's).
 */
export const DEFAULT_GRAPH_ROLES = [
  'User.ReadWrite.All',
  'LicenseAssignment.ReadWrite.All',
  'Organization.Read.All',
  'Domain.Read.All',
  'TeamsUserConfiguration.Read.All',
  'TeamsTelephoneNumber.ReadWrite.All',
  'CallRecords.Read.All',
  'ServiceMessage.Read.All',
];

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

/** Issues and verifies the sim's access tokens (HS256 JWTs with aud, tid, appid, exp). */
export class TokenIssuer {
  private readonly key = randomBytes(32);

  constructor(
    readonly issuer: string,
    readonly tenantId: string,
  ) {}

  issue(audience: string, appId: string, lifetimeSeconds = 3600, roles?: string[]): string {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = b64url(
      JSON.stringify({
        aud: audience,
        iss: this.issuer,
        tid: this.tenantId,
        appid: appId,
        iat: now,
        nbf: now,
        exp: now + lifetimeSeconds,
        ...(roles ? { roles } : {}),
      }),
    );
    return `${header}.${payload}.${this.sign(`${header}.${payload}`)}`;
  }

  /** The token's claims when it is ours, unexpired and for `audience`; otherwise a reason. */
  verify(token: string | undefined, audience: string): { ok: true; appid: string } | { ok: false; reason: string } {
    if (!token) return { ok: false, reason: 'missing bearer token' };
    const [header, payload, signature] = token.split('.');
    if (!header || !payload || !signature) return { ok: false, reason: 'malformed token' };
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      return { ok: false, reason: 'token not issued by this tenant' };
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      aud: string;
      exp: number;
      tid: string;
      appid: string;
    };
    if (claims.exp < Date.now() / 1000) return { ok: false, reason: 'token expired' };
    if (claims.tid !== this.tenantId) return { ok: false, reason: 'token for another tenant' };
    if (claims.aud !== audience) return { ok: false, reason: `token audience ${claims.aud} is not ${audience}` };
    return { ok: true, appid: claims.appid };
  }

  private sign(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64url');
  }
}
