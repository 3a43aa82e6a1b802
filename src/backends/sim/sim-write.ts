import { parseAddress } from '../../addr/address.js';
import { InternalError } from '../../errors.js';
import type { DialPlan, PstnGateway, TranslationRule, UserLicense, UserNumber, UserPolicy, VoiceRoute, VoiceRoutingPolicy } from '../../model/tenant-state.js';
import type { Change } from '../../plan/plan-types.js';
import type { SimTenant } from './sim-tenant.js';

/**
 * Carries out one planned change on the simulated tenant through the cmdlet-shaped operations,
 * the same mapping the Teams backend makes to real cmdlets.
 */
export function applyChangeToSim(tenant: SimTenant, change: Change): void {
  const address = parseAddress(change.address);
  if (!address) throw new InternalError(`bad address ${change.address}`);
  const { action } = change;
  if (action === 'no-op') return;
  const after = change.after as unknown;
  const name = address.name;
  const replaceOrCreate = (remove: () => void, create: () => void, set: () => void): void => {
    if (action === 'delete') remove();
    else if (action === 'create') create();
    else if (action === 'update') set();
    else {
      remove();
      create();
    }
  };
  switch (address.kind) {
    case 'translationRule':
      return replaceOrCreate(() => tenant.removeTranslationRule(name), () => tenant.newTranslationRule(after as TranslationRule), () => tenant.setTranslationRule(after as TranslationRule));
    case 'gateway':
      return replaceOrCreate(() => tenant.removeGateway(name), () => tenant.newGateway(after as PstnGateway), () => tenant.setGateway(after as PstnGateway));
    case 'pstnUsage':
      return replaceOrCreate(() => tenant.removePstnUsage(name), () => tenant.addPstnUsage((after as { name: string }).name), () => undefined);
    case 'voiceRoute':
      return replaceOrCreate(() => tenant.removeVoiceRoute(name), () => tenant.newVoiceRoute(after as VoiceRoute), () => tenant.setVoiceRoute(after as VoiceRoute));
    case 'voiceRoutingPolicy':
      return replaceOrCreate(() => tenant.removeVoiceRoutingPolicy(name), () => tenant.newVoiceRoutingPolicy(after as VoiceRoutingPolicy), () => tenant.setVoiceRoutingPolicy(after as VoiceRoutingPolicy));
    case 'dialPlan':
      return replaceOrCreate(() => tenant.removeTenantDialPlan(name), () => tenant.newTenantDialPlan(after as DialPlan), () => tenant.setTenantDialPlan(after as DialPlan));
    case 'userNumber': {
      const before = change.before as unknown as UserNumber | null;
      const next = after as UserNumber | null;
      if (next?.phoneNumber) return tenant.assignPhoneNumber(name, next.phoneNumber, next.phoneNumberType ?? 'DirectRouting');
      if (before?.phoneNumber) return tenant.unassignPhoneNumber(name, before.phoneNumber, before.phoneNumberType ?? 'DirectRouting');
      return;
    }
    case 'userLicense': {
      const next = after as UserLicense | null;
      const before = change.before as unknown as UserLicense | null;
      const idOf = (part: string) => tenant.state.subscribedSkus.find((s) => s.skuPartNumber === part)?.skuId ?? part;
      const had = before?.licenses ?? [];
      const want = next?.licenses ?? [];
      const location = next?.usageLocation ?? null;
      // A licence needs a usage location first; on the way back, licences go before the location.
      if (location !== null && location !== (before?.usageLocation ?? null)) tenant.setUsageLocation(name, location);
      const add = want.filter((l) => !had.includes(l)).map(idOf);
      const remove = had.filter((l) => !want.includes(l)).map(idOf);
      if (add.length || remove.length) tenant.assignLicense(name, add, remove);
      if (location === null && before?.usageLocation) tenant.setUsageLocation(name, null);
      return;
    }
    case 'userPolicy': {
      const next = after as UserPolicy | null;
      const before = change.before as unknown as UserPolicy | null;
      // Grant only what differs: a grant is its own cmdlet call per policy type.
      if ((next?.voiceRoutingPolicy ?? null) !== (before?.voiceRoutingPolicy ?? null)) tenant.grantVoiceRoutingPolicy(name, next?.voiceRoutingPolicy ?? null);
      if ((next?.dialPlan ?? null) !== (before?.dialPlan ?? null)) tenant.grantTenantDialPlan(name, next?.dialPlan ?? null);
      return;
    }
  }
}
