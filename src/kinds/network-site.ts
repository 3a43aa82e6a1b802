import { describe, exportDescription, type KindDef, type SpecReference } from './kind-def.js';

/**
 * `*-CsTenantNetworkSite`: a place on the tenant's network whose subnets tell Teams where a user
 * is; its emergency calling and emergency call routing policies override the user's own while the
 * user is there (what-are-emergency-locations-addresses-and-call-routing).
 */
export interface NetworkSite {
  name: string;
  description: string;
  networkRegion: string | null;
  emergencyCallingPolicy: string | null;
  emergencyCallRoutingPolicy: string | null;
}

export interface NetworkSiteSpec {
  name: string;
  description?: string;
  networkRegion?: string;
  emergencyCallingPolicy?: string;
  emergencyCallRoutingPolicy?: string;
  owned?: boolean;
}

const LINKS = [
  ['networkRegion', 'networkRegion'],
  ['emergencyCallingPolicy', 'emergencyCallingPolicy'],
  ['emergencyCallRoutingPolicy', 'emergencyCallRoutingPolicy'],
] as const;

export const networkSiteKind: KindDef<'networkSite', 'networkSites', NetworkSite, NetworkSiteSpec> = {
  kind: 'networkSite',
  list: 'networkSites',
  label: 'network site',
  identity: 'name',
  ownership: 'description-marker',
  dependsOn: ['networkRegion', 'emergencyCallingPolicy', 'emergencyCallRoutingPolicy'],
  caseless: ['networkRegion', 'emergencyCallingPolicy', 'emergencyCallRoutingPolicy'],
  fromSpec: (spec) =>
    (spec.networkSites ?? []).map((s) => ({
      name: s.name,
      description: describe(s),
      networkRegion: s.networkRegion ?? null,
      emergencyCallingPolicy: s.emergencyCallingPolicy ?? null,
      emergencyCallRoutingPolicy: s.emergencyCallRoutingPolicy ?? null,
    })),
  toSpec: (s) => ({
    name: s.name,
    ...exportDescription(s.description),
    ...Object.fromEntries(LINKS.flatMap(([a]) => (s[a] ? [[a, s[a]]] : []))),
  }),
  uses: (s) => LINKS.flatMap(([a, kind]) => (s[a] ? [{ kind, name: s[a] }] : [])),
  references: (s) => LINKS.flatMap(([a, kind]): SpecReference[] => (s[a] ? [{ kind, name: s[a], path: `/${a}` }] : [])),
};
