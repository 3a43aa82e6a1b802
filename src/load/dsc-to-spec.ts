import { notificationModeSpec } from '../kinds/emergency-calling-policy.js';
import type { GatewaySpec, Spec, UserSpec } from '../kinds/spec-document.js';
import { bareName, identityKey } from '../kinds/identity.js';

/** One resource block of a Microsoft365DSC configuration, as data/m365dsc-read.ps1 reads it. */
export interface DscBlock {
  type: string;
  instance: string;
  properties: Record<string, unknown> | null;
  /** Keys whose value was not a constant (variables other than the authentication ones). */
  dropped: string[];
  error: string | null;
}

export interface DscImport {
  spec: Spec;
  /** Blocks not imported, each with why. */
  skipped: string[];
  warnings: string[];
}

type P = Record<string, unknown>;
const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : v === undefined || v === null || v === '' ? [] : [String(v)];
const opt = <T>(key: string, v: T | undefined): Record<string, T> => (v === undefined || v === '' ? {} : { [key]: v });

/** The grant properties of TeamsUserPolicyAssignment → the spec's user fields. */
const GRANT_PROPERTIES: Record<string, string> = {
  OnlineVoiceRoutingPolicy: 'voiceRoutingPolicy',
  TenantDialPlan: 'dialPlan',
  TeamsEmergencyCallRoutingPolicy: 'emergencyCallRoutingPolicy',
  TeamsEmergencyCallingPolicy: 'emergencyCallingPolicy',
  CallingLineIdentity: 'callingLineIdentity',
};

/**
 * A Microsoft365DSC configuration's voice resources as a spec (anchors-2026-12.md §5): keyed on
 * Identity/Usage, never the block name; usage order kept (it is routing semantics); blocks with
 * `Ensure = "Absent"` and resources Voiceform does not manage listed as skipped. DSC has no
 * gateway resource: the routes' SBCs come from `gateways`, else as `owned: false` placeholders,
 * named in a warning. Pure.
 */
