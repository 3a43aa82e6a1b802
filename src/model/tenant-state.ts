/**
 * The typed model of a tenant's voice configuration. DesiredState (rendered from a spec) and
 * CurrentState (read from a tenant) share these shapes, so the plan compares like with like.
 * Field names follow the spec (camelCase); backends map them to cmdlet parameters. Each kind's
 * model type lives with its KindDef in src/kinds; the ones re-exported here are the long-standing ones.
 */

export type { PstnGateway } from '../kinds/gateway.js';
export type { PstnUsage } from '../kinds/pstn-usage.js';
export type { VoiceRoute } from '../kinds/voice-route.js';
export type { VoiceRoutingPolicy } from '../kinds/voice-routing-policy.js';
export type { DialPlan, NormalizationRule } from '../kinds/dial-plan.js';
export type { TranslationRule } from '../kinds/translation-rule.js';
export type { PhoneNumberType, UserNumber } from '../kinds/user-number.js';
export type { UserLicense } from '../kinds/user-license.js';
export type { UserPolicy } from '../kinds/user-policy.js';
export { GATEWAY_DEFAULTS } from '../kinds/gateway.js';
export { emptyVoiceState, type TenantVoiceState } from '../kinds/registry.js';
import type { TenantVoiceState } from '../kinds/registry.js';

/** What a tenant's directory says about a user, for preflight (Graph in a real tenant). */
export interface DirectoryUser {
  upn: string;
  exists: boolean;
  enabled: boolean;
  usageLocation: string | null;
  hasTeamsPhone: boolean;
}

/** Directory facts read beside the voice state; never written by plan. */
export interface DirectoryFacts {
  users: DirectoryUser[];
  verifiedDomains: string[];
  operatorConnectNumbers: string[];
  /** Subscribed SKUs: seats, and whether they carry Teams Phone (an MCOEV* service plan). */
  skus: { skuId: string; skuPartNumber: string; enabled: number; consumed: number; teamsPhone: boolean }[];
  /**
   * Every number assigned in the tenant and to whom (so "auto" never picks a taken one). `holder`
   * 'application': a resource account, conference bridge or the like (Get-CsPhoneNumberAssignment's
   * PstnAssignmentStatus other than UserAssigned); absent: a user.
   */
  assignedNumbers: { phoneNumber: string; upn: string; holder?: 'application' }[];
  /**
   * The tenant's block on numbers removed (Get-CsPhoneNumberTenantConfiguration, 2025; its mail
   * settings are the phoneNumberTenantConfiguration kind). Absent when the tenant's tooling has no
   * such cmdlet.
   */
  numberSettings?: {
    assignmentBlockedForever: boolean;
    assignmentBlockedDays: number | null;
  };
  /**
   * Policies assigned to telephone numbers (Get-CsPhoneNumberPolicyAssignment, 2025; absent when
   * the tooling has no such cmdlet): for calls on that number they override the user's grant.
   */
  numberPolicies?: { phoneNumber: string; policyType: string; policyName: string }[];
  /**
   * Each civic address's ValidationStatus as Teams reports it (`Validated`, `NotValidated`…), by the
   * address's name; absent when the backend cannot say (the simulated tenant validates nothing).
   */
  addressValidation?: Record<string, string>;
  /** Kinds this connection cannot read or write (a plan that changes one is refused), and why. */
  unreadKinds?: { kinds: string[]; why: string };
  /** Set when numbers cannot be assigned through this tenant's tooling (21Vianet): why. */
  numberWritesUnavailable?: string;
}

export interface CurrentState {
  tenantId: string;
  voice: TenantVoiceState;
  directory: DirectoryFacts;
}
