import { randomUUID } from 'node:crypto';
import { parseTarget, type CallTarget } from '../../kinds/call-target.js';
import { identityKey, sameName } from '../../kinds/identity.js';
import { RESOURCE_ACCOUNT_SKU, type ResourceAccount, type VoiceAppType } from '../../kinds/resource-account.js';
import type { ResourceAccountNumber } from '../../kinds/resource-account-number.js';
import { noGrants } from '../../kinds/grants.js';
import { refuse } from './refuse.js';
import type { SimStore } from './sim-kinds.js';
import type { SimUser } from './sim-state.js';
import type { SimTenant } from './sim-tenant.js';

/**
 * Resource accounts, their numbers and the voice apps around them, as Teams keeps them: a resource
 * account is a disabled Entra user made by New-CsOnlineApplicationInstance; its usage location,
 * licence and number are the same operations as a person's (manage-resource-accounts.md).
 */

const accounts = (t: SimTenant): SimUser[] =>
  t.state.users.filter((u) => u.accountType === 'ResourceAccount' && u.applicationType !== undefined);

const skuId = (t: SimTenant): string => {
  const sku = t.state.subscribedSkus.find((s) => s.skuPartNumber === RESOURCE_ACCOUNT_SKU);
  if (!sku) refuse(`The tenant has no ${RESOURCE_ACCOUNT_SKU} (Teams Phone Resource Account) subscription.`, 'invalid');
  return sku!.skuId;
};

function accountOf(t: SimTenant, u: SimUser): ResourceAccount {
  const sku = t.state.subscribedSkus.find((s) => s.skuPartNumber === RESOURCE_ACCOUNT_SKU)?.skuId;
  return {
    upn: u.upn,
    displayName: u.displayName,
    type: u.applicationType!,
    usageLocation: u.usageLocation,
    licensed: sku !== undefined && u.assignedLicenses.includes(sku),
    owner: u.owner ?? null,
  };
}

/** Usage location before the licence, the licence after it; on the way back the other way round. */
function setLocationAndLicence(
  t: SimTenant,
  upn: string,
  before: ResourceAccount | null,
  after: ResourceAccount,
): void {
  if (after.usageLocation !== null && after.usageLocation !== (before?.usageLocation ?? null))
    t.setUsageLocation(upn, after.usageLocation);
  if (after.licensed && !before?.licensed) t.assignLicense(upn, [skuId(t)], []);
  if (!after.licensed && before?.licensed) t.assignLicense(upn, [], [skuId(t)]);
  if (after.usageLocation === null && before?.usageLocation) t.setUsageLocation(upn, null);
}

export const RESOURCE_ACCOUNTS: SimStore<'resourceAccount'> = {
  list: (t) => accounts(t).map((u) => accountOf(t, u)),
  // New-CsOnlineApplicationInstance, then the tag (Graph open extension), location and licence (Graph).
  create: (t, a) => {
    t.addUser({
      id: randomUUID(),
      upn: a.upn,
      displayName: a.displayName,
      accountEnabled: false,
      usageLocation: null,
      assignedLicenses: [],
      phoneNumber: null,
      phoneNumberType: null,
      enterpriseVoiceEnabled: false,
      accountType: 'ResourceAccount',
      applicationType: a.type,
      owner: a.owner,
      ...noGrants(),
    });
    setLocationAndLicence(t, a.upn, null, a);
  },
  update: (t, before, after) => {
    const u = t.user(before.upn)!;
    // Set-CsOnlineApplicationInstance -DisplayName -ApplicationId.
    u.displayName = after.displayName;
    u.applicationType = after.type;
    u.owner = after.owner;
    setLocationAndLicence(t, before.upn, before, after);
  },
  // Graph DELETE /users/{id}: a number must be released first (the kind's number goes before it).
  remove: (t, a) => {
    const u = t.user(a.upn)!;
    if (u.phoneNumber)
      refuse(`Resource account ${a.upn} still has number ${u.phoneNumber}; unassign it first.`, 'in-use');
    t.deleteUser(a.upn);
  },
};

