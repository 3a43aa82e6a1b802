/**
 * The typed model of a tenant's voice configuration. DesiredState (rendered from a spec) and
 * CurrentState (read from a tenant) share these shapes, so the plan compares like with like.
 * Field names follow the spec (camelCase); backends map them to cmdlet parameters.
 */

/** An SBC paired with the tenant (`*-CsOnlinePSTNGateway`). Identity = FQDN. */
export interface PstnGateway {
  fqdn: string;
  sipSignalingPort: number;
  maxConcurrentSessions: number | null;
  enabled: boolean;
  mediaBypass: boolean;
  failoverTimeSeconds: number;
  failoverResponseCodes: string;
  forwardPai: boolean;
  forwardCallHistory: boolean;
  sendSipOptions: boolean;
  description: string;
  inboundTeamsNumberTranslationRules: string[];
  inboundPstnNumberTranslationRules: string[];
  outboundTeamsNumberTranslationRules: string[];
  outboundPstnNumberTranslationRules: string[];
}

/** One entry of the tenant-wide Global PSTN usage list (`Set-CsOnlinePstnUsage`). */
export interface PstnUsage {
  name: string;
}

/** `*-CsOnlineVoiceRoute`. */
export interface VoiceRoute {
  name: string;
  numberPattern: string;
  priority: number;
  gateways: string[];
  pstnUsages: string[];
  description: string;
}

/** `*-CsOnlineVoiceRoutingPolicy`; the usage order decides routing. */
export interface VoiceRoutingPolicy {
  name: string;
  pstnUsages: string[];
  description: string;
}

/** A rule of a tenant dial plan (`New-CsVoiceNormalizationRule -InMemory`). Order matters. */
export interface NormalizationRule {
  name: string;
  pattern: string;
  translation: string;
  description: string;
  isInternalExtension: boolean;
}

/** `*-CsTenantDialPlan`. */
export interface DialPlan {
  name: string;
  description: string;
  normalizationRules: NormalizationRule[];
}

/** `*-CsTeamsTranslationRule`, referenced by name from gateways. */
export interface TranslationRule {
  name: string;
  pattern: string;
  translation: string;
  description: string;
}

export type PhoneNumberType = 'DirectRouting' | 'OperatorConnect' | 'CallingPlan';

/** A user's phone number assignment (`Set-/Remove-CsPhoneNumberAssignment`). */
export interface UserNumber {
  upn: string;
  phoneNumber: string | null;
  phoneNumberType: PhoneNumberType | null;
}

/** A user's usage location and licences (skuPartNumbers, sorted), as Graph holds them. */
export interface UserLicense {
  upn: string;
  usageLocation: string | null;
  licenses: string[];
}

/** A user's per-user voice policy grants; null means "falls back to Global". */
export interface UserPolicy {
  upn: string;
  voiceRoutingPolicy: string | null;
  dialPlan: string | null;
}

/** The voice configuration Voiceform manages, as read from or desired for a tenant. */
export interface TenantVoiceState {
  translationRules: TranslationRule[];
  gateways: PstnGateway[];
  pstnUsages: PstnUsage[];
  voiceRoutes: VoiceRoute[];
  voiceRoutingPolicies: VoiceRoutingPolicy[];
  dialPlans: DialPlan[];
  userLicenses: UserLicense[];
  userNumbers: UserNumber[];
  userPolicies: UserPolicy[];
}

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
  /** Every number assigned in the tenant and to whom (so "auto" never picks a taken one). */
  assignedNumbers: { phoneNumber: string; upn: string }[];
}

export interface CurrentState {
  tenantId: string;
  voice: TenantVoiceState;
  directory: DirectoryFacts;
}

export function emptyVoiceState(): TenantVoiceState {
  return {
    translationRules: [],
    gateways: [],
    pstnUsages: [],
    voiceRoutes: [],
    voiceRoutingPolicies: [],
    dialPlans: [],
    userLicenses: [],
    userNumbers: [],
    userPolicies: [],
  };
}

/** Gateway attribute defaults as documented for New-CsOnlinePSTNGateway (teams-cmdlets.md §1). */
export const GATEWAY_DEFAULTS: Omit<PstnGateway, 'fqdn' | 'sipSignalingPort'> = {
  maxConcurrentSessions: null,
  enabled: false,
  mediaBypass: false,
  failoverTimeSeconds: 10,
  failoverResponseCodes: '408,503,504',
  forwardPai: false,
  forwardCallHistory: false,
  sendSipOptions: true,
  description: '',
  inboundTeamsNumberTranslationRules: [],
  inboundPstnNumberTranslationRules: [],
  outboundTeamsNumberTranslationRules: [],
  outboundPstnNumberTranslationRules: [],
};

/** Which list of TenantVoiceState holds each kind of object. */
export const LIST_OF_KIND = {
  translationRule: 'translationRules',
  gateway: 'gateways',
  pstnUsage: 'pstnUsages',
  voiceRoute: 'voiceRoutes',
  voiceRoutingPolicy: 'voiceRoutingPolicies',
  dialPlan: 'dialPlans',
  userLicense: 'userLicenses',
  userNumber: 'userNumbers',
  userPolicy: 'userPolicies',
} as const satisfies Record<string, keyof TenantVoiceState>;
