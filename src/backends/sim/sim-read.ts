import { isUserKind, type Address } from '../../addr/address.js';
import { TENANT_KINDS, USER_KINDS, type TenantKind, type UserKind } from '../../kinds/registry.js';
import type { CurrentState, TenantVoiceState } from '../../model/tenant-state.js';
import type { ReadScope } from '../backend.js';
import type { VoiceObject } from '../../kinds/registry.js';
import { SIM_KINDS, type SimUserKind } from './sim-kinds.js';
import type { SimUser } from './sim-state.js';
import { isTeamsPhonePlan, type SimTenant } from './sim-tenant.js';

const userKind = (kind: UserKind) => SIM_KINDS[kind] as SimUserKind<UserKind>;

/** The model's view of a simulated tenant: voice objects plus the scoped users. Pure. */
export function readSimState(tenant: SimTenant, scope: ReadScope): CurrentState {
  const state = tenant.state;
  // "Everyone" is every user: resource accounts and guests are rows of the directory, not people to manage.
  const users =
    scope.users === 'all'
      ? state.users.filter((u) => u.accountType === undefined)
      : scope.users.map((upn) => tenant.user(upn)).filter((u): u is SimUser => u !== undefined);
  const voice = Object.fromEntries([
    ...TENANT_KINDS.map((k) => [k.list, structuredClone(tenant.list(k.kind))]),
    ...USER_KINDS.map((k) => [k.list, users.map((u) => userKind(k.kind).read(tenant, u)).filter((x) => x !== null)]),
  ]) as unknown as TenantVoiceState;
  const wanted = scope.users === 'all' ? null : scope.users;
  return {
    tenantId: state.tenantId,
    voice,
    directory: {
      users: (wanted ?? users.map((u) => u.upn)).map((upn) => {
        const u = tenant.user(upn);
        return u
          ? {
              upn: u.upn,
              exists: true,
              enabled: u.accountEnabled,
              usageLocation: u.usageLocation,
              hasTeamsPhone: tenant.hasTeamsPhone(u),
            }
          : { upn, exists: false, enabled: false, usageLocation: null, hasTeamsPhone: false };
      }),
      verifiedDomains: state.domains.filter((d) => d.isVerified && d.teamsEnabled !== false).map((d) => d.id),
      operatorConnectNumbers: [...state.operatorConnectNumbers],
      skus: state.subscribedSkus.map((s) => ({
        skuId: s.skuId,
        skuPartNumber: s.skuPartNumber,
        enabled: s.enabledUnits,
        consumed: state.users.filter((u) => u.assignedLicenses.includes(s.skuId)).length,
        teamsPhone: s.servicePlans.some(isTeamsPhonePlan),
      })),
      assignedNumbers: state.users
        .filter((u) => u.phoneNumber !== null)
        .map((u) => ({
          phoneNumber: u.phoneNumber!,
          upn: u.upn,
          ...(u.accountType === 'ResourceAccount' ? { holder: 'application' as const } : {}),
        })),
      numberSettings: {
        assignmentBlockedForever: state.numberSettings?.assignmentBlockedForever ?? false,
        assignmentBlockedDays: state.numberSettings?.assignmentBlockedDays ?? null,
      },
      ...(state.numberPolicies
        ? {
            numberPolicies: state.numberPolicies.map((p) => ({
              phoneNumber: p.telephoneNumber,
              policyType: p.policyType,
              policyName: p.policyName,
            })),
          }
        : {}),
    },
  };
}

/** One object by address in the model's shape, or null. Pure. */
export function readSimObject(tenant: SimTenant, a: Address): VoiceObject | null {
  if (isUserKind(a.kind)) {
    const u = tenant.user(a.name);
    return u ? structuredClone(userKind(a.kind as UserKind).read(tenant, u)) : null;
  }
  return structuredClone(tenant.find(a.kind as TenantKind, a.name) ?? null);
}
