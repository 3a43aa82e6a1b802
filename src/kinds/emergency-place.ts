import type { KindDef } from './kind-def.js';
import { placeKey } from './emergency-address.js';

/**
 * A place at a civic address (`*-CsOnlineLisLocation -CivicAddressId -Location [-Elin]`): named
 * `address/place`. Teams gives it a LocationId; it has no Description, so it is Voiceform's when its
 * address is. A kind of its own, after the address, so identifiers can point at it.
 */
export interface EmergencyPlace {
  name: string;
  address: string;
  location: string;
  elin: string;
}

export const emergencyPlaceKind: KindDef<'emergencyPlace', 'emergencyPlaces', EmergencyPlace> = {
  kind: 'emergencyPlace',
  list: 'emergencyPlaces',
  label: 'emergency place',
  identity: 'name',
  ownership: 'emergency-address',
  dependsOn: ['emergencyAddress'],
  fromSpec: (spec) =>
    (spec.emergencyAddresses ?? []).flatMap((a) =>
      (a.places ?? []).map((p) => ({
        name: placeKey(a.name, p.name),
        address: a.name,
        location: p.name,
        elin: p.elin ?? '',
      })),
    ),
  uses: (p) => [{ kind: 'emergencyAddress', name: p.address }],
};
