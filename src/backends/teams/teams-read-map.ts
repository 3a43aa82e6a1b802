import type { CurrentState, DialPlan, PhoneNumberType, PstnGateway, TenantVoiceState, TranslationRule, VoiceRoute, VoiceRoutingPolicy } from '../../model/tenant-state.js';

type Raw = Record<string, unknown>;

const s = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === null || v === undefined || v === '' ? [] : [String(v)]);
/** `Tag:Name` → `Name`; `Global` stays. */
export const bareName = (identity: unknown): string => s(identity).replace(/^tag:/i, '');

/** Cmdlet output objects → the model (pure). */
export const fromTeams = {
  gateway: (g: Raw): PstnGateway => ({
    fqdn: s(g.Fqdn || g.Identity),
    sipSignalingPort: Number(g.SipSignalingPort),
    maxConcurrentSessions: g.MaxConcurrentSessions === null || g.MaxConcurrentSessions === undefined ? null : Number(g.MaxConcurrentSessions),
    enabled: Boolean(g.Enabled),
    mediaBypass: Boolean(g.MediaBypass),
    failoverTimeSeconds: Number(g.FailoverTimeSeconds ?? 10),
    failoverResponseCodes: s(g.FailoverResponseCodes).replace(/\s+/g, ''),
    forwardPai: Boolean(g.ForwardPai),
    forwardCallHistory: Boolean(g.ForwardCallHistory),
    sendSipOptions: Boolean(g.SendSipOptions),
    description: s(g.Description),
    inboundTeamsNumberTranslationRules: list(g.InboundTeamsNumberTranslationRules),
    inboundPstnNumberTranslationRules: list(g.InboundPstnNumberTranslationRules),
    outboundTeamsNumberTranslationRules: list(g.OutboundTeamsNumberTranslationRules),
    outboundPstnNumberTranslationRules: list(g.OutboundPstnNumberTranslationRules),
  }),
  route: (r: Raw): VoiceRoute => ({
    name: s(r.Name || r.Identity),
    numberPattern: s(r.NumberPattern),
    priority: Number(r.Priority ?? 0),
    gateways: list(r.OnlinePstnGatewayList),
    pstnUsages: list(r.OnlinePstnUsages),
    description: s(r.Description),
  }),
  policy: (p: Raw): VoiceRoutingPolicy => ({ name: bareName(p.Identity), pstnUsages: list(p.OnlinePstnUsages), description: s(p.Description) }),
  dialPlan: (d: Raw): DialPlan => ({
    name: bareName(d.Identity),
    description: s(d.Description),
    normalizationRules: (Array.isArray(d.NormalizationRules) ? (d.NormalizationRules as Raw[]) : [])
      .slice()
      .sort((a, b) => Number(a.Priority ?? 0) - Number(b.Priority ?? 0))
      .map((r) => ({ name: s(r.Name), pattern: s(r.Pattern), translation: s(r.Translation), description: s(r.Description), isInternalExtension: Boolean(r.IsInternalExtension) })),
  }),
  translationRule: (t: Raw): TranslationRule => ({ name: s(t.Name || t.Identity), pattern: s(t.Pattern), translation: s(t.Translation), description: s(t.Description) }),
};

export interface TeamsReadOutputs {
  tenant: Raw;
  gateways: Raw[];
  usages: Raw[];
  routes: Raw[];
  policies: Raw[];
  dialPlans: Raw[];
  translationRules: Raw[];
  numbers: Raw[];
  /** Get-CsOnlineUser per scope user: the object, or null when not found. */
  users: { upn: string; user: Raw | null }[];
}

/** The whole read, from cmdlet outputs to CurrentState (pure). */
export function buildCurrentState(o: TeamsReadOutputs): CurrentState {
  const typeOf = new Map(o.numbers.map((n) => [s(n.TelephoneNumber), s(n.NumberType) as PhoneNumberType]));
  const upnOfId = new Map(o.users.filter((u) => u.user).map((u) => [s(u.user!.Identity), s(u.user!.UserPrincipalName)]));
  const voice: TenantVoiceState = {
    translationRules: o.translationRules.map(fromTeams.translationRule),
    gateways: o.gateways.map(fromTeams.gateway),
    pstnUsages: list(o.usages[0]?.Usage).map((name) => ({ name })),
    voiceRoutes: o.routes.map(fromTeams.route),
    voiceRoutingPolicies: o.policies.map(fromTeams.policy),
    dialPlans: o.dialPlans.map(fromTeams.dialPlan),
    // Licences and usage locations come from Graph (filled in by the backend).
    userLicenses: [],
    userNumbers: [],
    userPolicies: [],
  };
  for (const { user } of o.users) {
    if (!user) continue;
    const upn = s(user.UserPrincipalName);
    const number = s(user.LineUri).replace(/^tel:/i, '');
    if (number) voice.userNumbers.push({ upn, phoneNumber: number, phoneNumberType: typeOf.get(number) ?? 'DirectRouting' });
    const vrp = bareName(user.OnlineVoiceRoutingPolicy) || null;
    const dp = bareName(user.TenantDialPlan) || null;
    if (vrp || dp) voice.userPolicies.push({ upn, voiceRoutingPolicy: vrp, dialPlan: dp });
  }
  return {
    tenantId: s(o.tenant.TenantId),
    voice,
    directory: {
      users: o.users.map(({ upn, user }) =>
        user
          ? { upn: s(user.UserPrincipalName), exists: true, enabled: Boolean(user.AccountEnabled), usageLocation: s(user.UsageLocation) || null, hasTeamsPhone: list(user.FeatureTypes).includes('PhoneSystem') }
          : { upn, exists: false, enabled: false, usageLocation: null, hasTeamsPhone: false },
      ),
      verifiedDomains: (Array.isArray(o.tenant.VerifiedDomains) ? (o.tenant.VerifiedDomains as Raw[]) : []).filter((d) => s(d.Status) === 'Enabled').map((d) => s(d.Name)),
      skus: [],
      operatorConnectNumbers: o.numbers.filter((n) => s(n.NumberType) === 'OperatorConnect').map((n) => s(n.TelephoneNumber)),
      assignedNumbers: o.numbers.filter((n) => n.AssignedPstnTargetId).map((n) => ({ phoneNumber: s(n.TelephoneNumber), upn: upnOfId.get(s(n.AssignedPstnTargetId)) ?? s(n.AssignedPstnTargetId) })),
    },
  };
}
