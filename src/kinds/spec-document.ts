import type { UserGrants } from './grants.js';
import type { ObjectArrayName, SpecObjectArrays } from './registry.js';

/** The spec (`apiVersion: voiceform/v1`): the public interface, shaped as in DESIGN.md. */
export type { GatewaySpec } from './gateway.js';
export type { VoiceRouteSpec } from './voice-route.js';
export type { VoiceRoutingPolicySpec } from './voice-routing-policy.js';
export type { DialPlanSpec, NormalizationRuleSpec } from './dial-plan.js';
export type { TranslationRuleSpec } from './translation-rule.js';
export type { ObjectArrayName } from './registry.js';
import type { EmergencyAddressSpec } from './emergency-address.js';
import type { NotificationModeSpec } from './emergency-calling-policy.js';

/** A site's `emergency` block: every part optional (what is missing is a compliance finding). */
export interface SiteEmergencySpec {
  address?: Omit<
    EmergencyAddressSpec,
    'name' | 'country' | 'places' | 'subnets' | 'wirelessAccessPoints' | 'switches' | 'ports'
  > & {
    country?: string;
  };
  places?: EmergencyAddressSpec['places'];
  /** LIS subnets; with maskBits also subnets of the site's network site. */
  subnets?: (NonNullable<EmergencyAddressSpec['subnets']>[number] & { maskBits?: number })[];
  wirelessAccessPoints?: EmergencyAddressSpec['wirelessAccessPoints'];
  switches?: EmergencyAddressSpec['switches'];
  ports?: EmergencyAddressSpec['ports'];
  notify?: { group?: string[]; mode?: NotificationModeSpec; dialOutNumber?: string };
  externalLocationLookup?: boolean;
  networkRegion?: string;
  /** Who carries the caller's location to the PSAP for Direct Routing (declared; not sent to Teams). */
  routingProvider?: string;
  /** The digit(s) users dial for an outside line (`9`): the site's policy gets `9911`-style dial masks. */
  outsideLinePrefix?: string;
}

export interface CustomerSpec {
  name: string;
  tenantId: string;
  domain: string;
}

export interface NumberRangeSpec {
  from: string;
  to: string;
}

/** Policy names a site's users get unless they name their own (one per grant of kinds/grants.ts). */
export type GrantSpec = Partial<Record<keyof UserGrants, string>>;

export type SiteSpec = GrantSpec & {
  name: string;
  country: string;
  template?: string;
  params?: Record<string, string | number | boolean>;
  gateways?: string[];
  numberRanges?: NumberRangeSpec[];
  /** The site's emergency calling, expanded by render/site-emergency.ts into the kinds it stands for. */
  emergency?: SiteEmergencySpec;
};

export type PresentUserSpec = GrantSpec & {
  upn: string;
  phoneNumber: string;
  site?: string;
  phoneNumberType?: 'DirectRouting' | 'OperatorConnect';
  absent?: undefined;
};

/** Offboarding: the user's number and the grants Voiceform manages are removed. */
export interface AbsentUserSpec {
  upn: string;
  absent: true;
}

export type UserSpec = PresentUserSpec | AbsentUserSpec;

/** The users who should have a number and grants (not `absent`). */
export function presentUsers(spec: { users?: UserSpec[] }): PresentUserSpec[] {
  return (spec.users ?? []).filter((u): u is PresentUserSpec => u.absent !== true);
}

/** The spec; its arrays of tenant-wide objects come from the kinds registry. */
export type Spec = SpecObjectArrays & {
  $schema?: string;
  apiVersion: 'voiceform/v1';
  customer: CustomerSpec;
  prune?: boolean;
  /** Thresholds of `voiceform health`. */
  health?: HealthSpec;
  sites?: SiteSpec[];
  users?: UserSpec[];
  licensing?: { assign: boolean; sku: string };
};

/**
 * A spec after templates: sites carry no template; every object is explicit. `origins` tells, for
 * each element of each object array, where it came from (a JSON Pointer into the source spec,
 * plus the template for rendered ones) so that problems point at what the user wrote.
 */
export interface RenderedSpec {
  spec: Spec;
  origins: Record<ObjectArrayName, string[]>;
}

export interface HealthSpec {
  failureRateWarning?: number;
  failureRateCritical?: number;
  minCalls?: number;
  certificateWarningDays?: number;
  certificateCriticalDays?: number;
}
