import { describe, exportDescription, type KindDef } from './kind-def.js';

/** `*-CsTenantNetworkSubnet`: a subnet of a network site (Identity is the SubnetID, its network address). */
export interface NetworkSubnet {
  name: string;
  maskBits: number;
  networkSite: string | null;
  description: string;
}

export interface NetworkSubnetSpec {
  subnet: string;
  maskBits: number;
  networkSite?: string;
  description?: string;
  owned?: boolean;
}

export const networkSubnetKind: KindDef<'networkSubnet', 'networkSubnets', NetworkSubnet, NetworkSubnetSpec> = {
  kind: 'networkSubnet',
  list: 'networkSubnets',
  label: 'network subnet',
  identity: 'name',
  specIdentity: 'subnet',
  ownership: 'description-marker',
  dependsOn: ['networkSite'],
  caseless: ['networkSite'],
  fromSpec: (spec) =>
    (spec.networkSubnets ?? []).map((s) => ({
      name: s.subnet,
      maskBits: s.maskBits,
      networkSite: s.networkSite ?? null,
      description: describe(s),
    })),
  toSpec: (s) => ({
    subnet: s.name,
    maskBits: s.maskBits,
    ...(s.networkSite ? { networkSite: s.networkSite } : {}),
    ...exportDescription(s.description),
  }),
  uses: (s) => (s.networkSite ? [{ kind: 'networkSite', name: s.networkSite }] : []),
  references: (s) => (s.networkSite ? [{ kind: 'networkSite', name: s.networkSite, path: '/networkSite' }] : []),
};
