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
