import { parseAddress } from '../../addr/address.js';
import type { CurrentState, TenantVoiceState } from '../../model/tenant-state.js';
import type { ReadScope } from '../backend.js';
import type { SimTenant } from './sim-tenant.js';
import type { SimUser } from './sim-state.js';

function userNumberOf(u: SimUser) {
  return u.phoneNumber === null ? null : { upn: u.upn, phoneNumber: u.phoneNumber, phoneNumberType: u.phoneNumberType };
}

function userLicenseOf(tenant: SimTenant, u: SimUser) {
  const licenses = u.assignedLicenses.map((id) => tenant.state.subscribedSkus.find((s) => s.skuId === id)?.skuPartNumber ?? id).sort();
  return u.usageLocation === null && licenses.length === 0 ? null : { upn: u.upn, usageLocation: u.usageLocation, licenses };
}

function userPolicyOf(u: SimUser) {
  return u.voiceRoutingPolicy === null && u.dialPlan === null ? null : { upn: u.upn, voiceRoutingPolicy: u.voiceRoutingPolicy, dialPlan: u.dialPlan };
}

/** The model's view of a simulated tenant: voice objects plus the scoped users. Pure. */
export function readSimState(tenant: SimTenant, scope: ReadScope): CurrentState {
  const state = tenant.state;
  const users = scope.users === 'all' ? state.users : scope.users.map((upn) => tenant.user(upn)).filter((u): u is SimUser => u !== undefined);
  const voice: TenantVoiceState = structuredClone({
    translationRules: state.voice.translationRules,
    gateways: state.voice.gateways,
    pstnUsages: state.voice.pstnUsages.map((name) => ({ name })),
    voiceRoutes: state.voice.voiceRoutes,
    voiceRoutingPolicies: state.voice.voiceRoutingPolicies,
    dialPlans: state.voice.dialPlans,
    userLicenses: users.map((u) => userLicenseOf(tenant, u)).filter((x) => x !== null),
    userNumbers: users.map(userNumberOf).filter((x) => x !== null),
    userPolicies: users.map(userPolicyOf).filter((x) => x !== null),
  });
  const wanted = scope.users === 'all' ? null : scope.users;
  return {
    tenantId: state.tenantId,
    voice,
    directory: {
      users: (wanted ?? state.users.map((u) => u.upn)).map((upn) => {
        const u = tenant.user(upn);
        return u
          ? { upn: u.upn, exists: true, enabled: u.accountEnabled, usageLocation: u.usageLocation, hasTeamsPhone: tenant.hasTeamsPhone(u) }
          : { upn, exists: false, enabled: false, usageLocation: null, hasTeamsPhone: false };
      }),
      verifiedDomains: state.domains.filter((d) => d.isVerified).map((d) => d.id),
      operatorConnectNumbers: [...state.operatorConnectNumbers],
      skus: state.subscribedSkus.map((s) => ({
        skuId: s.skuId,
        skuPartNumber: s.skuPartNumber,
        enabled: s.enabledUnits,
        consumed: state.users.filter((u) => u.assignedLicenses.includes(s.skuId)).length,
        teamsPhone: s.servicePlans.some((p) => p.startsWith('MCOEV')),
      })),
      assignedNumbers: state.users.filter((u) => u.phoneNumber !== null).map((u) => ({ phoneNumber: u.phoneNumber!, upn: u.upn })),
    },
  };
}

/** One object by address in the model's shape, or null. Pure. */
export function readSimObject(tenant: SimTenant, address: string): Record<string, unknown> | null {
  const state = tenant.state;
  const a = parseAddress(address);
  if (!a) return null;
  const key = a.name.toLowerCase();
  const byName = <T extends { name: string }>(list: T[]) => list.find((x) => x.name.toLowerCase() === key) ?? null;
  const v = state.voice;
  const found = (() => {
    switch (a.kind) {
      case 'translationRule': return byName(v.translationRules);
      case 'gateway': return v.gateways.find((g) => g.fqdn.toLowerCase() === key) ?? null;
      case 'pstnUsage': { const u = v.pstnUsages.find((x) => x.toLowerCase() === key); return u === undefined ? null : { name: u }; }
      case 'voiceRoute': return byName(v.voiceRoutes);
      case 'voiceRoutingPolicy': return byName(v.voiceRoutingPolicies);
      case 'dialPlan': return byName(v.dialPlans);
      case 'userNumber': { const u = tenant.user(a.name); return u ? userNumberOf(u) : null; }
      case 'userPolicy': { const u = tenant.user(a.name); return u ? userPolicyOf(u) : null; }
      case 'userLicense': { const u = tenant.user(a.name); return u ? userLicenseOf(tenant, u) : null; }
    }
  })();
  return found === null ? null : (structuredClone(found) as unknown as Record<string, unknown>);
}
