import { randomUUID } from 'node:crypto';
import type { SimTenant } from '../backends/sim/sim-tenant.js';
import { BackendError } from '../errors.js';
import {
  ADDRESS_FIELDS,
  addressNameOf,
  placeKey,
  splitPlaceKey,
  type EmergencyAddress,
} from '../kinds/emergency-address.js';
import { identityKey } from '../kinds/identity.js';
import { portName, splitPortName, type LisIdentifier } from '../kinds/lis-identifiers.js';
import { has, need, str, text, type Params } from './cmdlet-params.js';

type Handler = (t: SimTenant, p: Params) => unknown[];
type Raw = Record<string, unknown>;

/**
 * The Location Information Service (`*-CsOnlineLis*`) over the simulated tenant, which keeps
 * addresses and places by Voiceform's names: the cmdlets deal in the ids Teams generates
 * (New-CsOnlineLisCivicAddress.md: "creating a new civic address also creates a default location",
 * ValidationStatus NotValidated) and translate them to names and back. Network identifiers are
 * upserted by Set- and may name a location that does not exist (Set-CsOnlineLisSubnet.md).
 */
function ids(t: SimTenant): Record<string, string> {
  return (t.state.lisIds ??= {});
}
const idKey = (what: string, name: string) => `${what}:${identityKey(name)}`;
function idOf(t: SimTenant, what: 'address' | 'default' | 'place', name: string): string {
  return (ids(t)[idKey(what, name)] ??= randomUUID());
}
function nameById(t: SimTenant, what: 'address' | 'default' | 'place', id: string): string | undefined {
  const key = Object.entries(ids(t)).find(([k, v]) => k.startsWith(`${what}:`) && v === id.toLowerCase())?.[0];
  if (!key) return undefined;
  const lower = key.slice(what.length + 1);
  const list = what === 'place' ? t.list('emergencyPlace') : t.list('emergencyAddress');
  return list.find((o) => identityKey(o.name) === lower)?.name;
}
function forget(t: SimTenant, what: 'address' | 'default' | 'place', name: string): void {
  delete ids(t)[idKey(what, name)];
}

function addressById(t: SimTenant, id: string): EmergencyAddress {
  const name = nameById(t, 'address', id);
  const a = name === undefined ? undefined : t.find('emergencyAddress', name);
  if (!a) throw new BackendError(`Civic address ${id} was not found.`, 'not-found');
  return a;
}

/** The place key a LocationId stands for: a place, an address's default location, or (unknown) the id. */
function placeOfLocation(t: SimTenant, id: string): string {
  return nameById(t, 'place', id) ?? nameById(t, 'default', id) ?? id.toLowerCase();
}
function locationIdOf(t: SimTenant, place: string): string {
  const { place: location } = splitPlaceKey(place);
  if (/^[0-9a-f-]{36}$/.test(place)) return place;
  return location ? idOf(t, 'place', place) : idOf(t, 'default', place);
}

function addressRow(t: SimTenant, a: EmergencyAddress): Raw {
  return {
    CivicAddressId: idOf(t, 'address', a.name),
    ...Object.fromEntries(ADDRESS_FIELDS.map(([f, param]) => [param, a[f] || null])),
    Description: a.description,
    DefaultLocationId: idOf(t, 'default', a.name),
    // The emulator validates nothing: Teams' own validation (Azure Maps) is not simulated.
    ValidationStatus: 'NotValidated',
    NumberOfVoiceUsers: 0,
    NumberOfTelephoneNumbers: 0,
  };
}

function locationRows(t: SimTenant, a: EmergencyAddress): Raw[] {
  const base = addressRow(t, a);
  const row = (id: string, location: string, elin: string): Raw => ({
    ...base,
    LocationId: id,
    Location: location || null,
    Elin: elin || null,
  });
  return [
    row(idOf(t, 'default', a.name), '', a.elin),
    ...t
      .list('emergencyPlace')
      .filter((p) => identityKey(p.address) === identityKey(a.name))
      .map((p) => row(idOf(t, 'place', p.name), p.location, p.elin)),
  ];
}

function addressFrom(p: Params, base: EmergencyAddress): EmergencyAddress {
  const out = { ...base } as Record<string, string>;
  for (const [f, param] of ADDRESS_FIELDS) if (has(p, param)) out[f] = text(p[param]);
  if (has(p, 'Description')) out.description = text(p.Description);
  return out as unknown as EmergencyAddress;
}

/** Set-/Get-/Remove- of one network identifier kind: rows named by their key parameters. */
function identifierCmdlets(
  kind: 'lisSubnet' | 'lisWirelessAccessPoint' | 'lisSwitch' | 'lisPort',
  noun: string,
  nameOf: (p: Params) => string,
  row: (o: LisIdentifier) => Raw,
): [string, Handler][] {
  const shape = (t: SimTenant, o: LisIdentifier): Raw => ({
    ...row(o),
    LocationId: locationIdOf(t, o.place),
    Description: o.description || null,
  });
  return [
    [`Get-${noun}`, (t) => t.list(kind).map((o) => shape(t, o))],
    [
      `Set-${noun}`,
      (t, p) => {
        const name = nameOf(p);
        const o: LisIdentifier = {
          name,
          place: placeOfLocation(t, need(p, 'LocationId')),
          description: text(p.Description),
        };
        const current = t.find(kind, name);
        if (current) t.update(kind, { ...o, description: has(p, 'Description') ? o.description : current.description });
        else t.create(kind, o);
        return [];
      },
    ],
    [`Remove-${noun}`, (t, p) => (t.remove(kind, nameOf(p)), [])],
  ];
}

