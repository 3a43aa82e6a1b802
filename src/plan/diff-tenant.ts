import { Address, identityAttribute, identityKey, isUserKind, nameOf, type ObjectKind } from '../addr/address.js';
import { KINDS, kindDef, listOf, type TenantVoiceState } from '../kinds/registry.js';
import { isMarked } from '../kinds/ownership.js';
import { OWNER_TAG } from '../kinds/resource-account.js';
import { isOrgDefault, ORG_DEFAULT_NOTE } from '../kinds/grants.js';
import { canonicalJson } from './canonical-json.js';
import { foldNames, isEmptyUserObject } from './same-object.js';
import { orderChanges } from './order-changes.js';
import type { AttributeDiff, Change } from './plan-types.js';

type Obj = Record<string, unknown>;

export interface DiffOptions {
  /** Delete Voiceform-marked objects the desired state no longer has. */
  prune: boolean;
  /**
   * Limit the diff to these addresses (`Address.key` form). Within a scope every object the desired
   * state lacks is deleted, owned or not: rollback and resume restore exactly the touched objects.
   */
  scope?: ReadonlySet<string>;
  /** Lower-cased UPNs of users leaving (`absent`): their per-user objects are deleted. */
  absent?: ReadonlySet<string>;
}

export interface TenantDiff {
  changes: Change[];
  unchanged: number;
  /** Addresses of current objects Voiceform does not manage (left alone). */
  unmanaged: string[];
}

/**
 * The changes that turn `current` into `desired`, in dependency order. Pure. Ordered lists
 * (policy usages, dial plan rules, gateway lists) compare in order; values compare exactly.
 */
export function diffTenant(desired: TenantVoiceState, current: TenantVoiceState, options: DiffOptions): TenantDiff {
  const owned = ownedKeys(current);
  const changes: Change[] = [];
  const unmanaged: string[] = [];
  let unchanged = 0;
  for (const { kind } of KINDS) {
    const reordered = reorderedKeys(kind, listOf(desired, kind) as Obj[], listOf(current, kind) as Obj[]);
    const currentByKey = new Map<string, Obj>();
    for (const o of listOf(current, kind) as Obj[]) currentByKey.set(Address.ofObject(kind, o).key, o);
    const seen = new Set<string>();
    for (const want of listOf(desired, kind) as Obj[]) {
      const name = nameOf(kind, want);
      const key = Address.of(kind, name).key;
      if (options.scope && !options.scope.has(key)) continue;
      seen.add(key);
      const have = currentByKey.get(key);
      const change = compare(kind, name, have, want, reordered.has(key));
      if (change.action === 'no-op') unchanged++;
      else changes.push(change);
    }
    for (const [key, have] of currentByKey) {
      if (seen.has(key)) continue;
      const name = nameOf(kind, have);
      const inScope = options.scope?.has(key);
      if (options.scope && !inScope) continue;
      // A tenant setting the spec does not name is not Voiceform's to manage, nor an object to list.
      if (kindDef(kind).ownership === 'tenant-setting' && !inScope) continue;
      // The org-wide Global of a policy kind is never deleted, whatever its marker says: left alone.
      const orgDefault = isOrgDefault(kind, name);
      // A leaver loses the number and grants; the licence is left alone (other workloads use it).
      const leaving = isUserKind(kind) && kind !== 'userLicense' && options.absent?.has(identityKey(name));
      if (!orgDefault && (inScope || leaving || (options.prune && owned.has(key))))
        changes.push(compare(kind, name, have, undefined));
      else if ((orgDefault || !owned.has(key)) && !isUserKind(kind)) unmanaged.push(String(Address.of(kind, name)));
    }
  }
  return { changes: orderChanges(changes), unchanged, unmanaged };
}

