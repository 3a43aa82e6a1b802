import { identityKey } from '../../kinds/identity.js';
import { DIAL_PLAN_LIMITS } from '../../kinds/dial-plan.js';
import { releasesNumber } from '../../kinds/user-number.js';
import { EMERGENCY_CALL_ROUTING_POLICY_LIMITS } from '../../kinds/emergency-call-routing-policy.js';
import { GATEWAY_LIMITS } from '../../kinds/gateway.js';
import { GRANTS } from '../../kinds/grants.js';
import type { ModelOf, TenantKind, UserKind } from '../../kinds/registry.js';
import { TRANSLATION_RULE_LIMITS } from '../../kinds/translation-rule.js';
import type { ChangeOf } from '../../plan/plan-types.js';
import type { SimUser } from './sim-state.js';
import { attendantTargets } from '../../kinds/auto-attendant.js';
import { queueTargets } from '../../kinds/call-queue.js';
import { refuse } from './refuse.js';
import {
  RESOURCE_ACCOUNT_NUMBERS,
  RESOURCE_ACCOUNTS,
  checkCallTarget,
  checkNewAccount,
  checkVoiceApp,
  requireUser,
} from './sim-voice-apps.js';
import type { SimTenant } from './sim-tenant.js';
import { EMERGENCY_SIM_KINDS } from './sim-emergency.js';

/** Teams' rules for one tenant-wide kind, beyond "what it refers to must exist" (checked for every kind). */
export interface SimTenantKind<K extends TenantKind> {
  /** Refuses an object Teams would refuse, on New-* and Set-*. */
  check?(t: SimTenant, o: ModelOf<K>): void;
  /** Refuses a Set-* that Teams would refuse given the object's current state. */
  checkUpdate?(t: SimTenant, before: ModelOf<K>, after: ModelOf<K>): void;
  /** Refuses a New-* only (tenant-wide counts). */
  checkNew?(t: SimTenant, o: ModelOf<K>): void;
  /** Teams' text when an object names one of this kind that does not exist. */
  missing?(name: string): string;
  /** Teams' text when another object still uses it on Remove-*. */
  inUse?(name: string, holderKind: TenantKind, holderName: string): string;
  /** Where a kind that Teams keeps on directory users lives (resource accounts and their numbers). */
  store?: SimStore<K>;
}

/** A kind kept on directory users: read from them, written through their operations. */
export interface SimStore<K extends TenantKind> {
  list(t: SimTenant): ModelOf<K>[];
  create(t: SimTenant, o: ModelOf<K>): void;
  update(t: SimTenant, before: ModelOf<K>, after: ModelOf<K>): void;
  remove(t: SimTenant, o: ModelOf<K>): void;
}

/** How a per-user kind reads from and writes to a simulated user. */
export interface SimUserKind<K extends UserKind> {
  read(t: SimTenant, u: SimUser): ModelOf<K> | null;
  /** Gives up what another change of the same batch may take (run for the whole batch first). */
  release?(t: SimTenant, change: ChangeOf<K>): void;
  write(t: SimTenant, change: ChangeOf<K>): void;
}

/** Every kind's simulated rules: a kind without an entry here does not compile. */
export type SimKinds = { [K in TenantKind]: SimTenantKind<K> } & { [K in UserKind]: SimUserKind<K> };

const policyDescription = (description: string): void => {
  if (description.length > EMERGENCY_CALL_ROUTING_POLICY_LIMITS.descriptionLength)
    refuse(
      `Description is longer than ${EMERGENCY_CALL_ROUTING_POLICY_LIMITS.descriptionLength} characters.`,
      'invalid',
    );
};

