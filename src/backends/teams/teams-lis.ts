import {
  ADDRESS_FIELDS,
  addressNameOf,
  placeKey,
  splitPlaceKey,
  type EmergencyAddress,
} from '../../kinds/emergency-address.js';
import type { EmergencyPlace } from '../../kinds/emergency-place.js';
import { identityKey } from '../../kinds/identity.js';
import { portName, splitPortName, type LisIdentifier, type LisKind } from '../../kinds/lis-identifiers.js';
import { kindDef, TENANT_KINDS, type TenantKind, type TenantVoiceState } from '../../kinds/registry.js';
import { BackendError } from '../../errors.js';
import type { Change } from '../../plan/plan-types.js';
import type { BatchOutcome } from '../backend.js';
import { classifyPwshError } from './classify-error.js';
import type { PwshCall } from './pwsh-session.js';
import { text, type Raw } from './teams-fields.js';
import { teamsKind } from './teams-kinds.js';
import { outputOf, type TeamsRunner } from './teams-runner.js';

export type LisState = Pick<
  TenantVoiceState,
  'emergencyAddresses' | 'emergencyPlaces' | 'lisSubnets' | 'lisWirelessAccessPoints' | 'lisSwitches' | 'lisPorts'
>;

/**
 * The network identifiers of the LIS: the parameters that name one (a port is named by its switch
 * and port), and the Get row's names. Their nouns are teams-kinds.ts's.
 */
const IDENTIFIERS = {
  lisSubnet: { key: (n: string): Raw => ({ Subnet: n }), name: (r: Raw) => text(r.Subnet) },
  lisWirelessAccessPoint: {
    key: (n: string): Raw => ({ BSSID: n }),
    name: (r: Raw) => text(r.BSSID),
  },
  lisSwitch: {
    key: (n: string): Raw => ({ ChassisID: n }),
    name: (r: Raw) => text(r.ChassisID),
  },
  lisPort: {
    key: (n: string): Raw => {
      const { chassisId, portId } = splitPortName(n);
      return { ChassisID: chassisId, PortID: portId };
    },
    name: (r: Raw) => portName(text(r.ChassisID), text(r.PortID)),
  },
} as const;
type IdentifierKind = keyof typeof IDENTIFIERS;

/** The kinds of the Location Information Service (teams-kinds.ts marks them `lis`), which Teams names by generated ids. */
export const LIS_KINDS: ReadonlySet<TenantKind> = new Set(
  TENANT_KINDS.filter((k) => teamsKind(k.kind).lis).map((k) => k.kind),
);

/** The ids Teams gave Voiceform's addresses and places, by their names; and the way back. */
export class LisIds {
  readonly addressName = new Map<string, string>();
  readonly placeName = new Map<string, string>();
  readonly addressId = new Map<string, string>();
  readonly locationId = new Map<string, string>();

  constructor(addresses: Raw[], locations: Raw[]) {
    for (const a of addresses) {
      const id = text(a.CivicAddressId).toLowerCase();
      const name = addressNameOf(text(a.Description)) ?? id;
      this.addressName.set(id, name);
      this.addressId.set(identityKey(name), id);
      // The default location Teams makes with every address stands for the address itself.
      const defaultId = text(a.DefaultLocationId).toLowerCase();
      if (defaultId) this.place(defaultId, name);
    }
    for (const l of locations) {
      const id = text(l.LocationId).toLowerCase();
      const address = this.addressName.get(text(l.CivicAddressId).toLowerCase());
      if (!address || this.placeName.has(id) || !text(l.Location)) continue;
      this.place(id, placeKey(address, text(l.Location)));
    }
  }

  private place(id: string, key: string): void {
    this.placeName.set(id, key);
    this.locationId.set(identityKey(key), id);
  }

  /** The place a LocationId stands for: its key, or the id itself when Teams has no such location. */
  placeOf(locationId: unknown): string {
    const id = text(locationId).toLowerCase();
    return this.placeName.get(id) ?? id;
  }

  need(map: Map<string, string>, what: string, name: string): string {
    const id = map.get(identityKey(name));
    if (!id)
      throw new BackendError(
        `${what} "${name}" was not found in the tenant's Location Information Service`,
        'not-found',
      );
    return id;
  }
}

/** The Get of all of a LIS kind's objects. */
const getAll = (kind: LisKind): PwshCall => ({ cmdlet: `Get-${teamsKind(kind).noun}` });

