import { BackendError } from '../../errors.js';
import type { DialPlan, PhoneNumberType, PstnGateway, TranslationRule, VoiceRoute, VoiceRoutingPolicy } from '../../model/tenant-state.js';
import type { SimTenantState, SimUser } from './sim-state.js';

/** Teams limits enforced by the simulated tenant (reference/teams-cmdlets.md §0.4). */
export const SIM_LIMITS = {
  fqdnLength: 63,
  normalizationRulesPerDialPlan: 50,
  translationRules: 400,
  translationRuleNameLength: 100,
  translationRulePatternLength: 1024,
  translationLength: 256,
  dialPlanNameLength: 49,
  maxConcurrentSessions: 100_000,
} as const;

const TRANSLATION_LISTS = [
  'inboundTeamsNumberTranslationRules',
  'inboundPstnNumberTranslationRules',
  'outboundTeamsNumberTranslationRules',
  'outboundPstnNumberTranslationRules',
] as const;

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const find = <T extends { name: string }>(list: T[], name: string): T | undefined => list.find((x) => same(x.name, name));
const refuse = (message: string, kind: BackendError['kind']): never => {
  throw new BackendError(message, kind);
};

/**
 * The simulated Teams tenant: the one place Teams' rules live. Its operations mirror the cmdlets
 * (New/Set/Remove per object kind, usage Add/Remove, number assign/unassign, Grant) and refuse
 * what Teams refuses, with Teams' own error text where it is known.
 */
export class SimTenant {
  private readonly usersByUpn = new Map<string, SimUser>();

  constructor(readonly state: SimTenantState) {
    for (const u of state.users) this.usersByUpn.set(u.upn.toLowerCase(), u);
  }

  // ---- PSTN gateways -------------------------------------------------------------------------
  newGateway(g: PstnGateway): void {
    if (this.state.voice.gateways.some((x) => same(x.fqdn, g.fqdn))) refuse(`Gateway ${g.fqdn} already exists.`, 'already-exists');
    this.checkGateway(g);
    this.state.voice.gateways.push(structuredClone(g));
  }

  setGateway(g: PstnGateway): void {
    const i = this.state.voice.gateways.findIndex((x) => same(x.fqdn, g.fqdn));
    if (i < 0) refuse(`Cannot find PSTN gateway "${g.fqdn}".`, 'not-found');
    this.checkGateway(g);
    this.state.voice.gateways[i] = structuredClone({ ...g, fqdn: this.state.voice.gateways[i]!.fqdn });
  }

  removeGateway(fqdn: string): void {
    const i = this.state.voice.gateways.findIndex((x) => same(x.fqdn, fqdn));
    if (i < 0) refuse(`Cannot find PSTN gateway "${fqdn}".`, 'not-found');
    if (this.state.voice.voiceRoutes.some((r) => r.gateways.some((g) => same(g, fqdn)))) {
      refuse(`Can not remove 'OnlinePSTNGateway', linked 'OnlineVoiceRoute' exists. Use 'Remove-CsOnlineVoiceRoute'`, 'in-use');
    }
    this.state.voice.gateways.splice(i, 1);
  }

  private checkGateway(g: PstnGateway): void {
    const fqdn = g.fqdn.toLowerCase();
    if (fqdn.length > SIM_LIMITS.fqdnLength) refuse(`The FQDN "${g.fqdn}" is longer than ${SIM_LIMITS.fqdnLength} characters.`, 'invalid');
    const domain = fqdn.slice(fqdn.indexOf('.') + 1);
    if (domain.endsWith('onmicrosoft.com') || !this.state.domains.some((d) => d.isVerified && d.id.toLowerCase() === domain)) {
      refuse(`Can not use the "${domain}" domain as it was not configured for this tenant`, 'invalid');
    }
    if (!Number.isInteger(g.sipSignalingPort) || g.sipSignalingPort < 1 || g.sipSignalingPort > 65535) refuse(`SipSignalingPort must be between 1 and 65535.`, 'invalid');
    const mcs = g.maxConcurrentSessions;
    if (mcs !== null && (!Number.isInteger(mcs) || mcs < 1 || mcs > SIM_LIMITS.maxConcurrentSessions)) refuse(`MaxConcurrentSessions must be between 1 and ${SIM_LIMITS.maxConcurrentSessions}.`, 'invalid');
    for (const list of TRANSLATION_LISTS) {
      for (const name of g[list]) {
        if (!find(this.state.voice.translationRules, name)) refuse(`Translation rule "${name}" in ${list} does not exist.`, 'not-found');
      }
    }
  }

