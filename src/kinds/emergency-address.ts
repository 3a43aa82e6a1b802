import type { Problem } from '../errors.js';
import { describe, repeats, type KindDef } from './kind-def.js';
import { isMarked, unmarkDescription } from './ownership.js';

/** The civic address fields Voiceform manages, as the spec and the model spell them, with Teams' parameter. */
export const ADDRESS_FIELDS = [
  ['companyName', 'CompanyName'],
  ['houseNumber', 'HouseNumber'],
  ['houseNumberSuffix', 'HouseNumberSuffix'],
  ['preDirectional', 'PreDirectional'],
  ['streetName', 'StreetName'],
  ['streetSuffix', 'StreetSuffix'],
  ['postDirectional', 'PostDirectional'],
  ['city', 'City'],
  ['stateOrProvince', 'StateOrProvince'],
  ['postalCode', 'PostalCode'],
  ['country', 'CountryOrRegion'],
  ['latitude', 'Latitude'],
  ['longitude', 'Longitude'],
  ['elin', 'Elin'],
] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number][0];

/**
 * `*-CsOnlineLisCivicAddress`: a civic address in the Location Information Service. Teams names it
 * by a generated CivicAddressId; Voiceform names it by its spec name, which the Description carries
 * after the ownership marker (`[voiceform] NewYork`), and matches on that.
 */
export type EmergencyAddress = { name: string; description: string } & Record<AddressField, string>;

/** A place at an address (`*-CsOnlineLisLocation`: a floor, a wing). */
export interface PlaceSpec {
  name: string;
  elin?: string;
}
/** An address's lists of network identifiers (lis-identifiers.ts: one kind each). */
export const IDENTIFIER_LISTS = ['subnets', 'wirelessAccessPoints', 'switches', 'ports'] as const;

/** A network identifier of the LIS mapped to a place; no place: the address's default location. */
interface AtPlace {
  place?: string;
  description?: string;
  /** false: no ownership marker (an admin's identifier kept as it is). */
  owned?: boolean;
}
export type LisSubnetSpec = AtPlace & { subnet: string };
export type LisWirelessAccessPointSpec = AtPlace & { bssid: string };
export type LisSwitchSpec = AtPlace & { chassisId: string };
export type LisPortSpec = AtPlace & { chassisId: string; portId: string };

export type EmergencyAddressSpec = { name: string } & Partial<
  Record<Exclude<AddressField, 'latitude' | 'longitude'>, string>
> & {
    companyName: string;
    country: string;
    latitude?: number;
    longitude?: number;
    places?: PlaceSpec[];
    subnets?: LisSubnetSpec[];
    wirelessAccessPoints?: LisWirelessAccessPointSpec[];
    switches?: LisSwitchSpec[];
    ports?: LisPortSpec[];
  };

/**
 * The countries where Set-CsOnlineLisCivicAddress may edit an address (Set-CsOnlineLisCivicAddress.md):
 * elsewhere, a changed address is a new one (give it a new name; its places and identifiers move).
 */
export const EDITABLE_ADDRESS_COUNTRIES = new Set([
  'AU',
  'BR',
  'CA',
  'HR',
  'CZ',
  'EE',
  'HK',
  'HU',
  'IL',
  'JP',
  'LV',
  'LT',
  'MX',
  'NZ',
  'PL',
  'PR',
  'RO',
  'SG',
  'KR',
  'SI',
  'ZA',
  'US',
]);

/**
 * The fields that place an address (all but the company name and the ELIN): what Teams will not
 * edit outside EDITABLE_ADDRESS_COUNTRIES.
 */
export const CIVIC_FIELDS: ReadonlySet<string> = new Set(
  ADDRESS_FIELDS.map(([f]) => f).filter((f) => f !== 'companyName' && f !== 'elin'),
);

/** Countries whose addresses need no coordinates (New-CsOnlineLisCivicAddress.md: "except Australia and Japan"). */
const NO_COORDINATES = new Set(['AU', 'JP']);

/** The spec name an address's stored Description carries, or null when it is not Voiceform's. */
export function addressNameOf(description: string): string | null {
  return isMarked(description) ? unmarkDescription(description) || null : null;
}

/** The key of a place: `address/place`; the address alone is its default location. */
export function placeKey(address: string, place: string | undefined): string {
  return place ? `${address}/${place}` : address;
}
export function splitPlaceKey(key: string): { address: string; place: string } {
  const at = key.indexOf('/');
  return at < 0 ? { address: key, place: '' } : { address: key.slice(0, at), place: key.slice(at + 1) };
}

const coordinate = (n: number | undefined): string => (n === undefined ? '' : String(n));

function checkAddress(a: EmergencyAddressSpec, where: (suffix: string) => string): Problem[] {
  const out: Problem[] = [];
  if (!NO_COORDINATES.has(a.country) && (a.latitude === undefined || a.longitude === undefined))
    out.push({
      path: where(a.latitude === undefined ? '/latitude' : '/longitude'),
      rule: 'emergency.coordinates',
      message: `emergency address ${a.name} in ${a.country} needs latitude and longitude (Teams requires them everywhere but Australia and Japan)`,
    });
  for (const [j, prev] of repeats(a.places ?? [], (p) => p.name.toLowerCase()))
    out.push({
      path: where(`/places/${j}/name`),
      rule: 'unique-name',
      message: `place ${JSON.stringify(a.places![j]!.name)} of address ${a.name} is already defined at ${where(`/places/${prev}/name`)}`,
    });
  const places = new Set((a.places ?? []).map((p) => p.name.toLowerCase()));
  for (const list of IDENTIFIER_LISTS)
    (a[list] ?? []).forEach((x, j) => {
      if (x.place !== undefined && !places.has(x.place.toLowerCase()))
        out.push({
          path: where(`/${list}/${j}/place`),
          rule: 'reference',
          message: `place ${JSON.stringify(x.place)} is not one of address ${a.name}'s places (${[...(a.places ?? [])].map((p) => p.name).join(', ') || 'none'})`,
        });
    });
  return out;
}

export const emergencyAddressKind: KindDef<
  'emergencyAddress',
  'emergencyAddresses',
  EmergencyAddress,
  EmergencyAddressSpec
> = {
  kind: 'emergencyAddress',
  list: 'emergencyAddresses',
  label: 'emergency address',
  identity: 'name',
  ownership: 'description-marker',
  dependsOn: [],
  fromSpec: (spec) =>
    (spec.emergencyAddresses ?? []).map((a) => ({
      name: a.name,
      description: describe({ description: a.name }),
      ...(Object.fromEntries(
        ADDRESS_FIELDS.map(([f]) => [f, f === 'latitude' || f === 'longitude' ? coordinate(a[f]) : (a[f] ?? '')]),
      ) as Record<AddressField, string>),
    })),
  // Exported with its places and identifiers (model/export-spec.ts gathers them).
  toSpec: (a) =>
    ({
      name: a.name,
      ...Object.fromEntries(
        ADDRESS_FIELDS.flatMap(([f]) =>
          a[f] === '' ? [] : [[f, f === 'latitude' || f === 'longitude' ? Number(a[f]) : a[f]]],
        ),
      ),
    }) as EmergencyAddressSpec,
  checkSpecEntry: checkAddress,
};
