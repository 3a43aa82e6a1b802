import type { ModelOf, TenantKind } from '../../kinds/registry.js';
import type { Change, ChangeOf } from '../../plan/plan-types.js';
import type { PwshCall } from './pwsh-session.js';

export type Raw = Record<string, unknown>;

export const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
export const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : v === null || v === undefined || v === '' ? [] : [String(v)];
export { bareName } from '../../kinds/identity.js';

/**
 * How one model field meets the MicrosoftTeams module: the parameter New-/Set- take and the Get
 * output property it is read from (the same name unless `read` says otherwise). Written once here,
 * on Voiceform's side; the emulator keeps its own reading of Microsoft's pages.
 */
export interface FieldParam<V> {
  /** The New-/Set- parameter and Get output property (`NumberPattern`). */
  param: string;
  /** The field from a Get row (default: the property `param`, as text). */
  read?: (row: Raw) => V;
  /** The value New- and Set- take when it is not the model's (a list Teams keeps as one `;`-separated string). */
  send?: (v: V) => unknown;
  /** The value Set- takes when it differs from New-'s (ordered lists: `@{Replace=…}`). */
  setValue?: (v: V) => unknown;
  /**
   * Sent only with a value: the module cannot take $null or '' here (a Guid). 'new': only New- leaves
   * it out when empty; Set- sends '' when the change clears it (a string the module keeps otherwise:
   * Set-* leaves an omitted parameter as it was, so a value could never be cleared).
   */
  onlyWithValue?: boolean | 'new';
}

/** A list the module takes as in-memory objects built by another cmdlet (dial plan rules, emergency numbers). */
export interface InMemoryField<V> {
  read: (row: Raw) => V;
  inMemory: (v: V, o: object) => NonNullable<PwshCall['inMemory']>;
}

/** The identity: the parameter New- names the object with (Set-/Remove- take `-Identity`). */
export interface IdentityField<V> {
  identity: true;
  /** New-'s parameter (`Identity`, or `Fqdn` for a gateway). */
  param: string;
  read: (row: Raw) => V;
}

/** Every field of a kind's model, mapped: a field added to the model without its mapping does not compile. */
export type FieldTable<K extends TenantKind> = {
  [F in keyof ModelOf<K>]-?: FieldParam<ModelOf<K>[F]> | InMemoryField<ModelOf<K>[F]> | IdentityField<ModelOf<K>[F]>;
};

type AnyField = FieldParam<unknown> | InMemoryField<unknown> | IdentityField<unknown>;
const entries = <K extends TenantKind>(table: FieldTable<K>) => Object.entries(table) as [string, AnyField][];
const isIdentity = (f: AnyField): f is IdentityField<unknown> => 'identity' in f;
const isInMemory = (f: AnyField): f is InMemoryField<unknown> => 'inMemory' in f;

/** Get output rows → the model, field by field. */
export function rowsToModel<K extends TenantKind>(table: FieldTable<K>, rows: Raw[]): ModelOf<K>[] {
  return rows.map(
    (row) =>
      Object.fromEntries(
        entries(table).map(([field, f]) => [field, f.read ? f.read(row) : text(row[(f as FieldParam<unknown>).param])]),
      ) as ModelOf<K>,
  );
}

/** Only attributes the diff names (Set-* changes only what it is given); a create sets every one. */
function changed(change: Change, attribute: string): boolean {
  return change.action !== 'update' || change.diff.some((d) => d.attribute === attribute);
}

const hasValue = (v: unknown): boolean => v !== null && v !== undefined && v !== '';

/**
 * New-'s call: every field with a value. A parameter with no value is left out: the module's
 * parameters are typed (`-MaxConcurrentSessions` is an Int32) and PowerShell binds $null to 0.
 */
export function newCall<K extends TenantKind>(cmdlet: string, table: FieldTable<K>, o: ModelOf<K>): PwshCall {
  const params: Raw = {};
  let inMemory: PwshCall['inMemory'];
  for (const [field, f] of entries(table)) {
    const value = (o as Raw)[field];
    if (isInMemory(f)) inMemory = f.inMemory(value, o);
    else if (value !== null && value !== undefined && (!('onlyWithValue' in f) || !f.onlyWithValue || hasValue(value)))
      params[f.param] = 'send' in f && f.send ? f.send(value) : value;
  }
  return { cmdlet, params, ...(inMemory ? { inMemory } : {}) };
}

/** Set-'s call: `-Identity` and the fields the change alters, in the form Set- takes them. */
export function setCall<K extends TenantKind>(cmdlet: string, table: FieldTable<K>, change: ChangeOf<K>): PwshCall {
  const o = change.after as Raw;
  const params: Raw = { Identity: change.name };
  let inMemory: PwshCall['inMemory'];
  for (const [field, f] of entries(table)) {
    if (isIdentity(f) || !changed(change as Change, field)) continue;
    if (isInMemory(f)) inMemory = f.inMemory(o[field], o);
    else if (f.onlyWithValue !== true || hasValue(o[field]))
      params[f.param] = f.setValue
        ? f.setValue(o[field])
        : f.send && o[field] !== null && o[field] !== undefined
          ? f.send(o[field])
          : (o[field] ?? (f.onlyWithValue === 'new' ? '' : null));
  }
  return { cmdlet, params, ...(inMemory ? { inMemory } : {}) };
}
