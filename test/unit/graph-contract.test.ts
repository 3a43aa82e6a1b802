/**
 * #23 §5: Voiceform's own Graph types held to Microsoft's published schema (msgraph-metadata,
 * pinned in test/fixtures/graph/graph-types.json): every property Voiceform reads of a Graph type
 * (its field lists, tied to its TypeScript types at compile time by fieldsOf) is one the type
 * declares, and every request body it posts to an action carries only the action's parameters,
 * every non-nullable one, with enum values among the enum's members.
 */
import { describe, expect, it } from 'vitest';
import {
  ASSIGNED_LICENSE_FIELDS,
  ASSIGNED_TELEPHONE_NUMBER_FIELDS,
  assignLicenseBody,
  DOMAIN_FIELDS,
  EFFECTIVE_POLICY_ASSIGNMENT_FIELDS,
  LICENSE_UNITS_FIELDS,
  NUMBER_OPERATION_DETAILS_FIELDS,
  NUMBER_OPERATION_FIELDS,
  OWNER_EXTENSION_FIELDS,
  POLICY_ASSIGNMENT_FIELDS,
  SERVICE_PLAN_FIELDS,
  SUBSCRIBED_SKU_FIELDS,
  TEAMS_USER_CONFIGURATION_FIELDS,
  USER_FIELDS,
} from '../../src/backends/graph/graph-directory.js';
import { numberSteps } from '../../src/backends/teams/number-steps.js';
import {
  DIRECT_ROUTING_CALL_FIELDS,
  ITEM_BODY_FIELDS,
  PSTN_CALL_FIELDS,
  SERVICE_MESSAGE_FIELDS,
} from '../../src/model/call-records.js';
import { actionBodyProblems, declaredProperties, GRAPH_SCHEMA } from '../support/graph-shapes.js';

const TA = 'microsoft.graph.teamsAdministration';

/** Each list of what Voiceform reads, by the metadata type it reads it from. */
const READS: [string, readonly string[]][] = [
  ['microsoft.graph.user', USER_FIELDS],
  ['microsoft.graph.assignedLicense', ASSIGNED_LICENSE_FIELDS],
  ['microsoft.graph.openTypeExtension', OWNER_EXTENSION_FIELDS],
  ['microsoft.graph.subscribedSku', SUBSCRIBED_SKU_FIELDS],
  ['microsoft.graph.licenseUnitsDetail', LICENSE_UNITS_FIELDS],
  ['microsoft.graph.servicePlanInfo', SERVICE_PLAN_FIELDS],
  ['microsoft.graph.domain', DOMAIN_FIELDS],
  [`${TA}.teamsUserConfiguration`, TEAMS_USER_CONFIGURATION_FIELDS],
  [`${TA}.assignedTelephoneNumber`, ASSIGNED_TELEPHONE_NUMBER_FIELDS],
  [`${TA}.effectivePolicyAssignment`, EFFECTIVE_POLICY_ASSIGNMENT_FIELDS],
  [`${TA}.policyAssignment`, POLICY_ASSIGNMENT_FIELDS],
  [`${TA}.telephoneNumberLongRunningOperation`, NUMBER_OPERATION_FIELDS],
  [`${TA}.telephoneNumberLongRunningOperationDetails`, NUMBER_OPERATION_DETAILS_FIELDS],
  ['microsoft.graph.callRecords.directRoutingLogRow', DIRECT_ROUTING_CALL_FIELDS],
  ['microsoft.graph.callRecords.pstnCallLogRow', PSTN_CALL_FIELDS],
  ['microsoft.graph.serviceUpdateMessage', SERVICE_MESSAGE_FIELDS],
  ['microsoft.graph.itemBody', ITEM_BODY_FIELDS],
];

describe(`Voiceform's Graph types against ${GRAPH_SCHEMA.source}`, () => {
  it.each(READS)('reads of %s are properties the type declares', (type, fields) => {
    const declared = new Set(declaredProperties(type));
    expect(fields.filter((f) => !declared.has(f))).toEqual([]);
  });

  it('finds a property the type does not declare (the check can fail)', () => {
    const declared = new Set(declaredProperties(`${TA}.telephoneNumberLongRunningOperation`));
    // The number operation once read `error`, and nearly `statusDetail`: it declares neither (its numbers carry the detail).
    expect(declared.has('error')).toBe(false);
    expect(declared.has('statusDetail')).toBe(false);
    expect(declaredProperties(`${TA}.telephoneNumberLongRunningOperationDetails`)).toContain('statusDetail');
  });
});

describe('request bodies against the actions they are posted to', () => {
  const numberAssignment = `Collection(${TA}.numberAssignment)`;
  const steps = numberSteps(
    'u@contoso.com',
    { upn: 'u@contoso.com', phoneNumber: '+12065550100', phoneNumberType: 'DirectRouting' },
    { upn: 'u@contoso.com', phoneNumber: '+12065550101', phoneNumberType: 'OperatorConnect' },
    '00000000-0000-0000-0000-000000000001',
  );
  if (steps instanceof Error) throw steps;

  it('assignNumber and unassignNumber', () => {
    expect(actionBodyProblems(`${numberAssignment}.assignNumber`, steps.assign!)).toEqual([]);
    expect(actionBodyProblems(`${numberAssignment}.unassignNumber`, steps.unassign!)).toEqual([]);
  });

  it("user: assignLicense, and the PATCH of a user's usageLocation", () => {
    expect(actionBodyProblems('microsoft.graph.user.assignLicense', assignLicenseBody(['sku-a'], ['sku-b']))).toEqual(
      [],
    );
    expect(declaredProperties('microsoft.graph.user')).toContain('usageLocation');
  });

  it('names what an action does not take, a missing required parameter and an enum value it lacks', () => {
    expect(
      actionBodyProblems(`${numberAssignment}.assignNumber`, {
        telephoneNumber: '+1',
        numberType: 'DirectRouting',
        extension: '12',
      }).sort(),
    ).toEqual([
      'assignmentTargetId: required by assignNumber, not sent',
      'extension: not a parameter of assignNumber',
      `numberType: "DirectRouting" is not a ${TA}.numberType (internalError, directRouting, callingPlan, operatorConnect, unknownFutureValue)`,
    ]);
  });
});
