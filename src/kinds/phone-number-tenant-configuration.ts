import type { KindDef } from './kind-def.js';

/**
 * The tenant's number defaults that Voiceform manages (Set-CsPhoneNumberTenantConfiguration,
 * 2025): whether Teams mails a user whose number is assigned or removed. One per tenant, named
 * `Global` here (the cmdlets take no identity). The assignment-block defaults are read (the plan
 * warns of them) but never written: Voiceform sets no block (fidelity review §4).
 */
export interface PhoneNumberTenantConfiguration {
  name: 'Global';
  assignmentEmailEnabled: boolean;
  unassignmentEmailEnabled: boolean;
}

/**
 * The spec's `phoneNumberTenantConfiguration`: an object, not an array (there is one per tenant).
 * Both settings are required (the schema says so): one left out could only mean "false" or "as
 * the tenant has it", and either reading surprises someone.
 */
export interface PhoneNumberTenantConfigurationSpec {
  assignmentEmailEnabled: boolean;
  unassignmentEmailEnabled: boolean;
}

export const phoneNumberTenantConfigurationKind: KindDef<
  'phoneNumberTenantConfiguration',
  'phoneNumberTenantConfiguration',
  PhoneNumberTenantConfiguration,
  PhoneNumberTenantConfigurationSpec
> = {
  kind: 'phoneNumberTenantConfiguration',
  list: 'phoneNumberTenantConfiguration',
  label: 'phone number tenant configuration',
  identity: 'name',
  ownership: 'tenant-setting',
  dependsOn: [],
  fromSpec: (spec) => {
    const s = spec.phoneNumberTenantConfiguration;
    return s
      ? [
          {
            name: 'Global',
            assignmentEmailEnabled: s.assignmentEmailEnabled,
            unassignmentEmailEnabled: s.unassignmentEmailEnabled,
          },
        ]
      : [];
  },
  toSpec: (c) => ({
    assignmentEmailEnabled: c.assignmentEmailEnabled,
    unassignmentEmailEnabled: c.unassignmentEmailEnabled,
  }),
};