/** The LIS in the model, from the Get rows of each of its kinds (missing kinds read as none). Pure. */
export function lisFromRows(rows: Partial<Record<TenantKind, Raw[]>>): LisState {
  const addresses = rows.emergencyAddress ?? [];
  const locations = rows.emergencyPlace ?? [];
  const ids = new LisIds(addresses, locations);
  const out: LisState = {
    emergencyAddresses: addresses.map((a) => ({
      name: ids.addressName.get(text(a.CivicAddressId).toLowerCase())!,
      description: text(a.Description),
      ...(Object.fromEntries(ADDRESS_FIELDS.map(([f, param]) => [f, text(a[param])])) as Omit<
        EmergencyAddress,
        'name' | 'description'
      >),
    })),
    emergencyPlaces: locations.flatMap((l): EmergencyPlace[] => {
      const key = ids.placeOf(l.LocationId);
      const { address, place } = splitPlaceKey(key);
      return place && ids.addressId.has(identityKey(address))
        ? [{ name: key, address, location: place, elin: text(l.Elin) }]
        : [];
    }),
    lisSubnets: [],
    lisWirelessAccessPoints: [],
    lisSwitches: [],
    lisPorts: [],
  };
  for (const [kind, def] of Object.entries(IDENTIFIERS) as [IdentifierKind, (typeof IDENTIFIERS)[IdentifierKind]][])
    (out as unknown as Record<string, LisIdentifier[]>)[kindDef(kind).list] = (rows[kind] ?? []).map(
      (r): LisIdentifier => ({
        name: def.name(r),
        place: ids.placeOf(r.LocationId),
        description: text(r.Description),
      }),
    );
  return out;
}

/** Each address's ValidationStatus by its name (Get-CsOnlineLisCivicAddress rows). Pure. */
export function addressValidation(addresses: Raw[]): Record<string, string> {
  const ids = new LisIds(addresses, []);
  return Object.fromEntries(
    addresses.map((a) => [ids.addressName.get(text(a.CivicAddressId).toLowerCase())!, text(a.ValidationStatus)]),
  );
}

/** The civic address parameters of New-/Set-CsOnlineLisCivicAddress: the fields given (all for New-). */
function addressParams(a: EmergencyAddress, only?: Set<string>): Raw {
  const params: Raw = {};
  for (const [f, param] of ADDRESS_FIELDS) if ((!only && a[f] !== '') || only?.has(f)) params[param] = a[f];
  return params;
}

/** The cmdlet call of one change, with the generated ids it needs looked up. Pure. */
export function lisCall(change: Change, ids: LisIds): PwshCall {
  const kind = change.kind as LisKind;
  if (kind === 'emergencyAddress') {
    const a = (change.after ?? change.before) as EmergencyAddress;
    if (change.action === 'create')
      return { cmdlet: 'New-CsOnlineLisCivicAddress', params: { ...addressParams(a), Description: a.description } };
    const CivicAddressId = ids.need(ids.addressId, 'civic address', change.name);
    if (change.action === 'delete') return { cmdlet: 'Remove-CsOnlineLisCivicAddress', params: { CivicAddressId } };
    const changed = new Set(change.diff.map((d) => d.attribute));
    return {
      cmdlet: 'Set-CsOnlineLisCivicAddress',
      params: {
        CivicAddressId,
        ...addressParams(a, changed),
        ...(changed.has('description') ? { Description: a.description } : {}),
      },
    };
  }
  if (kind === 'emergencyPlace') {
    const p = (change.after ?? change.before) as EmergencyPlace;
    if (change.action === 'create')
      return {
        cmdlet: 'New-CsOnlineLisLocation',
        params: {
          CivicAddressId: ids.need(ids.addressId, 'civic address', p.address),
          Location: p.location,
          ...(p.elin ? { Elin: p.elin } : {}),
        },
      };
    const LocationId = ids.need(ids.locationId, 'location', change.name);
    if (change.action === 'delete') return { cmdlet: 'Remove-CsOnlineLisLocation', params: { LocationId } };
    return { cmdlet: 'Set-CsOnlineLisLocation', params: { LocationId, Elin: p.elin } };
  }
  // Set-CsOnlineLis<identifier> creates or updates ("not required to be the existing location").
  const def = IDENTIFIERS[kind];
  const noun = teamsKind(kind).noun;
  if (change.action === 'delete') return { cmdlet: `Remove-${noun}`, params: def.key(change.name) };
  const o = change.after as LisIdentifier;
  return {
    cmdlet: `Set-${noun}`,
    params: { ...def.key(o.name), LocationId: ids.need(ids.locationId, 'place', o.place), Description: o.description },
  };
}

/**
 * Reads and writes the Location Information Service: addresses and places have generated ids, so a
 * write first reads them (one invocation) and sends ids, never names, to the cmdlets.
 */
export class TeamsLis {
  constructor(private readonly runner: TeamsRunner) {}

  async write(changes: Change[]): Promise<BatchOutcome[]> {
    const [addresses, locations] = await this.runner.run([getAll('emergencyAddress'), getAll('emergencyPlace')], false);
    const ids = new LisIds(
      outputOf(addresses, 'Get-CsOnlineLisCivicAddress'),
      outputOf(locations, 'Get-CsOnlineLisLocation'),
    );
    const calls = changes.map((c): PwshCall | Error => {
      try {
        return lisCall(c, ids);
      } catch (e) {
        return e as Error;
      }
    });
    const todo = calls.filter((c): c is PwshCall => !(c instanceof Error));
    const results = todo.length ? await this.runner.run(todo, true) : [];
    let k = 0;
    return calls.map((c): BatchOutcome => {
      if (c instanceof Error) return { status: 'failed', error: c };
      const r = results[k++];
      if (!r) return { status: 'skipped' };
      return r.ok ? { status: 'done' } : { status: 'failed', error: classifyPwshError(r.error ?? 'unknown error') };
    });
  }
}