function compare(
  kind: ObjectKind,
  name: string,
  before: Obj | undefined,
  after: Obj | undefined,
  reordered = false,
): Change {
  const address = Address.of(kind, after ? name : nameOf(kind, before!));
  // One generic loop builds changes of every kind: the kind tag and the objects come from the same list.
  const base = {
    address,
    kind,
    name: after ? name : nameOf(kind, before!),
    before: before ?? null,
    after: after ?? null,
  } as unknown as Omit<Change, 'action' | 'diff'>;
  if (!before && isEmptyUserObject(kind, after!)) return { ...base, action: 'no-op', diff: [] } as Change;
  if (!before) return { ...base, action: 'create', diff: allAttributes(after!, 'after') } as Change;
  if (!after) return { ...base, action: 'delete', diff: allAttributes(before, 'before') } as Change;
  const diff = attributeDiff(before, after, kindDef(kind).caseless);
  const order = kindDef(kind).orderedBy;
  // Teams compares identities without case: a name that differs only by case is the same object,
  // never a replace (a replace of an assigned policy would fail, and of Global is impossible).
  const significant = diff
    .filter((d) => d.attribute !== identityAttribute(kind))
    .filter((d) => !order || reordered || d.attribute !== order.attribute);
  if (significant.length === 0) return { ...base, action: 'no-op', diff: [] } as Change;
  // An update for another reason keeps the object's place: writing the desired raw priority would
  // move it among routes whose priorities are left as they are.
  const kept = order && !reordered ? { after: { ...after, [order.attribute]: before[order.attribute] } } : {};
  return {
    ...base,
    ...kept,
    action: 'update',
    diff: significant,
    ...(isOrgDefault(kind, name) ? { note: ORG_DEFAULT_NOTE } : {}),
  } as Change;
}

/**
 * Keys of desired objects whose order attribute matters: among the objects that share a group
 * (routes of one PSTN usage) the desired order differs from the tenant's, or the object joins a
 * group. Raw values do not count: Teams renumbers route priorities tenant-wide. Pure.
 */
function reorderedKeys(kind: ObjectKind, desired: Obj[], current: Obj[]): Set<string> {
  const order = kindDef(kind).orderedBy as { attribute: string; within: (o: Obj) => string[] } | undefined;
  const out = new Set<string>();
  if (!order) return out;
  const key = (o: Obj) => Address.ofObject(kind, o).key;
  const groups = (list: Obj[]) => {
    const byGroup = new Map<string, Obj[]>();
    for (const o of list)
      for (const g of order.within(o)) byGroup.set(identityKey(g), [...(byGroup.get(identityKey(g)) ?? []), o]);
    for (const members of byGroup.values())
      members.sort((a, b) => Number(a[order.attribute]) - Number(b[order.attribute]) || key(a).localeCompare(key(b)));
    return byGroup;
  };
  const want = groups(desired);
  const have = groups(current);
  for (const [group, members] of want) {
    const there = new Set((have.get(group) ?? []).map(key));
    const shared = members.map(key).filter((k) => there.has(k));
    const wanted = new Set(shared);
    const now = (have.get(group) ?? []).map(key).filter((k) => wanted.has(k));
    if (shared.join('\n') !== now.join('\n')) shared.forEach((k) => out.add(k));
    // Joining a group with members already there: its place among them must be set.
    if (there.size > 0)
      members
        .map(key)
        .filter((k) => !there.has(k) && current.some((o) => key(o) === k))
        .forEach((k) => out.add(k));
  }
  // Created members take their desired values, existing ones keep theirs unless marked: where that
  // gives the wrong order (R3 created at 1 lands after R2, which stays at 0), the group's existing
  // members are set too. Marking one group's members moves them in their other groups: to a fixpoint.
  const kept = new Map(current.map((o) => [key(o), Number(o[order.attribute])]));
  for (let grew = true; grew;) {
    grew = false;
    for (const members of want.values()) {
      const predicted = members
        .map((o) => ({
          k: key(o),
          v: kept.has(key(o)) && !out.has(key(o)) ? kept.get(key(o))! : Number(o[order.attribute]),
        }))
        .sort((x, y) => x.v - y.v || x.k.localeCompare(y.k))
        .map((x) => x.k);
      if (predicted.join('\n') === members.map(key).join('\n')) continue;
      for (const k of members.map(key)) {
        if (kept.has(k) && !out.has(k)) {
          out.add(k);
          grew = true;
        }
      }
    }
  }
  return out;
}

