/** The spec (`apiVersion: voiceform/v1`): the public interface, shaped as in DESIGN.md. */
export interface CustomerSpec {
  name: string;
  tenantId: string;
  domain: string;
}

export interface GatewaySpec {
  fqdn: string;
  sipSignalingPort: number;
  maxConcurrentSessions?: number | null;
  enabled?: boolean;
  mediaBypass?: boolean;
  failoverTimeSeconds?: number;
  failoverResponseCodes?: string;
  forwardPai?: boolean;
  forwardCallHistory?: boolean;
  sendSipOptions?: boolean;
  description?: string;
  inboundTeamsNumberTranslationRules?: string[];
  inboundPstnNumberTranslationRules?: string[];
  outboundTeamsNumberTranslationRules?: string[];
  outboundPstnNumberTranslationRules?: string[];
  /** false: no ownership marker; kept exactly as in the tenant (brownfield). */
  owned?: boolean;
}

export interface NumberRangeSpec {
  from: string;
  to: string;
}

export interface SiteSpec {
  name: string;
  country: string;
  template?: string;
  params?: Record<string, string | number | boolean>;
  gateways?: string[];
  numberRanges?: NumberRangeSpec[];
  voiceRoutingPolicy?: string;
  dialPlan?: string;
}

export interface VoiceRouteSpec {
  name: string;
  numberPattern: string;
  priority?: number;
  gateways: string[];
  pstnUsages: string[];
  description?: string;
  /** false: no ownership marker; kept exactly as in the tenant (brownfield). */
  owned?: boolean;
}

export interface VoiceRoutingPolicySpec {
  name: string;
  pstnUsages: string[];
  description?: string;
  /** false: no ownership marker; kept exactly as in the tenant (brownfield). */
  owned?: boolean;
}

export interface NormalizationRuleSpec {
  name: string;
  pattern: string;
  translation: string;
  description?: string;
  isInternalExtension?: boolean;
}

export interface DialPlanSpec {
  name: string;
  description?: string;
  normalizationRules: NormalizationRuleSpec[];
  /** false: no ownership marker; kept exactly as in the tenant (brownfield). */
  owned?: boolean;
}

export interface TranslationRuleSpec {
  name: string;
  pattern: string;
  translation: string;
  description?: string;
  /** false: no ownership marker; kept exactly as in the tenant (brownfield). */
  owned?: boolean;
}

export interface UserSpec {
  upn: string;
  phoneNumber: string;
  site?: string;
  phoneNumberType?: 'DirectRouting' | 'OperatorConnect';
  voiceRoutingPolicy?: string;
  dialPlan?: string;
}

export interface Spec {
  $schema?: string;
  apiVersion: 'voiceform/v1';
  customer: CustomerSpec;
  prune?: boolean;
  gateways?: GatewaySpec[];
  sites?: SiteSpec[];
  pstnUsages?: string[];
  voiceRoutes?: VoiceRouteSpec[];
  voiceRoutingPolicies?: VoiceRoutingPolicySpec[];
  dialPlans?: DialPlanSpec[];
  translationRules?: TranslationRuleSpec[];
  users?: UserSpec[];
  licensing?: { assign: boolean; sku: string };
}

/** The arrays of a spec that hold named voice objects (templates add to these). */
export type ObjectArrayName =
  | 'pstnUsages'
  | 'voiceRoutes'
  | 'voiceRoutingPolicies'
  | 'dialPlans'
  | 'translationRules';

/**
 * A spec after templates: sites carry no template; every object is explicit. `origins` tells, for
 * each element of each object array, where it came from (a JSON Pointer into the source spec,
 * plus the template for rendered ones) so that problems point at what the user wrote.
 */
export interface RenderedSpec {
  spec: Spec;
  origins: Record<ObjectArrayName, string[]>;
}
