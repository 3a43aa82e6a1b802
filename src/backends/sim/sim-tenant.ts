import { identityKey, sameName } from '../../kinds/identity.js';
import { refuse } from './refuse.js';
import { GRANTS, isOrgDefault, type GrantAttribute } from '../../kinds/grants.js';
import { kindDef, TENANT_KINDS, type ModelOf, type TenantKind } from '../../kinds/registry.js';
import type { PhoneNumberType } from '../../model/tenant-state.js';
import { SIM_KINDS, type SimTenantKind } from './sim-kinds.js';
import type { SimTenantState, SimUser } from './sim-state.js';

/** The service plan of the Teams Phone Resource Account licence. */
export const RESOURCE_ACCOUNT_PLAN = 'MCOEV_VIRTUALUSER';

/** A Teams Phone plan of a person (MCOEV, MCOEV_GOV, …), not a resource account's. */
export const isTeamsPhonePlan = (p: string): boolean => p.startsWith('MCOEV') && p !== RESOURCE_ACCOUNT_PLAN;

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The simulated Teams tenant: the one place Teams' rules live. Its operations mirror the cmdlets
 * (New/Set/Remove per object kind, number assign/unassign, Grant) and refuse what Teams refuses,
 * with Teams' own error text where it is known. The rules of each kind are in sim-kinds.ts;
 * references between objects (a route's gateways, a policy's usages) come from the kinds registry.
 */
export class SimTenant {
  private readonly usersByUpn = new Map<string, SimUser>();

  constructor(readonly state: SimTenantState) {
    for (const u of state.users) this.usersByUpn.set(identityKey(u.upn), u);
  }

  /** The objects of a tenant-wide kind, as stored (a kind kept on directory users: as read from them). */
  list<K extends TenantKind>(kind: K): ModelOf<K>[] {
    const store = this.rules(kind).store;
    if (store) return store.list(this);
    return (this.state.voice as unknown as Record<string, ModelOf<K>[]>)[kindDef(kind).list]!;
  }

  private nameOf(kind: TenantKind, o: object): string {
    return String((o as Record<string, unknown>)[kindDef(kind).identity]);
  }

  /** The object of a kind with this name (case-insensitive, as Teams compares). */
  find<K extends TenantKind>(kind: K, name: string): ModelOf<K> | undefined {
    return this.list(kind).find((o) => sameName(this.nameOf(kind, o), name));
  }

  private rules<K extends TenantKind>(kind: K): SimTenantKind<K> {
    return SIM_KINDS[kind] as unknown as SimTenantKind<K>;
  }

  /** New-* (for usages: Set-CsOnlinePstnUsage @{Add}). */
  create<K extends TenantKind>(kind: K, o: ModelOf<K>): void {
    const name = this.nameOf(kind, o);
    if (this.find(kind, name)) refuse(`${capital(kindDef(kind).label)} "${name}" already exists.`, 'already-exists');
    // "Global" is the org-wide instance Teams keeps itself: it is changed with Set-*, never made.
    if (isOrgDefault(kind, name))
      refuse(`The Global ${kindDef(kind).label} cannot be created; use Set- to change it.`, 'invalid');
    this.rules(kind).checkNew?.(this, o);
    this.check(kind, o);
    const store = this.rules(kind).store;
    if (store) store.create(this, structuredClone(o));
    else this.list(kind).push(structuredClone(o));
  }

  /** Set-*: the object keeps the identity (and its case) it has in the tenant. */
  update<K extends TenantKind>(kind: K, o: ModelOf<K>): void {
    const list = this.list(kind);
    const i = this.indexOf(kind, this.nameOf(kind, o));
    this.rules(kind).checkUpdate?.(this, list[i]!, o);
    this.check(kind, o);
    const identity = kindDef(kind).identity;
    const updated = structuredClone({ ...o, [identity]: (list[i] as Record<string, unknown>)[identity] });
    const store = this.rules(kind).store;
    if (store) store.update(this, list[i]!, updated);
    else list[i] = updated;
  }