/** Every attribute of a created (or deleted) object: nothing to compare, so no serializing. */
function allAttributes(o: Obj, side: 'before' | 'after'): AttributeDiff[] {
  return Object.keys(o)
    .filter((k) => o[k] !== undefined && o[k] !== null) // as attributeDiff: null is "no value"
    .sort()
    .map((attribute) => ({
      attribute,
      before: side === 'before' ? o[attribute] : null,
      after: side === 'after' ? o[attribute] : null,
    }));
}

const isRecord = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Attribute-level differences between two objects, in a stable attribute order. Nested records
 * (an auto attendant's menu, its holidays) are compared entry by entry under dotted names
 * (`menu.options.1`), so one changed option is one line of the plan; lists compare whole.
 */
export function attributeDiff(before: Obj, after: Obj, caseless: readonly string[] = [], prefix = ''): AttributeDiff[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const out: AttributeDiff[] = [];
  for (const key of keys) {
    const attribute = `${prefix}${key}`;
    const b = before[key];
    const a = after[key];
    if (isRecord(b) && isRecord(a)) {
      out.push(...attributeDiff(b, a, [], `${attribute}.`));
      continue;
    }
    const seen = (v: unknown) => canonicalJson(caseless.includes(attribute) ? foldNames(v) : (v ?? null));
    // A missing attribute and null both mean "no value" (a grant added to the registry later reads as null).
    if (seen(b) !== seen(a)) out.push({ attribute, before: b ?? null, after: a ?? null });
  }
  return out;
}

/**
 * Keys of current objects Voiceform owns: those whose Description carries the marker, PSTN usages
 * referenced only by marked objects (routes, policies; usages have no Description), resource
 * accounts with Voiceform's owner tag, and the voice apps and numbers of those accounts.
 */
export function ownedKeys(current: TenantVoiceState): Set<string> {
  const owned = new Set<string>();
  for (const { kind, ownership } of KINDS) {
    if (ownership !== 'description-marker') continue;
    for (const o of listOf(current, kind) as Obj[])
      if (isMarked(o.description as string)) owned.add(Address.ofObject(kind, o).key);
  }
  const refs = new Map<string, { marked: number; unmarked: number }>();
  for (const def of KINDS) {
    if (!('uses' in def) || !def.uses) continue;
    for (const holder of listOf(current, def.kind) as Obj[]) {
      const marked = isMarked(holder.description as string);
      for (const used of (def.uses as (o: object) => { kind: string; name: string }[])(holder)) {
        if (used.kind !== 'pstnUsage') continue;
        const r = refs.get(identityKey(used.name)) ?? { marked: 0, unmarked: 0 };
        if (marked) r.marked++;
        else r.unmarked++;
        refs.set(identityKey(used.name), r);
      }
    }
  }
  for (const u of current.pstnUsages) {
    const r = refs.get(identityKey(u.name));
    if (r && r.marked > 0 && r.unmarked === 0) owned.add(Address.of('pstnUsage', u.name).key);
  }
  const accounts = new Set(
    current.resourceAccounts.filter((a) => a.owner === OWNER_TAG).map((a) => identityKey(a.upn)),
  );
  for (const a of accounts) owned.add(Address.of('resourceAccount', a).key);
  const ours = (upns: string[]) => upns.some((u) => accounts.has(identityKey(u)));
  for (const a of current.autoAttendants)
    if (ours(a.resourceAccounts)) owned.add(Address.ofObject('autoAttendant', a).key);
  for (const q of current.callQueues) if (ours(q.resourceAccounts)) owned.add(Address.ofObject('callQueue', q).key);
  for (const n of current.resourceAccountNumbers)
    if (ours([n.upn])) owned.add(Address.ofObject('resourceAccountNumber', n).key);
  for (const p of current.emergencyPlaces)
    if (owned.has(Address.of('emergencyAddress', p.address).key)) owned.add(Address.ofObject('emergencyPlace', p).key);
  return owned;
}
