import { describe, exportDescription, type KindDef } from './kind-def.js';

/** `*-CsTenantNetworkRegion`: a group of network sites (Identity is the NetworkRegionID). */
export interface NetworkRegion {
  name: string;
  description: string;
}

export interface NetworkRegionSpec {
  name: string;
  description?: string;
  owned?: boolean;
}

export const networkRegionKind: KindDef<'networkRegion', 'networkRegions', NetworkRegion, NetworkRegionSpec> = {
  kind: 'networkRegion',
  list: 'networkRegions',
  label: 'network region',
  identity: 'name',
  ownership: 'description-marker',
  dependsOn: [],
  fromSpec: (spec) => (spec.networkRegions ?? []).map((r) => ({ name: r.name, description: describe(r) })),
  toSpec: (r) => ({ name: r.name, ...exportDescription(r.description) }),
};
