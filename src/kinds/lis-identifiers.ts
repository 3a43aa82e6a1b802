import { describe, type KindDef } from './kind-def.js';
import {
  IDENTIFIER_LISTS,
  placeKey,
  type EmergencyAddressSpec,
  type LisPortSpec,
  type LisSubnetSpec,
  type LisSwitchSpec,
  type LisWirelessAccessPointSpec,
} from './emergency-address.js';

/**
 * A network identifier of the Location Information Service mapped to a place (Set-CsOnlineLis*
 * creates or updates, Remove-CsOnlineLis* removes): when a client is on it, Teams knows which
 * place it is at. `place` is the place's key (`address/place`, or the address alone for its default location).
 */
export interface LisIdentifier {
  name: string;
  place: string;
  description: string;
}

type AddressList = (typeof IDENTIFIER_LISTS)[number];

/**
 * The identifiers of one list of an address, keyed by the model name; `specList` and `specName`
 * say where a spec holds them and how an entry is named (validation reports repeats by them).
 */
function identifierKind<K extends string, L extends string, S extends { place?: string; description?: string }>(
  kind: K,
  list: L,
  label: string,
  field: AddressList,
  nameOf: (s: S) => string,
): KindDef<K, L, LisIdentifier> & { specList: AddressList; specName(s: S): string } {
  return {
    specList: field,
    specName: nameOf,
    kind,
    list,
    label,
    identity: 'name',
    ownership: 'description-marker',
    dependsOn: ['emergencyPlace', 'emergencyAddress'],
    caseless: ['place'],
    // No `uses`: Set-CsOnlineLisSubnet.md, "The location ID which is associating with the subnet is
    // not required to be the existing location"; the spec's check keeps places to the address's own.
    fromSpec: (spec) =>
      (spec.emergencyAddresses ?? []).flatMap((a: EmergencyAddressSpec) =>
        ((a[field] ?? []) as unknown as S[]).map((s) => ({
          name: nameOf(s),
          place: placeKey(a.name, s.place),
          description: describe(s),
        })),
      ),
  };
}

export const lisSubnetKind = identifierKind<'lisSubnet', 'lisSubnets', LisSubnetSpec>(
  'lisSubnet',
  'lisSubnets',
  'LIS subnet',
  'subnets',
  (s) => s.subnet,
);
/** A BSSID is a MAC address: Teams compares it without case (and `-` or `:` alike is not assumed). */
export const lisWirelessAccessPointKind = identifierKind<
  'lisWirelessAccessPoint',
  'lisWirelessAccessPoints',
  LisWirelessAccessPointSpec
>(
  'lisWirelessAccessPoint',
  'lisWirelessAccessPoints',
  'LIS wireless access point',
  'wirelessAccessPoints',
  (s) => s.bssid,
);
export const lisSwitchKind = identifierKind<'lisSwitch', 'lisSwitches', LisSwitchSpec>(
  'lisSwitch',
  'lisSwitches',
  'LIS switch',
  'switches',
  (s) => s.chassisId,
);
/** A port is named `chassis/port` (Teams keys it by both: Set-/Remove-CsOnlineLisPort -ChassisID -PortID). */
export const lisPortKind = identifierKind<'lisPort', 'lisPorts', LisPortSpec>(
  'lisPort',
  'lisPorts',
  'LIS port',
  'ports',
  (s) => portName(s.chassisId, s.portId),
);
export const portName = (chassisId: string, portId: string): string => `${chassisId}/${portId}`;
export function splitPortName(name: string): { chassisId: string; portId: string } {
  const at = name.lastIndexOf('/');
  return { chassisId: name.slice(0, at), portId: name.slice(at + 1) };
}

/** The kinds of the Location Information Service, which Teams names by generated ids. */
export type LisKind = 'emergencyAddress' | 'emergencyPlace' | (typeof LIS_IDENTIFIER_KINDS)[number]['kind'];

/** The LIS identifier kinds, with the spec list of an address that holds each. */
export const LIS_IDENTIFIER_KINDS = [lisSubnetKind, lisWirelessAccessPointKind, lisSwitchKind, lisPortKind] as const;