  // ---- PSTN usages (the Global list) -----------------------------------------------------------
  addPstnUsage(name: string): void {
    if (this.state.voice.pstnUsages.some((u) => same(u, name))) refuse(`PSTN usage "${name}" already exists in the Global usage list.`, 'already-exists');
    this.state.voice.pstnUsages.push(name);
  }

  removePstnUsage(name: string): void {
    const i = this.state.voice.pstnUsages.findIndex((u) => same(u, name));
    if (i < 0) refuse(`PSTN usage "${name}" is not in the Global usage list.`, 'not-found');
    const route = this.state.voice.voiceRoutes.find((r) => r.pstnUsages.some((u) => same(u, name)));
    const policy = this.state.voice.voiceRoutingPolicies.find((p) => p.pstnUsages.some((u) => same(u, name)));
    if (route || policy) {
      refuse(`Cannot remove PSTN usage "${name}": it is used by ${route ? `voice route "${route.name}"` : `voice routing policy "${policy!.name}"`}.`, 'in-use');
    }
    this.state.voice.pstnUsages.splice(i, 1);
  }

  // ---- Voice routes ---------------------------------------------------------------------------
  newVoiceRoute(r: VoiceRoute): void {
    if (find(this.state.voice.voiceRoutes, r.name)) refuse(`Voice route "${r.name}" already exists.`, 'already-exists');
    this.checkRoute(r);
    this.state.voice.voiceRoutes.push(structuredClone(r));
  }

  setVoiceRoute(r: VoiceRoute): void {
    const i = this.indexOf(this.state.voice.voiceRoutes, r.name, 'voice route');
    this.checkRoute(r);
    this.state.voice.voiceRoutes[i] = structuredClone({ ...r, name: this.state.voice.voiceRoutes[i]!.name });
  }

  removeVoiceRoute(name: string): void {
    this.state.voice.voiceRoutes.splice(this.indexOf(this.state.voice.voiceRoutes, name, 'voice route'), 1);
  }

  private checkRoute(r: VoiceRoute): void {
    try {
      new RegExp(r.numberPattern);
    } catch {
      refuse(`NumberPattern "${r.numberPattern}" is not a valid regular expression.`, 'invalid');
    }
    for (const g of r.gateways) {
      if (!this.state.voice.gateways.some((x) => same(x.fqdn, g))) refuse(`PSTN gateway "${g}" in OnlinePstnGatewayList does not exist.`, 'not-found');
    }
    for (const u of r.pstnUsages) this.requireUsage(u);
  }

  private requireUsage(u: string): void {
    if (!this.state.voice.pstnUsages.some((x) => same(x, u))) refuse(`PSTN usage "${u}" must be an existing usage in the Global usage list.`, 'not-found');
  }

  // ---- Voice routing policies -----------------------------------------------------------------
  newVoiceRoutingPolicy(p: VoiceRoutingPolicy): void {
    if (find(this.state.voice.voiceRoutingPolicies, p.name)) refuse(`Voice routing policy "${p.name}" already exists.`, 'already-exists');
    p.pstnUsages.forEach((u) => this.requireUsage(u));
    this.state.voice.voiceRoutingPolicies.push(structuredClone(p));
  }

  setVoiceRoutingPolicy(p: VoiceRoutingPolicy): void {
    const i = this.indexOf(this.state.voice.voiceRoutingPolicies, p.name, 'voice routing policy');
    p.pstnUsages.forEach((u) => this.requireUsage(u));
    this.state.voice.voiceRoutingPolicies[i] = structuredClone({ ...p, name: this.state.voice.voiceRoutingPolicies[i]!.name });
  }

  removeVoiceRoutingPolicy(name: string): void {
    if (same(name, 'Global')) refuse('The Global voice routing policy cannot be removed.', 'invalid');
    const i = this.indexOf(this.state.voice.voiceRoutingPolicies, name, 'voice routing policy');
    const holder = this.state.users.find((u) => u.voiceRoutingPolicy !== null && same(u.voiceRoutingPolicy, name));
    if (holder) refuse(`Voice routing policy "${name}" is assigned to ${holder.upn}; unassign it first.`, 'in-use');
    this.state.voice.voiceRoutingPolicies.splice(i, 1);
  }