  /** Remove-*: refused while another object or a user's grant refers to it. */
  remove(kind: TenantKind, name: string): void {
    const label = kindDef(kind).label;
    if (isOrgDefault(kind, name)) refuse(`The Global ${label} cannot be removed.`, 'invalid');
    const grant = GRANTS.find((g) => g.policyKind === kind);
    const i = this.indexOf(kind, name);
    for (const holderDef of TENANT_KINDS) {
      if (!holderDef.uses) continue;
      const uses = holderDef.uses as (o: object) => { kind: string; name: string }[];
      const holder = this.list(holderDef.kind).find((o) =>
        uses(o).some((u) => u.kind === kind && sameName(u.name, name)),
      );
      if (!holder) continue;
      const holderName = this.nameOf(holderDef.kind, holder);
      refuse(
        this.rules(kind).inUse?.(name, holderDef.kind, holderName) ??
          `Cannot remove ${label} "${name}": it is used by ${holderDef.label} "${holderName}".`,
        'in-use',
      );
    }
    if (grant) {
      const holder = this.state.users.find(
        (u) => typeof u[grant.attribute] === 'string' && sameName(u[grant.attribute]!, name),
      );
      if (holder) refuse(`${capital(label)} "${name}" is assigned to ${holder.upn}; unassign it first.`, 'in-use');
    }
    const store = this.rules(kind).store;
    if (store) store.remove(this, this.list(kind)[i]!);
    else this.list(kind).splice(i, 1);
  }

  addPstnUsage(name: string): void {
    this.create('pstnUsage', { name });
  }

  removePstnUsage(name: string): void {
    this.remove('pstnUsage', name);
  }

  /** The kind's own rules, then every object it refers to must exist. */
  private check<K extends TenantKind>(kind: K, o: ModelOf<K>): void {
    this.rules(kind).check?.(this, o);
    const uses = kindDef(kind).uses as ((o: object) => { kind: string; name: string }[]) | undefined;
    for (const used of uses?.(o) ?? []) {
      const target = used.kind as TenantKind;
      if (this.find(target, used.name)) continue;
      refuse(
        this.rules(target).missing?.(used.name) ?? `${capital(kindDef(target).label)} "${used.name}" does not exist.`,
        'not-found',
      );
    }
  }

  private indexOf(kind: TenantKind, name: string): number {
    const i = this.list(kind).findIndex((o) => sameName(this.nameOf(kind, o), name));
    if (i < 0) refuse(`Cannot find ${kindDef(kind).label} "${name}".`, 'not-found');
    return i;
  }

  // ---- Users ----------------------------------------------------------------------------------
  /** Adds a directory user (New-CsOnlineApplicationInstance makes one). */
  addUser(u: SimUser): void {
    this.state.users.push(u);
    this.usersByUpn.set(identityKey(u.upn), u);
  }

  /** Deletes a directory user (DELETE /users/{id}). */
  deleteUser(identity: string): void {
    const u = this.requireUser(identity);
    this.state.users.splice(this.state.users.indexOf(u), 1);
    this.usersByUpn.delete(identityKey(u.upn));
  }

  user(identity: string): SimUser | undefined {
    return this.usersByUpn.get(identityKey(identity)) ?? this.state.users.find((u) => u.id === identity);
  }

  private requireUser(identity: string): SimUser {
    const u = this.user(identity);
    if (!u) refuse(`User "${identity}" was not found.`, 'not-found');
    return u!;
  }

  /**
   * Teams Phone is a service plan (MCOEV*) enabled in one of the user's licences, not a SKU: E5 with
   * MCOEV disabled has none. A resource account's is the Teams Phone Resource Account plan, which
   * makes no user a Teams Phone user.
   */
  hasTeamsPhone(u: SimUser): boolean {
    const wanted = (p: string) =>
      u.accountType === 'ResourceAccount' ? p === RESOURCE_ACCOUNT_PLAN : isTeamsPhonePlan(p);
    return u.assignedLicenses.some((skuId) => {
      const off = new Set(u.disabledPlans?.[skuId] ?? []);
      return this.state.subscribedSkus
        .find((s) => s.skuId === skuId)
        ?.servicePlans.some((p) => wanted(p) && !off.has(p));
    });
  }

