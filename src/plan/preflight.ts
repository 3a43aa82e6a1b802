import { voiceAppPeople } from '../kinds/voice-app-accounts.js';
import { OWNER_TAG } from '../kinds/resource-account.js';
import { ownedKeys } from './diff-tenant.js';
import { Address, identityKey, sameName } from '../addr/address.js';
import type { Problem } from '../errors.js';
import type { DesiredState } from '../model/desired-state.js';
import { GRANTS, isOrgDefault } from '../kinds/grants.js';
import { nameOf } from '../addr/address.js';
import { kindDef, listOf, type ModelOf } from '../kinds/registry.js';
import type { CurrentState, UserPolicy } from '../model/tenant-state.js';
import type { Change, ChangeOf } from './plan-types.js';
import { releasesNumber } from '../kinds/user-number.js';
import { CIVIC_FIELDS, EDITABLE_ADDRESS_COUNTRIES } from '../kinds/emergency-address.js';

/**
 * Set-CsOnlineLisCivicAddress edits an address only in the countries its page lists: elsewhere a
 * changed address is refused before anything runs, with the way Teams allows (a new address).
 */
function checkAddressEdit(c: ChangeOf<'emergencyAddress'>, desired: DesiredState): Problem[] {
  const edited = c.diff.filter((d) => CIVIC_FIELDS.has(d.attribute));
  const country = c.before!.country;
  if (edited.length === 0 || EDITABLE_ADDRESS_COUNTRIES.has(country)) return [];
  const index = desired.voice.emergencyAddresses.findIndex((a) => sameName(a.name, c.name));
  return [
    {
      path: `/emergencyAddresses/${Math.max(0, index)}`,
      rule: 'preflight.address-edit',
      message: `emergency address ${c.name} is in ${country}, where Teams does not edit civic addresses (${edited.map((d) => d.attribute).join(', ')} would change; Set-CsOnlineLisCivicAddress.md): give the changed address a new name, and the plan makes it, moves its places and identifiers, and removes the old one`,
    },
  ];
}

/**
 * A queue's agents exist, are enabled and have Teams Phone (or calls ring nobody); a person a
 * transfer names exists and is enabled. Checked when the queue or attendant is created or changed.
 */
function checkVoiceAppPeople(c: Change, directory: Map<string, CurrentState['directory']['users'][number]>): Problem[] {
  if (!c.after || (c.kind !== 'callQueue' && c.kind !== 'autoAttendant')) return [];
  const voice =
    c.kind === 'callQueue'
      ? { callQueues: [c.after], autoAttendants: [] }
      : { callQueues: [], autoAttendants: [c.after] };
  const problems: Problem[] = [];
  for (const { upn, agent } of voiceAppPeople(voice)) {
    const u = directory.get(identityKey(upn));
    const why = !u?.exists
      ? ['does not exist in the tenant']
      : [!u.enabled && 'is disabled', agent && !u.hasTeamsPhone && 'has no Teams Phone licence'].filter(
          (w): w is string => typeof w === 'string',
        );
    if (why.length > 0)
      problems.push({
        path: `/${kindDef(c.kind).list}`,
        rule: 'preflight.voice-app-user',
        message: `${kindDef(c.kind).label} ${c.name}: ${agent ? 'agent' : 'transfer target'} ${upn} ${why.join(', ')}`,
      });
  }
  return problems;
}

/**
 * A change to a resource account, its number or its voice app that exists without Voiceform's
 * tag, while the spec would tag it: taking over an admin's main number is never silent.
 */
function takesOverVoiceApp(c: Change, desired: DesiredState, owned: Set<string>): boolean {
  if (!['resourceAccount', 'resourceAccountNumber', 'callQueue', 'autoAttendant'].includes(c.kind)) return false;
  if (owned.has(c.address.key)) return false;
  const tagged = new Set(
    desired.voice.resourceAccounts.filter((a) => a.owner === OWNER_TAG).map((a) => identityKey(a.upn)),
  );
  const accounts =
    c.kind === 'callQueue' || c.kind === 'autoAttendant'
      ? (c.after?.resourceAccounts ?? [])
      : [(c.after as { upn: string } | null)?.upn ?? c.name];
  return accounts.some((upn) => tagged.has(identityKey(upn)));
}

/**
 * Is the tenant ready for these changes? Users must exist, be enabled, have a usage location and
 * a Teams Phone licence before a number is assigned; SBC domains must be verified; Operator
 * Connect numbers must be in the inventory; a number held by someone else is never taken. Every
 * problem names the spec path. Pure.
 */