export const SIM_KINDS = {
  translationRule: {
    checkNew: (t) => {
      if (t.list('translationRule').length >= TRANSLATION_RULE_LIMITS.perTenant)
        refuse(`A tenant can have at most ${TRANSLATION_RULE_LIMITS.perTenant} translation rules.`, 'invalid');
    },
    check: (_t, r) => {
      if (r.name.length > TRANSLATION_RULE_LIMITS.nameLength)
        refuse(`Translation rule name is longer than ${TRANSLATION_RULE_LIMITS.nameLength} characters.`, 'invalid');
      if (r.pattern.length > TRANSLATION_RULE_LIMITS.patternLength)
        refuse(`Pattern is longer than ${TRANSLATION_RULE_LIMITS.patternLength} characters.`, 'invalid');
      if (r.translation.length > TRANSLATION_RULE_LIMITS.translationLength)
        refuse(`Translation is longer than ${TRANSLATION_RULE_LIMITS.translationLength} characters.`, 'invalid');
    },
    inUse: (name, _kind, holder) => `Translation rule "${name}" is used by SBC ${holder}.`,
  },
  gateway: {
    check: (t, g) => {
      const fqdn = identityKey(g.fqdn);
      if (fqdn.length > GATEWAY_LIMITS.fqdnLength)
        refuse(`The FQDN "${g.fqdn}" is longer than ${GATEWAY_LIMITS.fqdnLength} characters.`, 'invalid');
      const domain = fqdn.slice(fqdn.indexOf('.') + 1);
      if (
        domain.endsWith('onmicrosoft.com') ||
        !t.state.domains.some((d) => d.isVerified && d.teamsEnabled !== false && identityKey(d.id) === domain)
      ) {
        refuse(`Can not use the "${domain}" domain as it was not configured for this tenant`, 'invalid');
      }
      if (!Number.isInteger(g.sipSignalingPort) || g.sipSignalingPort < 1 || g.sipSignalingPort > 65535)
        refuse(`SipSignalingPort must be between 1 and 65535.`, 'invalid');
      const mcs = g.maxConcurrentSessions;
      if (mcs !== null && (!Number.isInteger(mcs) || mcs < 1 || mcs > GATEWAY_LIMITS.maxConcurrentSessions))
        refuse(`MaxConcurrentSessions must be between 1 and ${GATEWAY_LIMITS.maxConcurrentSessions}.`, 'invalid');
    },
    missing: (name) => `PSTN gateway "${name}" in OnlinePstnGatewayList does not exist.`,
    inUse: () =>
      `Can not remove 'OnlinePSTNGateway', linked 'OnlineVoiceRoute' exists. Use 'Remove-CsOnlineVoiceRoute'`,
  },
  pstnUsage: {
    missing: (name) => `PSTN usage "${name}" must be an existing usage in the Global usage list.`,
  },
  voiceRoute: {
    check: (_t, r) => {
      try {
        new RegExp(r.numberPattern);
      } catch {
        refuse(`NumberPattern "${r.numberPattern}" is not a valid regular expression.`, 'invalid');
      }
    },
  },
  voiceRoutingPolicy: {},
  dialPlan: {
    check: (_t, d) => {
      if (d.name.length > DIAL_PLAN_LIMITS.nameLength || !/^[A-Za-z0-9-][A-Za-z0-9.-]*$/.test(d.name)) {
        refuse(
          `Tenant dial plan Identity "${d.name}" must be at most 49 characters of A-Z, a-z, 0-9, '.', '-' and not start with '.'.`,
          'invalid',
        );
      }
      if (d.normalizationRules.length > DIAL_PLAN_LIMITS.normalizationRules)
        refuse(
          `A tenant dial plan can have at most ${DIAL_PLAN_LIMITS.normalizationRules} normalization rules.`,
          'invalid',
        );
      const names = new Set<string>();
      for (const r of d.normalizationRules) {
        if (names.has(identityKey(r.name)))
          refuse(`Normalization rule "${r.name}" appears twice in dial plan "${d.name}".`, 'already-exists');
        names.add(identityKey(r.name));
      }
    },
  },
  emergencyCallRoutingPolicy: {
    // New-CsTeamsEmergencyNumber: "Dial mask must be list of numbers separated by semicolon ... 1 to 10 digits".
    check: (_t, p) => {
      policyDescription(p.description);
      const dialled = new Set<string>();
      for (const n of p.emergencyNumbers) {
        if (n.dialMask !== '' && !/^\d{1,10}(;\d{1,10})*$/.test(n.dialMask))
          refuse(
            `EmergencyDialMask "${n.dialMask}" must be numbers of 1 to 10 digits separated by semicolons.`,
            'invalid',
          );
        if (dialled.has(n.dialString))
          refuse(`Emergency dial string "${n.dialString}" appears twice in policy "${p.name}".`, 'already-exists');
        dialled.add(n.dialString);
      }
    },
  },
  callingLineIdentity: {
    // New-CsCallingLineIdentity: "If CallerIdSubstitute is given as "Resource", then ResourceAccount cannot be empty."
    check: (_t, c) => {
      if (!['Anonymous', 'LineUri', 'Resource'].includes(c.callingIdSubstitute))
        refuse(`CallingIDSubstitute "${c.callingIdSubstitute}" is not one of Anonymous, LineUri, Resource.`, 'invalid');
      if (c.callingIdSubstitute === 'Resource' && !c.resourceAccount)
        refuse('ResourceAccount cannot be empty when CallingIDSubstitute is Resource.', 'invalid');
    },
  },
  resourceAccount: { store: RESOURCE_ACCOUNTS, checkNew: checkNewAccount },
  resourceAccountNumber: {
    store: RESOURCE_ACCOUNT_NUMBERS,
    missing: (upn) => `Resource account "${upn}" was not found.`,
  },
  callQueue: {
    check: (t, q) => {
      checkVoiceApp(t, 'callQueue', q.name, q.resourceAccounts);
      for (const agent of q.agents) requireUser(t, agent);
      for (const target of queueTargets(q)) checkCallTarget(t, target);
    },
    missing: (name) => `Call queue "${name}" was not found.`,
  },
  autoAttendant: {
    check: (t, a) => {
      checkVoiceApp(t, 'autoAttendant', a.name, a.resourceAccounts);
      for (const target of attendantTargets(a)) checkCallTarget(t, target);
    },
  },
  ...EMERGENCY_SIM_KINDS,
  // One per tenant, always there (upgradeSimState): Set- only; Teams documents no rule on its values.
  phoneNumberTenantConfiguration: {},
  userLicense: {
    read: (t, u) => {
      const licenses = u.assignedLicenses
        .map((id) => t.state.subscribedSkus.find((s) => s.skuId === id)?.skuPartNumber ?? id)
        .sort();
      return u.usageLocation === null && licenses.length === 0
        ? null
        : { upn: u.upn, usageLocation: u.usageLocation, licenses };
    },
    write: (t, { name, before, after }) => {
      const idOf = (part: string) => t.state.subscribedSkus.find((s) => s.skuPartNumber === part)?.skuId ?? part;
      const had = before?.licenses ?? [];
      const want = after?.licenses ?? [];
      const location = after?.usageLocation ?? null;
      // A licence needs a usage location first; on the way back, licences go before the location.
      if (location !== null && location !== (before?.usageLocation ?? null)) t.setUsageLocation(name, location);
      const add = want.filter((l) => !had.includes(l)).map(idOf);
      const remove = had.filter((l) => !want.includes(l)).map(idOf);
      if (add.length || remove.length) t.assignLicense(name, add, remove);
      if (location === null && before?.usageLocation) t.setUsageLocation(name, null);
    },
  },
  userNumber: {
    read: (_t, u) =>
      u.phoneNumber === null ? null : { upn: u.upn, phoneNumber: u.phoneNumber, phoneNumberType: u.phoneNumberType },
    // Another number, or none: the old one is released first (as the Teams backend does; in a
    // batch every release goes before every assignment, see sim-backend.ts).
    release: (t, { name, before, after }) => {
      if (releasesNumber(before, after))
        t.unassignPhoneNumber(name, before.phoneNumber, before.phoneNumberType ?? 'DirectRouting');
    },
    write: (t, { name, before, after }) => {
      if (releasesNumber(before, after) && t.user(name)?.phoneNumber === before.phoneNumber)
        t.unassignPhoneNumber(name, before.phoneNumber, before.phoneNumberType ?? 'DirectRouting');
      if (after?.phoneNumber) t.assignPhoneNumber(name, after.phoneNumber, after.phoneNumberType ?? 'DirectRouting');
    },
  },
  userPolicy: {
    read: (_t, u) => {
      const grants = Object.fromEntries(GRANTS.map((g) => [g.attribute, u[g.attribute] ?? null]));
      return Object.values(grants).every((v) => v === null)
        ? null
        : ({ upn: u.upn, ...grants } as ModelOf<'userPolicy'>);
    },
    // Grant only what differs: a grant is its own cmdlet call per policy type.
    write: (t, { name, before, after }) => {
      for (const g of GRANTS)
        if ((after?.[g.attribute] ?? null) !== (before?.[g.attribute] ?? null))
          t.grant(g.attribute, name, after?.[g.attribute] ?? null);
    },
  },
} satisfies SimKinds;
