import type { KindDef } from './kind-def.js';

/** A user's usage location and licences (skuPartNumbers, sorted), as Graph holds them. */
export interface UserLicense {
  upn: string;
  usageLocation: string | null;
  licenses: string[];
}

export const userLicenseKind: KindDef<'userLicense', 'userLicenses', UserLicense> = {
  kind: 'userLicense',
  list: 'userLicenses',
  label: 'user licence',
  identity: 'upn',
  ownership: 'per-user',
  dependsOn: [],
  // Resolved against the tenant by the plan (licences the users already hold are kept).
  fromSpec: () => [],
};
