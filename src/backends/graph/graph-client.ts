import graphClientModule from '@microsoft/microsoft-graph-client';
import tokenCredentialsModule from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import type { TokenCredential } from '@azure/identity';

const { Client } = graphClientModule as unknown as typeof import('@microsoft/microsoft-graph-client');
const { TokenCredentialAuthenticationProvider } =
  tokenCredentialsModule as unknown as typeof import('@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js');

export type GraphClient = import('@microsoft/microsoft-graph-client').Client;

/**
 * The real Graph client with the same credential as the Teams backend. The client attaches the
 * bearer token only to https hosts it knows: a custom endpoint's host (no port) goes into
 * customHosts. The RetryHandler retries 429/503/504 of plain requests, honouring Retry-After.
 */
export function createGraphClient(credential: TokenCredential, endpoint: string): GraphClient {
  const url = new URL(endpoint);
  const scope =
    url.hostname === 'graph.microsoft.com' || url.protocol !== 'https:'
      ? 'https://graph.microsoft.com/.default'
      : `${url.origin}/.default`;
  const authProvider = new TokenCredentialAuthenticationProvider(credential, {
    scopes: [isMicrosoftHost(url.hostname) ? scope : 'https://graph.microsoft.com/.default'],
  });
  return Client.initWithMiddleware({
    authProvider,
    baseUrl: `${url.origin}/`,
    defaultVersion: 'v1.0',
    customHosts: new Set([url.hostname]),
  });
}

function isMicrosoftHost(host: string): boolean {
  return /(^|\.)(microsoft\.(com|us)|chinacloudapi\.cn)$/.test(host);
}
