/** How one check came out: `not-applicable` where the country's law or Teams' feature does not apply. */
export type CheckStatus = 'pass' | 'fail' | 'warning' | 'not-applicable';

/** One check of a site or user: its rule, what was found, the legal or Microsoft source, and the fix. */
export interface ComplianceCheck {
  id: CheckId;
  status: CheckStatus;
  message: string;
  source: string;
  fix?: string;
}

export type CheckId =
  | 'direct-dial'
  | 'outside-line'
  | 'coverage'
  | 'notification'
  | 'civic-address'
  | 'place'
  | 'lis-subnets'
  | 'trusted-ips'
  | 'pidflo'
  | 'location-delivery'
  | 'test-call';

/** `voiceform compliance --format json`: per site and per user, with the counts. */
export interface ComplianceReport {
  /** The `--country` the report is limited to, or null (every site's own country). */
  country: string | null;
  /** `spec`: the spec's desired state; `tenant`: what the tenant holds for the spec's sites and users. */
  evaluated: 'spec' | 'tenant';
  sites: { name: string; country: string; checks: ComplianceCheck[] }[];
  users: { upn: string; site: string | null; checks: ComplianceCheck[] }[];
  summary: { pass: number; fail: number; warning: number; notApplicable: number };
}

/** Where each check's rule comes from (law first, then Microsoft's page that maps it onto Teams). */
export const SOURCES: Record<CheckId, string> = {
  'direct-dial':
    "Kari's Law, 47 U.S.C. § 623 and 47 CFR § 9.16(b)(1) (no prefix); Microsoft: what-are-emergency-locations-addresses-and-call-routing (Direct Routing: emergency numbers, routes without '+')",
  'outside-line':
    '47 CFR § 9.16(b)(1) (911 dialable with or without the outside-line prefix); Microsoft: New-CsTeamsEmergencyNumber -EmergencyDialMask',
  coverage:
    'Microsoft: what-are-emergency-locations-addresses-and-call-routing (a user with no emergency call routing policy from the network site or the user is not enabled for emergency calling)',
  notification:
    "Kari's Law, 47 CFR § 9.16(b)(2) (notify a central point when 911 is dialled); Microsoft: manage-emergency-calling-policies",
  'civic-address':
    "RAY BAUM's Act § 506, 47 CFR § 9.16(b)(3) (dispatchable location); Microsoft: add-change-remove-emergency-location-organization",
  place:
    "RAY BAUM's Act § 506 (dispatchable location: the floor or room); Microsoft: emergency-calling-dispatchable-location",
  'lis-subnets':
    'Microsoft: configure-dynamic-emergency-calling (subnets of network sites must also be defined in the LIS)',
  'trusted-ips': 'Microsoft: configure-dynamic-emergency-calling (dynamic location needs the trusted IP addresses)',
  pidflo:
    'Microsoft: configure-dynamic-emergency-calling (Direct Routing: PidfloSupported on the SBC that sends emergency calls)',
  'location-delivery':
    'Microsoft: configure-dynamic-emergency-calling (Direct Routing: an emergency routing service provider, or an ELIN application on the SBC)',
  'test-call': 'Microsoft: configure-dynamic-emergency-calling (test calls to 933 in the United States)',
};