  // ---- Tenant dial plans ----------------------------------------------------------------------
  newTenantDialPlan(d: DialPlan): void {
    if (find(this.state.voice.dialPlans, d.name)) refuse(`Tenant dial plan "${d.name}" already exists.`, 'already-exists');
    this.checkDialPlan(d);
    this.state.voice.dialPlans.push(structuredClone(d));
  }

  setTenantDialPlan(d: DialPlan): void {
    const i = this.indexOf(this.state.voice.dialPlans, d.name, 'tenant dial plan');
    this.checkDialPlan(d);
    this.state.voice.dialPlans[i] = structuredClone({ ...d, name: this.state.voice.dialPlans[i]!.name });
  }

  removeTenantDialPlan(name: string): void {
    const i = this.indexOf(this.state.voice.dialPlans, name, 'tenant dial plan');
    const holder = this.state.users.find((u) => u.dialPlan !== null && same(u.dialPlan, name));
    if (holder) refuse(`Tenant dial plan "${name}" is assigned to ${holder.upn}; unassign it first.`, 'in-use');
    this.state.voice.dialPlans.splice(i, 1);
  }

  private checkDialPlan(d: DialPlan): void {
    if (d.name.length > SIM_LIMITS.dialPlanNameLength || !/^[A-Za-z0-9-][A-Za-z0-9.-]*$/.test(d.name)) {
      refuse(`Tenant dial plan Identity "${d.name}" must be at most 49 characters of A-Z, a-z, 0-9, '.', '-' and not start with '.'.`, 'invalid');
    }
    if (d.normalizationRules.length > SIM_LIMITS.normalizationRulesPerDialPlan) {
      refuse(`A tenant dial plan can have at most ${SIM_LIMITS.normalizationRulesPerDialPlan} normalization rules.`, 'invalid');
    }
    const names = new Set<string>();
    for (const r of d.normalizationRules) {
      if (names.has(r.name.toLowerCase())) refuse(`Normalization rule "${r.name}" appears twice in dial plan "${d.name}".`, 'already-exists');
      names.add(r.name.toLowerCase());
    }
  }

  // ---- Translation rules ----------------------------------------------------------------------
  newTranslationRule(t: TranslationRule): void {
    if (find(this.state.voice.translationRules, t.name)) refuse(`Translation rule "${t.name}" already exists.`, 'already-exists');
    if (this.state.voice.translationRules.length >= SIM_LIMITS.translationRules) refuse(`A tenant can have at most ${SIM_LIMITS.translationRules} translation rules.`, 'invalid');
    this.checkTranslationRule(t);
    this.state.voice.translationRules.push(structuredClone(t));
  }

  setTranslationRule(t: TranslationRule): void {
    const i = this.indexOf(this.state.voice.translationRules, t.name, 'translation rule');
    this.checkTranslationRule(t);
    this.state.voice.translationRules[i] = structuredClone({ ...t, name: this.state.voice.translationRules[i]!.name });
  }

  removeTranslationRule(name: string): void {
    const i = this.indexOf(this.state.voice.translationRules, name, 'translation rule');
    const sbc = this.state.voice.gateways.find((g) => TRANSLATION_LISTS.some((l) => g[l].some((n) => same(n, name))));
    if (sbc) refuse(`Translation rule "${name}" is used by SBC ${sbc.fqdn}.`, 'in-use');
    this.state.voice.translationRules.splice(i, 1);
  }

  private checkTranslationRule(t: TranslationRule): void {
    if (t.name.length > SIM_LIMITS.translationRuleNameLength) refuse(`Translation rule name is longer than ${SIM_LIMITS.translationRuleNameLength} characters.`, 'invalid');
    if (t.pattern.length > SIM_LIMITS.translationRulePatternLength) refuse(`Pattern is longer than ${SIM_LIMITS.translationRulePatternLength} characters.`, 'invalid');
    if (t.translation.length > SIM_LIMITS.translationLength) refuse(`Translation is longer than ${SIM_LIMITS.translationLength} characters.`, 'invalid');
  }