  /** Set-CsPhoneNumberAssignment -Identity -PhoneNumber -PhoneNumberType. */
  assignPhoneNumber(identity: string, phoneNumber: string, type: PhoneNumberType): void {
    const u = this.requireUser(identity);
    // A resource account's Entra user is disabled by design; its number is assigned all the same.
    if (!u.accountEnabled && u.accountType !== 'ResourceAccount') refuse(`User ${u.upn} is disabled.`, 'invalid');
    if (u.accountType === 'ResourceAccount' && phoneNumber.includes(';'))
      refuse(`Extensions are not supported for resource accounts ("${phoneNumber}").`, 'invalid');
    if (!u.usageLocation)
      refuse(`User ${u.upn} has no usage location; set it before assigning a phone number.`, 'invalid');
    if (!this.hasTeamsPhone(u)) refuse(`User ${u.upn} is not licensed for Teams Phone (MCOEV).`, 'invalid');
    if (!/^\+[1-9]\d{5,14}(;ext=\d{1,10})?$/.test(phoneNumber))
      refuse(`"${phoneNumber}" is not a valid telephone number.`, 'invalid');
    // A number of another type is another assignment: Teams wants the old one removed first (operator-connect-configure.md).
    if (u.phoneNumber && u.phoneNumberType !== type)
      refuse(`User ${u.upn} has a ${u.phoneNumberType} number; remove it before assigning a ${type} number.`, 'in-use');
    const holder = this.state.users.find((x) => x !== u && x.phoneNumber === phoneNumber);
    if (holder) refuse(`Telephone number ${phoneNumber} is already assigned to another user.`, 'in-use');
    if (type === 'OperatorConnect' && !this.state.operatorConnectNumbers.includes(phoneNumber)) {
      refuse(`Telephone number ${phoneNumber} is not in the tenant's Operator Connect inventory.`, 'not-found');
    }
    if (type === 'CallingPlan') refuse('Calling Plan numbers are not simulated.', 'invalid');
    u.phoneNumber = phoneNumber;
    u.phoneNumberType = type;
    u.enterpriseVoiceEnabled = true;
  }

  /** Remove-CsPhoneNumberAssignment -Identity -PhoneNumber -PhoneNumberType. */
  unassignPhoneNumber(identity: string, phoneNumber: string, type: PhoneNumberType): void {
    const u = this.requireUser(identity);
    if (u.phoneNumber !== phoneNumber || u.phoneNumberType !== type) {
      refuse(`Telephone number ${phoneNumber} (${type}) is not assigned to ${u.upn}.`, 'not-found');
    }
    u.phoneNumber = null;
    u.phoneNumberType = null;
    u.enterpriseVoiceEnabled = false;
  }

  /** PATCH /users/{id} usageLocation (null clears it). */
  setUsageLocation(identity: string, usageLocation: string | null): void {
    const u = this.requireUser(identity);
    if (usageLocation !== null && !/^[A-Z]{2}$/.test(usageLocation))
      refuse(`Invalid value specified for property 'usageLocation' of resource 'User'.`, 'invalid');
    u.usageLocation = usageLocation;
  }

  /** POST /users/{id}/assignLicense: seats must remain; a licence needs a usage location first. */
  assignLicense(identity: string, add: string[], remove: string[]): void {
    const u = this.requireUser(identity);
    for (const skuId of add) {
      const sku = this.state.subscribedSkus.find((s) => s.skuId === skuId);
      if (!sku) refuse(`License ${skuId} does not correspond to a valid company License.`, 'invalid');
      if (!u.usageLocation)
        refuse(`License assignment cannot be done for user with invalid usage location.`, 'invalid');
      const consumed = this.state.users.filter((x) => x.assignedLicenses.includes(skuId)).length;
      if (!u.assignedLicenses.includes(skuId) && consumed >= sku!.enabledUnits)
        refuse(`Subscription ${sku!.skuPartNumber} has no more licenses available.`, 'invalid');
    }
    for (const skuId of remove) {
      if (!u.assignedLicenses.includes(skuId))
        refuse(`User does not have a corresponding license ${skuId}.`, 'invalid');
    }
    u.assignedLicenses = [
      ...u.assignedLicenses.filter((id) => !remove.includes(id)),
      ...add.filter((id) => !u.assignedLicenses.includes(id)),
    ];
  }

  /** Grant-Cs* -Identity -PolicyName for one grant of kinds/grants.ts ($null removes the per-user grant). */
  grant(attribute: GrantAttribute, identity: string, policyName: string | null): void {
    const u = this.requireUser(identity);
    const kind = GRANTS.find((g) => g.attribute === attribute)!.policyKind;
    const policy = policyName === null ? undefined : this.find(kind, policyName);
    if (policyName !== null && !policy)
      refuse(`${capital(kindDef(kind).label)} "${policyName}" was not found.`, 'not-found');
    u[attribute] = policy ? policy.name : null;
  }
}
