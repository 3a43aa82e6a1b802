import {
  ClientCertificateCredential,
  ClientSecretCredential,
  DeviceCodeCredential,
  type TokenCredential,
} from '@azure/identity';
import { BackendError } from '../../errors.js';
import type { CloudName } from '../graph/clouds.js';
import { CLOUDS } from '../graph/clouds.js';

export const TEAMS_SCOPE = '48ac35b8-9aa8-4d74-927d-1f4a14a0b239/.default';

export interface AuthOptions {
  tenantId: string;
  /** National cloud (its login host is the default authority). */
  cloud?: CloudName;
  deviceCode?: boolean;
  /** Where a device-code prompt goes (a person reads it); never tokens. */
  say?: (text: string) => void;
  /** The environment read once at start (config.ts): credentials and login-host override. */
  env: NodeJS.ProcessEnv;
}

/**
 * The credential from the environment: a certificate (VOICEFORM_CERT_PATH, optional
 * VOICEFORM_CERT_PASSWORD) or a client secret (VOICEFORM_CLIENT_SECRET) for app-only sign-in with
 * VOICEFORM_CLIENT_ID, or a device code for a person. VOICEFORM_AUTHORITY_HOST overrides the
 * login host (national clouds, the simulated tenant). Secrets are read, never printed.
 */
export function credentialFromEnv(options: AuthOptions): TokenCredential {
  const env = options.env;
  const authorityHost = env.VOICEFORM_AUTHORITY_HOST || CLOUDS[options.cloud ?? 'global'].login;
  // Instance discovery only knows Microsoft's clouds; a custom authority (the sim) must skip it.
  const common = {
    authorityHost,
    disableInstanceDiscovery: !Object.values(CLOUDS).some((c) => c.login === authorityHost),
  };
  const clientId = env.VOICEFORM_CLIENT_ID;
  if (options.deviceCode) {
    return new DeviceCodeCredential({
      ...common,
      tenantId: options.tenantId,
      clientId,
      userPromptCallback: (info) => options.say?.(info.message),
    });
  }
  if (!clientId)
    throw new BackendError('VOICEFORM_CLIENT_ID is not set', 'auth', {
      hint: 'set VOICEFORM_CLIENT_ID and VOICEFORM_CLIENT_SECRET or VOICEFORM_CERT_PATH (or use --device-code)',
    });
  if (env.VOICEFORM_CERT_PATH) {
    return new ClientCertificateCredential(
      options.tenantId,
      clientId,
      { certificatePath: env.VOICEFORM_CERT_PATH, certificatePassword: env.VOICEFORM_CERT_PASSWORD },
      common,
    );
  }
  if (env.VOICEFORM_CLIENT_SECRET)
    return new ClientSecretCredential(options.tenantId, clientId, env.VOICEFORM_CLIENT_SECRET, common);
  throw new BackendError('no credential: set VOICEFORM_CLIENT_SECRET or VOICEFORM_CERT_PATH', 'auth', {
    hint: 'or use --device-code to sign in as a person',
  });
}

/** The Graph scope of a cloud: the token Connect-MicrosoftTeams gets must be for that cloud's Graph. */
export function graphScope(cloud: CloudName): string {
  return `${CLOUDS[cloud].graph}/.default`;
}

/** The two tokens Connect-MicrosoftTeams -AccessTokens needs. */
export async function getTeamsTokens(
  credential: TokenCredential,
  cloud: CloudName = 'global',
): Promise<{ graphToken: string; teamsToken: string; expiresOn: number }> {
  try {
    const graph = await credential.getToken(graphScope(cloud));
    const teams = await credential.getToken(TEAMS_SCOPE);
    if (!graph || !teams) throw new Error('no token returned');
    // The session lives as long as the first of its two tokens.
    return {
      graphToken: graph.token,
      teamsToken: teams.token,
      expiresOn: Math.min(graph.expiresOnTimestamp, teams.expiresOnTimestamp),
    };
  } catch (err) {
    // The identity library's messages name the failing request, not the secret.
    throw new BackendError(`sign-in failed: ${(err as Error).message.split('\n')[0]}`, 'auth', {
      cause: err,
      hint: 'check the credential, tenant id and VOICEFORM_AUTHORITY_HOST',
    });
  }
}