export function dscToSpec(blocks: DscBlock[], customer: Spec['customer'], gateways: GatewaySpec[] = []): DscImport {
  const skipped: string[] = [];
  const warnings: string[] = [];
  const usages: string[] = [];
  const addUsage = (u: string) => {
    if (!usages.some((x) => identityKey(x) === identityKey(u))) usages.push(u);
  };
  const spec: Required<
    Pick<
      Spec,
      | 'translationRules'
      | 'voiceRoutes'
      | 'voiceRoutingPolicies'
      | 'dialPlans'
      | 'emergencyCallRoutingPolicies'
      | 'callingLineIdentities'
      | 'emergencyCallingPolicies'
      | 'trustedIps'
      | 'networkRegions'
      | 'networkSites'
      | 'networkSubnets'
    >
  > = {
    translationRules: [],
    voiceRoutes: [],
    voiceRoutingPolicies: [],
    dialPlans: [],
    emergencyCallRoutingPolicies: [],
    callingLineIdentities: [],
    emergencyCallingPolicies: [],
    trustedIps: [],
    networkRegions: [],
    networkSites: [],
    networkSubnets: [],
  };
  const users = new Map<string, Record<string, string>>();
  const user = (upn: string) => {
    const key = identityKey(upn);
    if (!users.has(key)) users.set(key, { upn });
    return users.get(key)!;
  };
  for (const b of blocks) {
    const at = `${b.type} "${b.instance}"`;
    if (b.error || !b.properties) {
      warnings.push(`${at} could not be read: ${b.error ?? 'no properties'}`);
      continue;
    }
    const p = b.properties;
    if (String(p.Ensure ?? 'Present').toLowerCase() === 'absent') {
      skipped.push(`${at}: Ensure = "Absent"`);
      continue;
    }
    if (b.dropped.length > 0) warnings.push(`${at}: ${b.dropped.join(', ')} not constant (a variable), left out`);
    switch (b.type) {
      case 'TeamsPstnUsage':
        list(p.Usage).forEach(addUsage);
        break;
      case 'TeamsTranslationRule':
        spec.translationRules.push({
          name: bareName(p.Identity),
          pattern: String(p.Pattern ?? ''),
          translation: String(p.Translation ?? ''),
          ...opt('description', str(p.Description)),
        });
        break;
      case 'TeamsVoiceRoute':
        list(p.OnlinePstnUsages).forEach(addUsage);
        spec.voiceRoutes.push({
          name: bareName(p.Identity),
          numberPattern: String(p.NumberPattern ?? ''),
          ...(p.Priority === undefined ? {} : { priority: Number(p.Priority) }),
          gateways: list(p.OnlinePstnGatewayList),
          pstnUsages: list(p.OnlinePstnUsages),
          ...opt('description', str(p.Description)),
        });
        break;
      case 'TeamsOnlineVoiceRoutingPolicy':
      case 'TeamsVoiceRoutingPolicy':
        list(p.OnlinePstnUsages).forEach(addUsage);
        spec.voiceRoutingPolicies.push({
          name: bareName(p.Identity),
          pstnUsages: list(p.OnlinePstnUsages),
          ...opt('description', str(p.Description)),
        });
        break;
      case 'TeamsTenantDialPlan':
        spec.dialPlans.push({
          name: bareName(p.Identity),
          ...opt('description', str(p.Description)),
          normalizationRules: (Array.isArray(p.NormalizationRules) ? (p.NormalizationRules as P[]) : [])
            .slice()
            .sort((a, b) => Number(a.Priority ?? 0) - Number(b.Priority ?? 0))
            .map((r) => ({
              name: bareName(r.Identity ?? r.Name).replace(/^.*\//, ''),
              pattern: String(r.Pattern ?? ''),
              translation: String(r.Translation ?? ''),
              ...opt('description', str(r.Description)),
              ...(r.IsInternalExtension === true ? { isInternalExtension: true } : {}),
            })),
        });
        break;
      case 'TeamsEmergencyCallRoutingPolicy':
        spec.emergencyCallRoutingPolicies.push({
          name: bareName(p.Identity),
          ...opt('description', str(p.Description)),
          ...(p.AllowEnhancedEmergencyServices === true ? { allowEnhancedEmergencyServices: true } : {}),
          emergencyNumbers: (Array.isArray(p.EmergencyNumbers) ? (p.EmergencyNumbers as P[]) : []).map((n) => {
            addUsage(String(n.OnlinePSTNUsage ?? ''));
            return {
              dialString: String(n.EmergencyDialString ?? ''),
              ...opt('dialMask', str(n.EmergencyDialMask)),
              pstnUsage: String(n.OnlinePSTNUsage ?? ''),
            };
          }),
        });
        break;
      case 'TeamsCallingLineIdentity': {
        const substitute = str(p.CallingIDSubstitute);
        spec.callingLineIdentities.push({
          name: bareName(p.Identity),
          ...opt('description', str(p.Description)),
          ...(substitute && substitute !== 'LineUri'
            ? { callingIdSubstitute: substitute as 'Anonymous' | 'Resource' }
            : {}),
          ...opt('resourceAccount', str(p.ResourceAccount)),
          ...opt('companyName', str(p.CompanyName)),
          ...(p.EnableUserOverride === true ? { enableUserOverride: true } : {}),
          ...(p.BlockIncomingPstnCallerID === true ? { blockIncomingPstnCallerId: true } : {}),
        });
        break;
      }
      // MSFT_TeamsEmergencyCallingPolicy and MSFT_TeamsTenant{TrustedIPAddress,NetworkRegion,NetworkSite,NetworkSubnet}.schema.mof.
      case 'TeamsEmergencyCallingPolicy': {
        const spelled = notificationModeSpec(str(p.NotificationMode));
        const group = (str(p.NotificationGroup) ?? '')
          .split(';')
          .map((a) => a.trim())
          .filter(Boolean);
        spec.emergencyCallingPolicies.push({
          name: bareName(p.Identity),
          ...opt('description', str(p.Description)),
          ...(group.length ? { notificationGroup: group } : {}),
          ...(spelled ? { notificationMode: spelled } : {}),
          ...opt('notificationDialOutNumber', str(p.NotificationDialOutNumber)),
          ...(str(p.ExternalLocationLookupMode)?.toLowerCase() === 'enabled' ? { externalLocationLookup: true } : {}),
        });
        break;
      }
      case 'TeamsTenantTrustedIPAddress':
        spec.trustedIps.push({
          address: String(p.Identity ?? ''),
          ...(p.MaskBits === undefined ? {} : { maskBits: Number(p.MaskBits) }),
          ...opt('description', str(p.Description)),
        });
        break;
      case 'TeamsTenantNetworkRegion':
        spec.networkRegions.push({ name: String(p.Identity ?? ''), ...opt('description', str(p.Description)) });
        break;
      case 'TeamsTenantNetworkSite':
        spec.networkSites.push({
          name: String(p.Identity ?? ''),
          ...opt('description', str(p.Description)),
          ...opt('networkRegion', str(p.NetworkRegionID)),
          ...opt('emergencyCallingPolicy', str(p.EmergencyCallingPolicy) && bareName(p.EmergencyCallingPolicy)),
          ...opt(
            'emergencyCallRoutingPolicy',
            str(p.EmergencyCallRoutingPolicy) && bareName(p.EmergencyCallRoutingPolicy),
          ),
        });
        break;
      case 'TeamsTenantNetworkSubnet':
        spec.networkSubnets.push({
          subnet: String(p.Identity ?? ''),
          maskBits: Number(p.MaskBits ?? 0),
          ...opt('networkSite', str(p.NetworkSiteID)),
          ...opt('description', str(p.Description)),
        });
        break;
      case 'TeamsUserPolicyAssignment': {
        const u = user(String(p.User ?? ''));
        for (const [property, field] of Object.entries(GRANT_PROPERTIES)) {
          const name = str(p[property]);
          if (name) u[field] = bareName(name);
        }
        break;
      }
      case 'TeamsOnlineVoiceUser': {
        const number = str(p.TelephoneNumber);
        if (number) user(String(p.Identity ?? '')).phoneNumber = number.startsWith('+') ? number : `+${number}`;
        break;
      }
      default:
        skipped.push(`${at}: ${b.type} is not a resource Voiceform manages`);
    }
  }
  // Every SBC a route names: the given entry, else a placeholder that stays the tenant's.
  const byFqdn = new Map(gateways.map((g) => [identityKey(g.fqdn), g]));
  const fqdns = [...new Map(spec.voiceRoutes.flatMap((r) => r.gateways).map((f) => [identityKey(f), f])).values()];
  const placeholders = fqdns.filter((f) => !byFqdn.has(identityKey(f)));
  if (placeholders.length > 0)
    warnings.push(
      `DSC has no gateway resource: ${placeholders.join(', ')} written as owned: false placeholders (port 5061); give them with --gateways FILE`,
    );
  const specUsers: UserSpec[] = [];
  for (const u of users.values()) {
    if (!u.phoneNumber) {
      warnings.push(`${u.upn} has policies but no TelephoneNumber (TeamsOnlineVoiceUser): not imported`);
      continue;
    }
    specUsers.push(u as unknown as UserSpec);
  }
  const drop = <T>(xs: T[]) => (xs.length > 0 ? xs : undefined);
  return {
    spec: {
      apiVersion: 'voiceform/v1',
      customer,
      prune: false,
      gateways: drop([
        ...fqdns.flatMap((f) => byFqdn.get(identityKey(f)) ?? []),
        ...gateways.filter((g) => !fqdns.some((f) => identityKey(f) === identityKey(g.fqdn))),
        ...placeholders.map((fqdn) => ({ fqdn, sipSignalingPort: 5061, owned: false })),
      ]),
      translationRules: drop(spec.translationRules),
      pstnUsages: drop(usages.filter(Boolean)),
      voiceRoutes: drop(spec.voiceRoutes),
      voiceRoutingPolicies: drop(spec.voiceRoutingPolicies),
      dialPlans: drop(spec.dialPlans),
      emergencyCallRoutingPolicies: drop(spec.emergencyCallRoutingPolicies),
      callingLineIdentities: drop(spec.callingLineIdentities),
      emergencyCallingPolicies: drop(spec.emergencyCallingPolicies),
      trustedIps: drop(spec.trustedIps),
      networkRegions: drop(spec.networkRegions),
      networkSites: drop(spec.networkSites),
      networkSubnets: drop(spec.networkSubnets),
      users: drop(specUsers),
    } as Spec,
    skipped,
    warnings,
  };
}