export function checkPreflight(desired: DesiredState, current: CurrentState, changes: Change[]): Problem[] {
  const problems: Problem[] = [];
  const owned = ownedKeys(current.voice);
  const directory = new Map(current.directory.users.map((u) => [identityKey(u.upn), u]));
  const verified = new Set(current.directory.verifiedDomains.map((d) => identityKey(d)));
  const inventory = new Set(current.directory.operatorConnectNumbers);
  const holders = new Map(current.directory.assignedNumbers.map((a) => [a.phoneNumber, a.upn]));
  const gatewayIndex = new Map(desired.voice.gateways.map((g, i) => [identityKey(g.fqdn), i]));
  const phoneSkus = new Set(current.directory.skus.filter((s) => s.teamsPhone).map((s) => s.skuPartNumber));
  const licensed = new Map(
    changes
      .filter((c) => c.kind === 'userLicense' && c.after)
      .map((c) => {
        const after = c.after as ModelOf<'userLicense'>;
        return [
          identityKey(c.name),
          { usageLocation: after.usageLocation, teamsPhone: after.licenses.some((l) => phoneSkus.has(l)) },
        ];
      }),
  );

  // Numbers the plan takes from their holders (a leaver, one side of a swap): free to hand on.
  const releasing = new Set(
    changes.flatMap((c) =>
      (c.kind === 'userNumber' || c.kind === 'resourceAccountNumber') &&
      c.before?.phoneNumber &&
      c.after?.phoneNumber !== c.before.phoneNumber
        ? [`${identityKey(c.name)}\u0000${c.before.phoneNumber}`]
        : [],
    ),
  );
  for (const c of changes) {
    if (c.action === 'create' && isOrgDefault(c.kind, c.name)) {
      const index = (listOf(desired.voice, c.kind) as object[]).findIndex((o) => sameName(nameOf(c.kind, o), 'Global'));
      problems.push({
        path: `/${kindDef(c.kind).list}/${Math.max(0, index)}/name`,
        rule: 'preflight.global',
        message: `the tenant has no Global ${kindDef(c.kind).label} to take over; Teams keeps the org-wide Global itself and it cannot be created`,
      });
    }
    if (c.action === 'delete') continue;
    if (c.kind === 'callQueue' || c.kind === 'autoAttendant') problems.push(...checkVoiceAppPeople(c, directory));
    if (c.kind === 'resourceAccountNumber' && c.after) {
      const holder = holders.get(c.after.phoneNumber);
      if (holder && !sameName(holder, c.name) && !releasing.has(`${identityKey(holder)}\u0000${c.after.phoneNumber}`))
        problems.push({
          path: '/resourceAccounts',
          rule: 'preflight.number-taken',
          message: `${c.after.phoneNumber} of resource account ${c.name} is assigned to ${holder} in the tenant`,
        });
    }
    if (c.action !== 'create' && takesOverVoiceApp(c, desired, owned))
      problems.push({
        path: `/${c.kind === 'resourceAccountNumber' ? 'resourceAccounts' : kindDef(c.kind).list}`,
        rule: 'preflight.not-voiceforms',
        message: `${String(c.address)} exists and is not Voiceform's (no resource account of it carries Voiceform's tag): Voiceform never changes what an admin made. Give its resource accounts "owned": false to manage it as it is, or use another name`,
      });
    if (c.kind === 'emergencyAddress' && c.action === 'update') problems.push(...checkAddressEdit(c, desired));
    if (current.directory.unreadKinds?.kinds.includes(c.kind))
      problems.push({
        // A resource account's number is written in its account's entry.
        path: `/${c.kind === 'resourceAccountNumber' ? 'resourceAccounts' : kindDef(c.kind).list}`,
        rule: 'preflight.kind-unavailable',
        message: `${String(c.address)}: ${kindDef(c.kind).label}s cannot be managed here (${current.directory.unreadKinds.why}); leave them out of the spec for this tenant, or fix that`,
      });
    if (c.action === 'create' && kindDef(c.kind).ownership === 'tenant-setting')
      // Every tenant has its settings; none read means the module (before 2025) or the cloud lacks the cmdlet.
      problems.push({
        path: `/${kindDef(c.kind).list}`,
        rule: 'preflight.setting-unavailable',
        message: `the tenant's ${kindDef(c.kind).label} could not be read (a MicrosoftTeams module without its 2025 cmdlets, or a cloud without them), so Voiceform cannot manage it here; remove it from the spec, or update the module`,
      });
    // An SBC's domain is checked when it is added: an update cannot change its FQDN.
    if (c.kind === 'gateway' && c.action !== 'update') {
      const fqdn = identityKey(c.name);
      const domain = fqdn.slice(fqdn.indexOf('.') + 1);
      const path = `/gateways/${gatewayIndex.get(fqdn) ?? 0}/fqdn`;
      if (!verified.has(domain)) {
        problems.push({
          path,
          rule: 'preflight.domain',
          message: `the domain ${domain} of SBC ${c.name} is not a verified domain of the tenant enabled for Teams`,
        });
      } else if (!current.directory.users.some((u) => u.hasTeamsPhone && identityKey(u.upn).endsWith(`@${domain}`))) {
        // direct-routing-sbc-multiple-tenants / plan-direct-routing: Teams enables a domain for SBCs once a licensed user is in it.
        problems.push({
          path,
          rule: 'preflight.domain-users',
          severity: 'warning',
          message: `no Teams Phone user of the spec has a UPN in ${domain}: Teams enables an SBC domain only once a licensed user is in it`,
        });
      }
    }
    if (
      c.kind === 'gateway' &&
      c.action === 'update' &&
      c.diff.some((d) => d.attribute === 'maxConcurrentSessions' && d.before !== null && d.after === null)
    ) {
      // Set-CsOnlinePSTNGateway's -MaxConcurrentSessions is an Int32 (1–100000): $null binds to 0 and is
      // refused, and Microsoft documents no way to clear it (fidelity review N6). Said now, not at apply.
      problems.push({
        path: `/gateways/${gatewayIndex.get(identityKey(c.name)) ?? 0}/maxConcurrentSessions`,
        rule: 'preflight.unset-max-sessions',
        message: `maxConcurrentSessions of SBC ${c.name} cannot be unset: Teams takes a number from 1 to 100000 and has no way to clear it; give a value (the tenant has ${String(c.diff.find((d) => d.attribute === 'maxConcurrentSessions')!.before)}), or remove the gateway and add it again`,
      });
    }
    if (c.kind === 'userNumber' && current.directory.numberWritesUnavailable)
      problems.push({
        path: `${desired.userPaths.get(identityKey(c.name)) ?? ''}/phoneNumber`,
        rule: 'preflight.numbers-unavailable',
        message: `the number of ${c.name} cannot be changed here: ${current.directory.numberWritesUnavailable}; assign it in the Teams admin center, then give the spec the number it holds`,
      });
    if (c.kind !== 'userNumber' && c.kind !== 'userPolicy') continue;
    const key = identityKey(c.name);
    const path = desired.userPaths.get(key) ?? '';
    const user = directory.get(key);
    if (!user?.exists) {
      if (c.kind === 'userNumber')
        problems.push({
          path: `${path}/upn`,
          rule: 'preflight.user',
          message: `user ${c.name} does not exist in the tenant`,
        });
      continue;
    }
    if (c.kind !== 'userNumber') continue;
    // A licence change in this plan gives the user a usage location and (maybe) Teams Phone first.
    const licence = licensed.get(key);
    const why = [
      !user.enabled && 'is disabled',
      !user.usageLocation && !licence?.usageLocation && 'has no usage location',
      !user.hasTeamsPhone && !licence?.teamsPhone && 'has no Teams Phone (MCOEV) licence',
    ].filter(Boolean);
    if (why.length > 0)
      problems.push({ path: `${path}/upn`, rule: 'preflight.user', message: `user ${c.name} ${why.join(', ')}` });
    const after = c.after as ModelOf<'userNumber'>;
    const holder = after.phoneNumber === null ? undefined : holders.get(after.phoneNumber);
    if (holder && identityKey(holder) !== key && !releasing.has(`${identityKey(holder)}\u0000${after.phoneNumber}`)) {
      problems.push({
        path: `${path}/phoneNumber`,
        rule: 'preflight.number-taken',
        message: `${after.phoneNumber} is assigned to ${holder}; Voiceform never takes a number from another user`,
      });
    }
    if (
      after.phoneNumber !== null &&
      after.phoneNumberType === 'OperatorConnect' &&
      !inventory.has(after.phoneNumber)
    ) {
      problems.push({
        path: `${path}/phoneNumber`,
        rule: 'preflight.operator-connect',
        message: `${after.phoneNumber} is not in the tenant's Operator Connect inventory`,
      });
    }
  }
  problems.push(...checkGrantedDeletes(changes, current));
  problems.push(...checkNumberSettings(desired, current, changes));
  return problems;
}

