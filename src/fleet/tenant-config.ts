import { childEnvironment, type Config } from '../config.js';
import type { FleetTenant } from './manifest.js';

/**
 * The tenant's own configuration: the fleet's environment without anyone's credentials, plus this
 * tenant's, read from the variables its entry names. No tenant ever signs in with another's.
 */
export function tenantConfig(t: FleetTenant, config: Config): Config {
  const env = Object.fromEntries(
    Object.entries(config.env).filter(([k]) => !/^VOICEFORM_(CLIENT_|CERT_|TENANT_ID$)/.test(k)),
  );
  const take = (name: string | undefined, as: string) => {
    if (name && config.env[name] !== undefined) env[as] = config.env[name];
  };
  take(t.credentials.clientIdEnv, 'VOICEFORM_CLIENT_ID');
  take(t.credentials.certPathEnv, 'VOICEFORM_CERT_PATH');
  take(t.credentials.certPasswordEnv, 'VOICEFORM_CERT_PASSWORD');
  take(t.credentials.clientSecretEnv, 'VOICEFORM_CLIENT_SECRET');
  return { ...config, tenantId: undefined, env, childEnv: childEnvironment(env) };
}
