import { GRANTS, type UserGrants } from './grants.js';
import { presentUsers } from './spec-document.js';
import type { KindDef } from './kind-def.js';

/** A user's per-user policy grants (one attribute per row of GRANTS); null falls back to Global. */
export type UserPolicy = { upn: string } & UserGrants;

export const userPolicyKind: KindDef<'userPolicy', 'userPolicies', UserPolicy> = {
  kind: 'userPolicy',
  list: 'userPolicies',
  label: 'user policy',
  identity: 'upn',
  ownership: 'per-user',
  // Each granted policy, and the licence that makes the user a Teams user; not the user's number.
  dependsOn: ['userLicense', ...new Set(GRANTS.map((g) => g.policyKind))],
  caseless: GRANTS.map((g) => g.attribute),
  fromSpec: (spec) =>
    presentUsers(spec).map((u) => ({
      upn: u.upn,
      ...(Object.fromEntries(GRANTS.map((g) => [g.attribute, u[g.attribute] ?? null])) as UserGrants),
    })),
};