export const LIS_CMDLETS: [string, Handler][] = [
  [
    'Get-CsOnlineLisCivicAddress',
    (t, p) => {
      const id = str(p, 'CivicAddressId')?.toLowerCase();
      return t
        .list('emergencyAddress')
        .map((a) => addressRow(t, a))
        .filter((r) => !id || r.CivicAddressId === id);
    },
  ],
  [
    'New-CsOnlineLisCivicAddress',
    (t, p) => {
      const description = text(p.Description);
      const id = randomUUID();
      // An address whose Description carries no name of Voiceform's is named by its id.
      const name = addressNameOf(description) ?? id;
      const blank = Object.fromEntries(ADDRESS_FIELDS.map(([f]) => [f, ''])) as unknown as EmergencyAddress;
      const a = addressFrom(p, { ...blank, name, description });
      t.create('emergencyAddress', a);
      ids(t)[idKey('address', name)] = id;
      return [addressRow(t, a)];
    },
  ],
  [
    'Set-CsOnlineLisCivicAddress',
    (t, p) => {
      const a = addressById(t, need(p, 'CivicAddressId'));
      const next = addressFrom(p, a);
      // The name lives in the Description: a new one renames the address.
      const renamed = addressNameOf(next.description);
      if (renamed && identityKey(renamed) !== identityKey(a.name))
        throw new BackendError('The emulator does not rename civic addresses through their Description.', 'invalid');
      t.update('emergencyAddress', next);
      return [];
    },
  ],
  [
    'Remove-CsOnlineLisCivicAddress',
    (t, p) => {
      const a = addressById(t, need(p, 'CivicAddressId'));
      t.remove('emergencyAddress', a.name);
      forget(t, 'address', a.name);
      forget(t, 'default', a.name);
      return [];
    },
  ],
  [
    'Get-CsOnlineLisLocation',
    (t, p) => {
      const address = str(p, 'CivicAddressId')?.toLowerCase();
      const location = str(p, 'LocationId')?.toLowerCase();
      return t
        .list('emergencyAddress')
        .flatMap((a) => locationRows(t, a))
        .filter((r) => (!address || r.CivicAddressId === address) && (!location || r.LocationId === location));
    },
  ],
  [
    'New-CsOnlineLisLocation',
    (t, p) => {
      const a = addressById(t, need(p, 'CivicAddressId'));
      const location = need(p, 'Location');
      const name = placeKey(a.name, location);
      t.create('emergencyPlace', { name, address: a.name, location, elin: text(p.Elin) });
      return locationRows(t, a).filter((r) => r.LocationId === idOf(t, 'place', name));
    },
  ],
  [
    'Set-CsOnlineLisLocation',
    (t, p) => {
      const id = need(p, 'LocationId').toLowerCase();
      const name = nameById(t, 'place', id);
      const place = name === undefined ? undefined : t.find('emergencyPlace', name);
      if (!place) throw new BackendError(`Location ${id} was not found.`, 'not-found');
      if (has(p, 'Location') && text(p.Location) !== place.location)
        throw new BackendError('The emulator does not rename locations.', 'invalid');
      t.update('emergencyPlace', { ...place, elin: has(p, 'Elin') ? text(p.Elin) : place.elin });
      return [];
    },
  ],
  [
    'Remove-CsOnlineLisLocation',
    (t, p) => {
      const id = need(p, 'LocationId').toLowerCase();
      if (nameById(t, 'default', id))
        throw new BackendError(
          "You can't remove the default location; remove its civic address, which removes the default location.",
          'invalid',
        );
      const name = nameById(t, 'place', id);
      if (name === undefined) throw new BackendError(`Location ${id} was not found.`, 'not-found');
      t.remove('emergencyPlace', name);
      forget(t, 'place', name);
      return [];
    },
  ],
  ...identifierCmdlets(
    'lisSubnet',
    'CsOnlineLisSubnet',
    (p) => need(p, 'Subnet'),
    (o) => ({ Subnet: o.name }),
  ),
  ...identifierCmdlets(
    'lisWirelessAccessPoint',
    'CsOnlineLisWirelessAccessPoint',
    (p) => need(p, 'BSSID'),
    (o) => ({ BSSID: o.name }),
  ),
  ...identifierCmdlets(
    'lisSwitch',
    'CsOnlineLisSwitch',
    (p) => need(p, 'ChassisID'),
    (o) => ({ ChassisID: o.name }),
  ),
  ...identifierCmdlets(
    'lisPort',
    'CsOnlineLisPort',
    (p) => portName(need(p, 'ChassisID'), need(p, 'PortID')),
    (o) => {
      const { chassisId, portId } = splitPortName(o.name);
      return { ChassisID: chassisId, PortID: portId };
    },
  ),
];