/**
 * What the tenant's number defaults (Get-CsPhoneNumberTenantConfiguration) do to this plan: Teams
 * mails every user given or relieved of a number while mail is on (a bulk onboarding mails them
 * all), and blocks a removed number from reassignment while a block is the default — so a number
 * the plan hands from one user to another (a swap, a leaver's number) would be refused. Pure.
 */
export function checkNumberSettings(desired: DesiredState, current: CurrentState, changes: Change[]): Problem[] {
  const settings = current.directory.numberSettings;
  if (!settings) return [];
  // Mail as it will be while the numbers change: the spec's setting when it manages it (userNumber
  // depends on it, so it is written first), else the tenant's.
  const mail = desired.voice.phoneNumberTenantConfiguration[0] ?? current.voice.phoneNumberTenantConfiguration[0];
  const problems: Problem[] = [];
  const numbers = changes.filter((c) => c.kind === 'userNumber') as ChangeOf<'userNumber'>[];
  const assigned = numbers.filter((c) => c.after?.phoneNumber && c.after.phoneNumber !== c.before?.phoneNumber);
  const released = numbers.filter((c) => releasesNumber(c.before, c.after));
  if (mail?.assignmentEmailEnabled && assigned.length > 0)
    problems.push({
      path: '',
      rule: 'numbers.assignment-email',
      severity: 'warning',
      message: `Teams will mail ${assigned.length} user(s) about their new number: the tenant's AssignmentEmailEnabled is on (Set-CsPhoneNumberTenantConfiguration -AssignmentEmailEnabled $false first, if they should not hear of it yet)`,
    });
  if (mail?.unassignmentEmailEnabled && released.length > 0)
    problems.push({
      path: '',
      rule: 'numbers.unassignment-email',
      severity: 'warning',
      message: `Teams will mail ${released.length} user(s) that their number was removed: the tenant's UnassignmentEmailEnabled is on`,
    });
  const blocked = settings.assignmentBlockedForever
    ? 'for good'
    : settings.assignmentBlockedDays
      ? `for ${settings.assignmentBlockedDays} days`
      : undefined;
  if (!blocked || released.length === 0) return problems;
  const releasedBy = new Map(released.map((c) => [c.before!.phoneNumber!, c.name]));
  let handedOn = 0;
  for (const c of assigned) {
    const from = releasedBy.get(c.after!.phoneNumber!);
    if (!from || sameName(from, c.name)) continue;
    handedOn++;
    problems.push({
      path: `${desired.userPaths.get(identityKey(c.name)) ?? ''}/phoneNumber`,
      rule: 'numbers.assignment-block',
      message: `${c.after!.phoneNumber} is taken from ${from} and given to ${c.name}, but the tenant blocks a removed number from reassignment ${blocked} (Get-CsPhoneNumberTenantConfiguration): Teams would refuse it; lift the default with Set-CsPhoneNumberTenantConfiguration, or give ${c.name} another number`,
    });
  }
  if (released.length > handedOn)
    problems.push({
      path: '',
      rule: 'numbers.assignment-block',
      severity: 'warning',
      message: `the ${released.length - handedOn} number(s) this plan removes will be blocked from reassignment ${blocked} (the tenant's default), and a rollback could not give them back`,
    });
  return problems;
}

