import type { Problem } from '../errors.js';
import { describe, exportDescription, type KindDef } from './kind-def.js';

/**
 * `*-CsTenantTrustedIPAddress`: a public address the tenant's users reach Microsoft from. Teams
 * looks up a user's location (dynamic emergency calling) only from these (configure-dynamic-emergency-calling).
 */
export interface TrustedIp {
  /** The IP address (IPv4 or IPv6): Teams' Identity. */
  name: string;
  maskBits: number;
  description: string;
}

export interface TrustedIpSpec {
  address: string;
  maskBits?: number;
  description?: string;
  owned?: boolean;
}

const isV6 = (address: string) => address.includes(':');

/** The whole address when no mask is given: /32 or /128 (New-CsTenantTrustedIPAddress's MaskBits default). */
export const fullMask = (address: string): number => (isV6(address) ? 128 : 32);

function checkMask(t: TrustedIpSpec, where: (suffix: string) => string): Problem[] {
  const max = fullMask(t.address);
  return t.maskBits !== undefined && t.maskBits > max
    ? [
        {
          path: where('/maskBits'),
          rule: 'schema',
          message: `maskBits ${t.maskBits} is more than an ${isV6(t.address) ? 'IPv6' : 'IPv4'} address has (${max})`,
        },
      ]
    : [];
}

export const trustedIpKind: KindDef<'trustedIp', 'trustedIps', TrustedIp, TrustedIpSpec> = {
  kind: 'trustedIp',
  list: 'trustedIps',
  label: 'trusted IP address',
  identity: 'name',
  specIdentity: 'address',
  ownership: 'description-marker',
  dependsOn: [],
  fromSpec: (spec) =>
    (spec.trustedIps ?? []).map((t) => ({
      name: t.address,
      maskBits: t.maskBits ?? fullMask(t.address),
      description: describe(t),
    })),
  toSpec: (t) => ({
    address: t.name,
    ...(t.maskBits !== fullMask(t.name) ? { maskBits: t.maskBits } : {}),
    ...exportDescription(t.description),
  }),
  checkSpecEntry: checkMask,
};