export const RESOURCE_ACCOUNT_NUMBERS: SimStore<'resourceAccountNumber'> = {
  list: (t) =>
    accounts(t)
      .filter((u) => u.phoneNumber !== null)
      .map((u): ResourceAccountNumber => ({
        upn: u.upn,
        phoneNumber: u.phoneNumber!,
        voiceRoutingPolicy: u.voiceRoutingPolicy ?? null,
      })),
  create: (t, n) => {
    t.grant('voiceRoutingPolicy', n.upn, n.voiceRoutingPolicy);
    t.assignPhoneNumber(n.upn, n.phoneNumber, 'DirectRouting');
  },
  update: (t, before, after) => {
    if (after.phoneNumber !== before.phoneNumber) {
      t.unassignPhoneNumber(before.upn, before.phoneNumber, 'DirectRouting');
      t.assignPhoneNumber(before.upn, after.phoneNumber, 'DirectRouting');
    }
    if (!sameName(after.voiceRoutingPolicy ?? '', before.voiceRoutingPolicy ?? ''))
      t.grant('voiceRoutingPolicy', before.upn, after.voiceRoutingPolicy);
  },
  remove: (t, n) => {
    t.unassignPhoneNumber(n.upn, n.phoneNumber, 'DirectRouting');
    t.grant('voiceRoutingPolicy', n.upn, null);
  },
};

/** New-CsOnlineApplicationInstance: the UPN is a new one in one of the tenant's verified domains. */
export function checkNewAccount(t: SimTenant, a: ResourceAccount): void {
  if (t.user(a.upn)) refuse(`A user with UserPrincipalName ${a.upn} already exists.`, 'already-exists');
  const domain = identityKey(a.upn.slice(a.upn.indexOf('@') + 1));
  if (!t.state.domains.some((d) => d.isVerified && identityKey(d.id) === domain))
    refuse(`The domain "${domain}" of ${a.upn} is not a verified domain of the tenant.`, 'invalid');
}

export function requireUser(t: SimTenant, upn: string): SimUser {
  const u = t.user(upn);
  if (!u || u.accountType !== undefined) refuse(`User "${upn}" was not found.`, 'not-found');
  return u!;
}

/**
 * New-CsOnlineApplicationInstanceAssociation: an account of the app's type, associated with one
 * voice app only.
 */
export function checkVoiceApp(t: SimTenant, type: VoiceAppType, name: string, upns: string[]): void {
  for (const upn of upns) {
    const u = t.user(upn);
    if (!u || u.accountType !== 'ResourceAccount') refuse(`Resource account "${upn}" was not found.`, 'not-found');
    if (u!.applicationType !== type)
      refuse(
        `Resource account ${upn} is for a ${u!.applicationType} and cannot be associated with a ${type}.`,
        'invalid',
      );
    const other = [
      ...t.list('autoAttendant').map((a) => ({ name: a.name, accounts: a.resourceAccounts })),
      ...t.list('callQueue').map((q) => ({ name: q.name, accounts: q.resourceAccounts })),
    ].find((app) => !sameName(app.name, name) && app.accounts.some((x) => sameName(x, upn)));
    if (other) refuse(`Resource account ${upn} is already associated with "${other.name}".`, 'in-use');
  }
}

/** A callable entity must exist: a user, a resource account; a voice app by name is resolved before it gets here. */
export function checkCallTarget(t: SimTenant, target: CallTarget): void {
  const { type, value } = parseTarget(target);
  if (type === 'user') requireUser(t, value);
  if (type === 'resourceAccount' && t.user(value)?.accountType !== 'ResourceAccount')
    refuse(`Resource account "${value}" was not found.`, 'not-found');
  if (type === 'callQueue' || type === 'autoAttendant')
    refuse(`The ${type} "${value}" is not a callable entity; transfer to its resource account.`, 'invalid');
}
