import { BackendError } from '../../errors.js';

/** National clouds: Graph and login hosts. */
export const CLOUDS = {
  global: { graph: 'https://graph.microsoft.com', login: 'https://login.microsoftonline.com' },
  usgov: { graph: 'https://graph.microsoft.us', login: 'https://login.microsoftonline.us' },
  usgovdod: { graph: 'https://dod-graph.microsoft.us', login: 'https://login.microsoftonline.us' },
  china: { graph: 'https://microsoftgraph.chinacloudapi.cn', login: 'https://login.chinacloudapi.cn' },
} as const;

/** The cloud: `--cloud`, else VOICEFORM_CLOUD, else global. */
export function cloudOf(name: string | undefined, env: NodeJS.ProcessEnv): CloudName {
  const cloud = (name ?? env.VOICEFORM_CLOUD ?? 'global') as CloudName;
  if (!(cloud in CLOUDS))
    throw new BackendError(`unknown cloud ${cloud}`, 'invalid', { hint: `one of ${Object.keys(CLOUDS).join(', ')}` });
  return cloud;
}
export type CloudName = keyof typeof CLOUDS;

/** Graph endpoint: VOICEFORM_GRAPH_ENDPOINT, else the cloud's (VOICEFORM_CLOUD, default global). */
export function graphEndpoint(cloud: CloudName, env: NodeJS.ProcessEnv): string {
  return (env.VOICEFORM_GRAPH_ENDPOINT || CLOUDS[cloud].graph).replace(/\/+$/, '');
}

/**
 * Which call-record APIs a cloud offers, from Microsoft's pages: getDirectRoutingCalls includes
 * `global-only.md`, getPstnCalls `global-us.md` (microsoft-graph-docs-contrib). 'declared': the
 * cloud's Graph metadata declares it but the page does not list the cloud (US Government
 * declares both): tried, and a "not supported" answer is said as such. 'no': not asked at all.
 */
export const CALL_RECORD_APIS: Record<CloudName, { getDirectRoutingCalls: Availability; getPstnCalls: Availability }> =
  {
    global: { getDirectRoutingCalls: 'yes', getPstnCalls: 'yes' },
    usgov: { getDirectRoutingCalls: 'declared', getPstnCalls: 'yes' },
    usgovdod: { getDirectRoutingCalls: 'declared', getPstnCalls: 'yes' },
    china: { getDirectRoutingCalls: 'no', getPstnCalls: 'no' },
  };
export type Availability = 'yes' | 'declared' | 'no';