  // ---- Users ----------------------------------------------------------------------------------
  user(identity: string): SimUser | undefined {
    return this.usersByUpn.get(identity.toLowerCase()) ?? this.state.users.find((u) => u.id === identity);
  }

  private requireUser(identity: string): SimUser {
    const u = this.user(identity);
    if (!u) refuse(`User "${identity}" was not found.`, 'not-found');
    return u!;
  }

  hasTeamsPhone(u: SimUser): boolean {
    return u.assignedLicenses.some((skuId) => this.state.subscribedSkus.find((s) => s.skuId === skuId)?.servicePlans.some((p) => p.startsWith('MCOEV')));
  }

  /** Set-CsPhoneNumberAssignment -Identity -PhoneNumber -PhoneNumberType. */
  assignPhoneNumber(identity: string, phoneNumber: string, type: PhoneNumberType): void {
    const u = this.requireUser(identity);
    if (!u.accountEnabled) refuse(`User ${u.upn} is disabled.`, 'invalid');
    if (!u.usageLocation) refuse(`User ${u.upn} has no usage location; set it before assigning a phone number.`, 'invalid');
    if (!this.hasTeamsPhone(u)) refuse(`User ${u.upn} is not licensed for Teams Phone (MCOEV).`, 'invalid');
    if (!/^\+[1-9]\d{5,14}(;ext=\d{1,10})?$/.test(phoneNumber)) refuse(`"${phoneNumber}" is not a valid telephone number.`, 'invalid');
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
    if (usageLocation !== null && !/^[A-Z]{2}$/.test(usageLocation)) refuse(`Invalid value specified for property 'usageLocation' of resource 'User'.`, 'invalid');
    u.usageLocation = usageLocation;
  }

  /** POST /users/{id}/assignLicense: seats must remain; a licence needs a usage location first. */
  assignLicense(identity: string, add: string[], remove: string[]): void {
    const u = this.requireUser(identity);
    for (const skuId of add) {
      const sku = this.state.subscribedSkus.find((s) => s.skuId === skuId);
      if (!sku) refuse(`License ${skuId} does not correspond to a valid company License.`, 'invalid');
      if (!u.usageLocation) refuse(`License assignment cannot be done for user with invalid usage location.`, 'invalid');
      const consumed = this.state.users.filter((x) => x.assignedLicenses.includes(skuId)).length;
      if (!u.assignedLicenses.includes(skuId) && consumed >= sku!.enabledUnits) refuse(`Subscription ${sku!.skuPartNumber} has no more licenses available.`, 'invalid');
    }
    for (const skuId of remove) {
      if (!u.assignedLicenses.includes(skuId)) refuse(`User does not have a corresponding license ${skuId}.`, 'invalid');
    }
    u.assignedLicenses = [...u.assignedLicenses.filter((id) => !remove.includes(id)), ...add.filter((id) => !u.assignedLicenses.includes(id))];
  }

  /** Grant-CsOnlineVoiceRoutingPolicy -Identity -PolicyName ($null removes). */
  grantVoiceRoutingPolicy(identity: string, policyName: string | null): void {
    const u = this.requireUser(identity);
    if (policyName !== null && !find(this.state.voice.voiceRoutingPolicies, policyName)) refuse(`Voice routing policy "${policyName}" was not found.`, 'not-found');
    u.voiceRoutingPolicy = policyName === null ? null : find(this.state.voice.voiceRoutingPolicies, policyName)!.name;
  }

  /** Grant-CsTenantDialPlan -Identity -PolicyName ($null removes). */
  grantTenantDialPlan(identity: string, policyName: string | null): void {
    const u = this.requireUser(identity);
    if (policyName !== null && !find(this.state.voice.dialPlans, policyName)) refuse(`Tenant dial plan "${policyName}" was not found.`, 'not-found');
    u.dialPlan = policyName === null ? null : find(this.state.voice.dialPlans, policyName)!.name;
  }

  private indexOf<T extends { name: string }>(list: T[], name: string, what: string): number {
    const i = list.findIndex((x) => same(x.name, name));
    if (i < 0) refuse(`Cannot find ${what} "${name}".`, 'not-found');
    return i;
  }
}
