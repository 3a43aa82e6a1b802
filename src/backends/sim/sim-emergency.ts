import { isIP } from 'node:net';
import { ADDRESS_FIELDS, CIVIC_FIELDS, EDITABLE_ADDRESS_COUNTRIES } from '../../kinds/emergency-address.js';
import { EMERGENCY_CALLING_POLICY_LIMITS } from '../../kinds/emergency-calling-policy.js';
import { splitPortName, type LisKind } from '../../kinds/lis-identifiers.js';
import { refuse } from './refuse.js';
import type { SimTenantKind } from './sim-kinds.js';

/** An address and mask Teams takes: a valid IPv4 or IPv6 address, a mask no longer than it. */
function checkNetwork(what: string, address: string, maskBits: number): void {
  const family = isIP(address);
  if (family === 0) refuse(`${what} "${address}" is not a valid IP address.`, 'invalid');
  const max = family === 6 ? 128 : 32;
  if (!Number.isInteger(maskBits) || maskBits < 0 || maskBits > max)
    refuse(`MaskBits must be between 0 and ${max} for ${address}.`, 'invalid');
}

/**
 * BSSIDs as Set-CsOnlineLisWirelessAccessPoint.md takes them: six octets separated by '-' (or ':'),
 * "the wildcard '*' can be on either the last one or two character(s)".
 */
const BSSID = /^([0-9A-F]{2}[-:]){5}([0-9A-F]{2}|[0-9A-F]\*|\*)$/i;

/** Teams' rules for emergency calling: the Location Information Service and the network topology. */
export const EMERGENCY_SIM_KINDS = {
  emergencyCallingPolicy: {
    check: (_t, p) => {
      if (p.notificationGroup.length > EMERGENCY_CALLING_POLICY_LIMITS.notificationGroup)
        refuse(
          `NotificationGroup can have at most ${EMERGENCY_CALLING_POLICY_LIMITS.notificationGroup} e-mail addresses.`,
          'invalid',
        );
    },
  },
  trustedIp: { check: (_t, ip) => checkNetwork('IPAddress', ip.name, ip.maskBits) },
  networkRegion: {
    inUse: (name, _kind, holder) => `Network region "${name}" is used by network site "${holder}".`,
  },
  networkSite: {
    inUse: (name, _kind, holder) => `Network site "${name}" is used by subnet "${holder}".`,
  },
  networkSubnet: { check: (_t, s) => checkNetwork('SubnetID', s.name, s.maskBits) },
  emergencyAddress: {
    // New-CsOnlineLisCivicAddress.md: -CompanyName and -CountryOrRegion are mandatory.
    check: (_t, a) => {
      if (!a.companyName) refuse('CompanyName is required.', 'invalid');
      if (!/^[A-Z]{2}$/.test(a.country)) refuse(`CountryOrRegion "${a.country}" is not a two-letter code.`, 'invalid');
    },
    // Set-CsOnlineLisCivicAddress.md: "Editing address using this cmdlet is restricted to" a list of countries.
    checkUpdate: (_t, before, after) => {
      const edited = ADDRESS_FIELDS.some(([f]) => CIVIC_FIELDS.has(f) && before[f] !== after[f]);
      if (edited && !EDITABLE_ADDRESS_COUNTRIES.has(before.country))
        refuse(
          `Editing a civic address in ${before.country} is not supported; create a new address instead.`,
          'invalid',
        );
    },
    inUse: (name, kind, holder) =>
      `Civic address "${name}" cannot be removed: it has ${kind === 'emergencyPlace' ? 'location' : 'network element'} "${holder}".`,
    missing: (name) => `Civic address "${name}" was not found.`,
  },
  emergencyPlace: {
    inUse: (name, _kind, holder) => `Location "${name}" is in use by "${holder}"; remove or move it first.`,
    missing: (name) => `Location "${name}" was not found.`,
  },
  lisSubnet: { check: (_t, s) => checkNetwork('Subnet', s.name, 0) },
  lisWirelessAccessPoint: {
    check: (_t, w) => {
      if (!BSSID.test(w.name)) refuse(`BSSID "${w.name}" is not a valid BSSID.`, 'invalid');
    },
  },
  lisSwitch: {},
  lisPort: {
    check: (_t, p) => {
      const { chassisId, portId } = splitPortName(p.name);
      if (!chassisId || !portId) refuse(`Port "${p.name}" needs a ChassisID and a PortID.`, 'invalid');
    },
  },
} satisfies {
  [
    K in LisKind | 'emergencyCallingPolicy' | 'trustedIp' | 'networkRegion' | 'networkSite' | 'networkSubnet'
  ]: SimTenantKind<K>;
};
