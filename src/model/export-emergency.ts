import { emergencyAddressKind, splitPlaceKey, type EmergencyAddressSpec } from '../kinds/emergency-address.js';
import { identityKey } from '../kinds/identity.js';
import { exportDescription } from '../kinds/kind-def.js';
import { isMarked } from '../kinds/ownership.js';
import { splitPortName } from '../kinds/lis-identifiers.js';
import type { TenantVoiceState } from './tenant-state.js';

/**
 * Voiceform's civic addresses as spec entries, each with its places and the LIS identifiers mapped
 * to them. An address without the marker is named by its generated id, which a spec cannot name: it
 * stays out (left alone, as the plan lists it).
 */
export function exportEmergencyAddresses(v: TenantVoiceState): { emergencyAddresses: EmergencyAddressSpec[] } {
  const at = (address: string) => (o: { place: string }) =>
    identityKey(splitPlaceKey(o.place).address) === identityKey(address);
  const place = (o: { place: string }) => {
    const p = splitPlaceKey(o.place).place;
    return p ? { place: p } : {};
  };
  const rest = (o: { description: string }) => exportDescription(o.description);
  return {
    emergencyAddresses: v.emergencyAddresses
      .filter((a) => isMarked(a.description))
      .map((a) => {
        const mine = at(a.name);
        const places = v.emergencyPlaces
          .filter((p) => identityKey(p.address) === identityKey(a.name))
          .map((p) => ({ name: p.location, ...(p.elin ? { elin: p.elin } : {}) }));
        const subnets = v.lisSubnets.filter(mine).map((s) => ({ subnet: s.name, ...place(s), ...rest(s) }));
        const waps = v.lisWirelessAccessPoints.filter(mine).map((w) => ({ bssid: w.name, ...place(w), ...rest(w) }));
        const switches = v.lisSwitches.filter(mine).map((w) => ({ chassisId: w.name, ...place(w), ...rest(w) }));
        const ports = v.lisPorts.filter(mine).map((p) => ({ ...splitPortName(p.name), ...place(p), ...rest(p) }));
        return {
          ...emergencyAddressKind.toSpec!(a),
          ...(places.length ? { places } : {}),
          ...(subnets.length ? { subnets } : {}),
          ...(waps.length ? { wirelessAccessPoints: waps } : {}),
          ...(switches.length ? { switches } : {}),
          ...(ports.length ? { ports } : {}),
        };
      }),
  };
}
