import type { EmergencyAddressSpec } from '../kinds/emergency-address.js';
import type { EmergencyCallRoutingPolicySpec } from '../kinds/emergency-call-routing-policy.js';
import type { EmergencyCallingPolicySpec } from '../kinds/emergency-calling-policy.js';
import type { NetworkSiteSpec } from '../kinds/network-site.js';
import type { NetworkSubnetSpec } from '../kinds/network-subnet.js';
import type { SiteSpec } from '../kinds/spec-document.js';

/** What one site's `emergency` block stands for, in the explicit kinds. */
export interface SiteEmergencyObjects {
  emergencyAddresses: EmergencyAddressSpec[];
  emergencyCallingPolicies: EmergencyCallingPolicySpec[];
  networkSites: NetworkSiteSpec[];
  networkSubnets: NetworkSubnetSpec[];
  /** The site's users get the site's emergency calling policy unless the site names one. */
  emergencyCallingPolicy?: string;
}

/** The name of the emergency calling policy a site's `notify` makes (`<CC>-<Site>-EmergencyCalling`, as templates name). */
export const siteCallingPolicyName = (site: SiteSpec): string => `${site.country}-${site.name}-EmergencyCalling`;

/**
 * A site's `emergency` block as explicit objects: its civic address (named after the site) with
 * places and LIS identifiers; a network site named after the site carrying its emergency call
 * routing policy and, with `notify`, an emergency calling policy of its own; the subnets with a
 * mask also as subnets of that network site (Microsoft: subnets of a network site must be in the
 * LIS too). A site with a block always gets its network site. Pure.
 */
export function expandSiteEmergency(site: SiteSpec): SiteEmergencyObjects {
  const e = site.emergency ?? {};
  const out: SiteEmergencyObjects = {
    emergencyAddresses: [],
    emergencyCallingPolicies: [],
    networkSites: [],
    networkSubnets: [],
  };
  if (e.address) {
    const { country, ...address } = e.address;
    out.emergencyAddresses.push({
      name: site.name,
      ...address,
      country: country ?? site.country,
      ...(e.places ? { places: e.places } : {}),
      ...(e.subnets ? { subnets: e.subnets.map(({ maskBits: _mask, ...s }) => s) } : {}),
      ...(e.wirelessAccessPoints ? { wirelessAccessPoints: e.wirelessAccessPoints } : {}),
      ...(e.switches ? { switches: e.switches } : {}),
      ...(e.ports ? { ports: e.ports } : {}),
    });
  }
  const callingPolicy =
    site.emergencyCallingPolicy ?? (e.notify || e.externalLocationLookup ? siteCallingPolicyName(site) : undefined);
  if (!site.emergencyCallingPolicy && callingPolicy) {
    out.emergencyCallingPolicies.push({
      name: callingPolicy,
      description: `emergency notification of site ${site.name}`,
      ...(e.notify?.group ? { notificationGroup: e.notify.group } : {}),
      ...(e.notify?.mode ? { notificationMode: e.notify.mode } : {}),
      ...(e.notify?.dialOutNumber ? { notificationDialOutNumber: e.notify.dialOutNumber } : {}),
      ...(e.externalLocationLookup ? { externalLocationLookup: true } : {}),
    });
    out.emergencyCallingPolicy = callingPolicy;
  }
  out.networkSites.push({
    name: site.name,
    description: `site ${site.name}`,
    ...(e.networkRegion ? { networkRegion: e.networkRegion } : {}),
    ...(callingPolicy ? { emergencyCallingPolicy: callingPolicy } : {}),
    ...(site.emergencyCallRoutingPolicy ? { emergencyCallRoutingPolicy: site.emergencyCallRoutingPolicy } : {}),
  });
  for (const s of e.subnets ?? [])
    if (s.maskBits !== undefined)
      out.networkSubnets.push({ subnet: s.subnet, maskBits: s.maskBits, networkSite: site.name });
  return out;
}

/**
 * A site policy's emergency numbers with the outside-line masks (`9` + `911` = `9911`) that users
 * used to an outside-line prefix dial: Teams translates a mask to its dial string. Pure.
 */
export function withOutsideLineMasks(
  policy: EmergencyCallRoutingPolicySpec,
  prefix: string,
): EmergencyCallRoutingPolicySpec {
  return {
    ...policy,
    emergencyNumbers: policy.emergencyNumbers.map((n) => {
      const masks = (n.dialMask ?? '').split(';').filter(Boolean);
      const mask = `${prefix}${n.dialString}`;
      return masks.includes(mask) ? n : { ...n, dialMask: [...masks, mask].join(';') };
    }),
  };
}
