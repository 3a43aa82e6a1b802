import { BackendError } from '../errors.js';
import { NOTIFICATION_MODES, type NotificationMode } from '../kinds/emergency-calling-policy.js';
import { fullMask } from '../kinds/trusted-ip.js';
import { has, orNull, pick, policyTag, str, text } from './cmdlet-params.js';
import type { EmulatedKind } from './teams-kinds.js';

/** -NotificationMode binds an enum (NotificationOnly, ConferenceMuted, ConferenceUnMuted), any case. */
function modeOf(v: unknown): NotificationMode | null {
  const s = orNull(v);
  if (!s) return null;
  const mode = Object.values(NOTIFICATION_MODES).find((m) => m.toLowerCase() === s.toLowerCase());
  if (!mode) throw new BackendError(`Cannot convert value "${s}" to type NotificationMode.`, 'invalid');
  return mode;
}

const group = (v: unknown): string[] =>
  text(v)
    .split(';')
    .map((a) => a.trim())
    .filter(Boolean);

/**
 * The tenant network topology (`*-CsTenantTrustedIPAddress`, `*-CsTenantNetworkRegion`,
 * `*-CsTenantNetworkSite`, `*-CsTenantNetworkSubnet`) and emergency calling policies, as
 * Microsoft's pages describe their parameters and output (EMULATOR.md).
 */
export const TOPOLOGY_KINDS = {
  emergencyCallingPolicy: {
    noun: 'CsTeamsEmergencyCallingPolicy',
    shape: (x) => ({
      Identity: policyTag(x.name),
      Description: x.description,
      NotificationGroup: x.notificationGroup.join(';') || null,
      NotificationMode: x.notificationMode,
      NotificationDialOutNumber: x.notificationDialOutNumber || null,
      ExternalLocationLookupMode: x.externalLocationLookup ? 'Enabled' : 'Disabled',
      ExtendedNotifications: [],
      EnhancedEmergencyServiceDisclaimer: null,
    }),
    create: (p, name) => ({
      name,
      description: str(p, 'Description') ?? '',
      notificationGroup: group(p.NotificationGroup),
      notificationMode: modeOf(p.NotificationMode),
      notificationDialOutNumber: text(p.NotificationDialOutNumber),
      externalLocationLookup: text(p.ExternalLocationLookupMode).toLowerCase() === 'enabled',
    }),
    merge: (x, p) => ({
      ...x,
      description: pick(p, 'Description', x.description, text),
      notificationGroup: pick(p, 'NotificationGroup', x.notificationGroup, group),
      notificationMode: pick(p, 'NotificationMode', x.notificationMode, modeOf),
      notificationDialOutNumber: pick(p, 'NotificationDialOutNumber', x.notificationDialOutNumber, text),
      externalLocationLookup: pick(
        p,
        'ExternalLocationLookupMode',
        x.externalLocationLookup,
        (v) => text(v).toLowerCase() === 'enabled',
      ),
    }),
  },
  trustedIp: {
    noun: 'CsTenantTrustedIPAddress',
    nameParams: ['IPAddress', 'Identity'],
    shape: (ip) => ({
      Identity: ip.name,
      IPAddress: ip.name,
      MaskBits: ip.maskBits,
      Description: ip.description,
    }),
    create: (p, name) => ({
      name,
      maskBits: has(p, 'MaskBits') ? Number(p.MaskBits) : fullMask(name),
      description: str(p, 'Description') ?? '',
    }),
    merge: (ip, p) => ({
      ...ip,
      maskBits: pick(p, 'MaskBits', ip.maskBits, Number),
      description: pick(p, 'Description', ip.description, text),
    }),
  },
  networkRegion: {
    noun: 'CsTenantNetworkRegion',
    nameParams: ['NetworkRegionID', 'Identity'],
    shape: (r) => ({
      Identity: r.name,
      NetworkRegionID: r.name,
      Description: r.description,
      CentralSite: null,
      BypassID: null,
    }),
    create: (p, name) => ({ name, description: str(p, 'Description') ?? '' }),
    merge: (r, p) => ({ ...r, description: pick(p, 'Description', r.description, text) }),
  },
  networkSite: {
    noun: 'CsTenantNetworkSite',
    nameParams: ['NetworkSiteID', 'Identity'],
    shape: (s) => ({
      Identity: s.name,
      NetworkSiteID: s.name,
      Description: s.description,
      NetworkRegionID: s.networkRegion,
      EmergencyCallingPolicy: s.emergencyCallingPolicy,
      EmergencyCallRoutingPolicy: s.emergencyCallRoutingPolicy,
      EnableLocationBasedRouting: false,
      LocationPolicy: null,
      NetworkRoamingPolicy: null,
      SiteAddress: null,
    }),
    create: (p, name) => ({
      name,
      description: str(p, 'Description') ?? '',
      networkRegion: orNull(p.NetworkRegionID),
      emergencyCallingPolicy: orNull(p.EmergencyCallingPolicy),
      emergencyCallRoutingPolicy: orNull(p.EmergencyCallRoutingPolicy),
    }),
    merge: (s, p) => ({
      ...s,
      description: pick(p, 'Description', s.description, text),
      networkRegion: pick(p, 'NetworkRegionID', s.networkRegion, orNull),
      emergencyCallingPolicy: pick(p, 'EmergencyCallingPolicy', s.emergencyCallingPolicy, orNull),
      emergencyCallRoutingPolicy: pick(p, 'EmergencyCallRoutingPolicy', s.emergencyCallRoutingPolicy, orNull),
    }),
  },
  networkSubnet: {
    noun: 'CsTenantNetworkSubnet',
    nameParams: ['SubnetID', 'Identity'],
    shape: (s) => ({
      Identity: s.name,
      SubnetID: s.name,
      MaskBits: s.maskBits,
      NetworkSiteID: s.networkSite,
      Description: s.description,
    }),
    create: (p, name) => ({
      name,
      maskBits: Number(p.MaskBits),
      networkSite: orNull(p.NetworkSiteID),
      description: str(p, 'Description') ?? '',
    }),
    merge: (s, p) => ({
      ...s,
      maskBits: pick(p, 'MaskBits', s.maskBits, Number),
      networkSite: pick(p, 'NetworkSiteID', s.networkSite, orNull),
      description: pick(p, 'Description', s.description, text),
    }),
  },
} satisfies {
  [K in 'emergencyCallingPolicy' | 'trustedIp' | 'networkRegion' | 'networkSite' | 'networkSubnet']: EmulatedKind<K>;
};