/** The plan deletes a policy that users may hold (one of the grantable kinds). */
export function deletesGrantedPolicy(changes: Change[]): boolean {
  return changes.some((c) => c.action === 'delete' && GRANTS.some((g) => g.policyKind === c.kind));
}

/**
 * A granted policy can't be deleted (every grant of kinds/grants.ts): each one the plan deletes
 * must not stay granted to a user the plan does not move to another. Pure.
 */
export function checkGrantedDeletes(
  changes: Change[],
  current: Pick<CurrentState, 'voice'>,
  inSpec: (upn: string) => boolean = () => true,
): Problem[] {
  const deleted = new Map<string, Address>();
  const grantedKinds = new Set<string>(GRANTS.map((g) => g.policyKind));
  for (const c of changes) {
    if (c.action === 'delete' && grantedKinds.has(c.kind)) deleted.set(c.address.key, c.address);
  }
  if (deleted.size === 0) return [];
  const regranted = new Map<string, UserPolicy | null>();
  for (const c of changes) if (c.kind === 'userPolicy') regranted.set(identityKey(c.name), c.after);
  const problems: Problem[] = [];
  for (const u of current.voice.userPolicies) {
    const key = identityKey(u.upn);
    const next = regranted.has(key) ? regranted.get(key) : u;
    for (const g of GRANTS) {
      const held = next?.[g.attribute];
      const address = held ? deleted.get(Address.of(g.policyKind, held).key) : undefined;
      if (!address) continue;
      const fix = inSpec(u.upn)
        ? 'grant that user another one in the spec'
        : `${u.upn} is not in the spec: add { "upn": "${u.upn}", "absent": true } to remove their number and grants, or add them with another policy`;
      problems.push({
        path: '',
        rule: 'preflight.granted',
        message: `${address} would be deleted but stays granted to ${u.upn}; ${fix}`,
      });
    }
  }
  return problems;
}
