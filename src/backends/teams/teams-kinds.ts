import { TRANSLATION_LISTS, type PstnGateway } from '../../kinds/gateway.js';
import type { CallingIdSubstitute } from '../../kinds/calling-line-identity.js';
import type { DialPlan } from '../../kinds/dial-plan.js';
import type { EmergencyCallRoutingPolicy } from '../../kinds/emergency-call-routing-policy.js';
import type { ModelOf, TenantKind, UserKind } from '../../kinds/registry.js';
import type { Change, ChangeOf } from '../../plan/plan-types.js';
import type { PwshCall } from './pwsh-session.js';

type Raw = Record<string, unknown>;

const s = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
export const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === null || v === undefined || v === '' ? [] : [String(v)]);
/** `Tag:Name` → `Name`; `Global` stays. */
export const bareName = (identity: unknown): string => s(identity).replace(/^tag:/i, '');
const pascal = (x: string): string => x.charAt(0).toUpperCase() + x.slice(1);

/** How one tenant-wide kind maps to the MicrosoftTeams module (teams-cmdlets.md). */
export interface TeamsTenantKind<K extends TenantKind> {
  /** `CsOnlineVoiceRoute`: Get-/New-/Set-/Remove-CsOnlineVoiceRoute. */
  noun: string;
  /** The Get's output rows → the model. */
  fromRows(rows: Raw[]): ModelOf<K>[];
  /** The cmdlet calls that carry out one change (Remove-* never takes -Confirm). Pure. */
  calls(change: ChangeOf<K>): PwshCall[];
}

/** Per-user kinds are read from user objects (Get-CsOnlineUser or Graph) and written on their own paths. */
export interface TeamsUserKind {
  channel: 'graph' | 'user-cmdlets' | 'grants';
}

/** Only attributes the diff names (Set-* changes only what it is given). */
function changed(change: Change, attribute: string): boolean {
  return change.action !== 'update' || change.diff.some((d) => d.attribute === attribute);
}

/**
 * A New-* call without the parameters that have no value: the module's parameters are typed
 * (`-MaxConcurrentSessions` is an Int32), and PowerShell binds $null to an Int32 as 0.
 */
function withoutNulls(call: PwshCall): PwshCall {
  return { ...call, params: Object.fromEntries(Object.entries(call.params ?? {}).filter(([, v]) => v !== null && v !== undefined)) };
}

/** New-/Set-/Remove- as the action says (a replace removes, then creates). */
function crud<K extends TenantKind>(change: ChangeOf<K>, remove: () => PwshCall, create: (o: ModelOf<K>) => PwshCall, set: (o: ModelOf<K>) => PwshCall): PwshCall[] {
  if (change.action === 'delete') return [remove()];
  if (change.action === 'create') return [withoutNulls(create(change.after!))];
  if (change.action === 'update') return [set(change.after!)];
  return [remove(), withoutNulls(create(change.after!))];
}

const GATEWAY_PARAMS = ['sipSignalingPort', 'enabled', 'description', 'sendSipOptions', 'forwardCallHistory', 'forwardPai', 'failoverResponseCodes', 'failoverTimeSeconds', 'maxConcurrentSessions', 'mediaBypass', ...TRANSLATION_LISTS] as const;

function gatewayParams(g: PstnGateway, change: Change): Raw {
  return Object.fromEntries(GATEWAY_PARAMS.filter((f) => changed(change, f)).map((f) => [pascal(f), g[f]]));
}

const rulesInMemory = (d: DialPlan): PwshCall['inMemory'] => ({
  param: 'NormalizationRules',
  calls: d.normalizationRules.map((r) => ({
    cmdlet: 'New-CsVoiceNormalizationRule',
    params: { Parent: d.name, Name: r.name, Pattern: r.pattern, Translation: r.translation, Description: r.description, IsInternalExtension: r.isInternalExtension },
  })),
});

// A plain list of New-CsTeamsEmergencyNumber objects replaces the numbers (@{add=} on New would append to Global's).
const numbersInMemory = (p: EmergencyCallRoutingPolicy): PwshCall['inMemory'] => ({
  param: 'EmergencyNumbers',
  calls: p.emergencyNumbers.map((n) => ({
    cmdlet: 'New-CsTeamsEmergencyNumber',
    params: { EmergencyDialString: n.dialString, OnlinePSTNUsage: n.pstnUsage, ...(n.dialMask ? { EmergencyDialMask: n.dialMask } : {}) },
  })),
});

/** Every kind's Teams adapter: a kind without one does not compile. */
export const TEAMS_KINDS = {
  translationRule: {
    noun: 'CsTeamsTranslationRule',
    fromRows: (rows) => rows.map((t) => ({ name: s(t.Name || t.Identity), pattern: s(t.Pattern), translation: s(t.Translation), description: s(t.Description) })),
    calls: (c) =>
      crud(
        c,
        () => ({ cmdlet: 'Remove-CsTeamsTranslationRule', params: { Identity: c.name } }),
        (t) => ({ cmdlet: 'New-CsTeamsTranslationRule', params: { Identity: t.name, Pattern: t.pattern, Translation: t.translation, Description: t.description } }),
        (t) => ({ cmdlet: 'Set-CsTeamsTranslationRule', params: { Identity: c.name, Pattern: t.pattern, Translation: t.translation, Description: t.description } }),
      ),
  },
  gateway: {
    noun: 'CsOnlinePSTNGateway',
    fromRows: (rows) =>
      rows.map((g) => ({
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
      })),
    calls: (c) =>
      crud(
        c,
        () => ({ cmdlet: 'Remove-CsOnlinePSTNGateway', params: { Identity: c.name } }),
        (g) => ({ cmdlet: 'New-CsOnlinePSTNGateway', params: { Fqdn: g.fqdn, ...gatewayParams(g, c) } }),
        (g) => ({ cmdlet: 'Set-CsOnlinePSTNGateway', params: { Identity: c.name, ...gatewayParams(g, c) } }),
      ),
  },
  pstnUsage: {
    noun: 'CsOnlinePstnUsage',
    // One Global list: Get returns {Identity: Global, Usage: [...]}; edits are @{Add} / @{Remove}.
    fromRows: (rows) => list(rows[0]?.Usage).map((name) => ({ name })),
    calls: (c) =>
      crud(
        c,
        () => ({ cmdlet: 'Set-CsOnlinePstnUsage', params: { Identity: 'Global', Usage: { Remove: [c.name] } } }),
        (u) => ({ cmdlet: 'Set-CsOnlinePstnUsage', params: { Identity: 'Global', Usage: { Add: [u.name] } } }),
        (u) => ({ cmdlet: 'Set-CsOnlinePstnUsage', params: { Identity: 'Global', Usage: { Add: [u.name] } } }),
      ),
  },
  voiceRoute: {
    noun: 'CsOnlineVoiceRoute',
    fromRows: (rows) =>
      rows.map((r) => ({ name: s(r.Name || r.Identity), numberPattern: s(r.NumberPattern), priority: Number(r.Priority ?? 0), gateways: list(r.OnlinePstnGatewayList), pstnUsages: list(r.OnlinePstnUsages), description: s(r.Description) })),
    calls: (c) =>
      crud(
        c,
        () => ({ cmdlet: 'Remove-CsOnlineVoiceRoute', params: { Identity: c.name } }),
        (r) => ({ cmdlet: 'New-CsOnlineVoiceRoute', params: { Identity: r.name, NumberPattern: r.numberPattern, Priority: r.priority, OnlinePstnGatewayList: r.gateways, OnlinePstnUsages: r.pstnUsages, Description: r.description } }),
        (r) => ({
          cmdlet: 'Set-CsOnlineVoiceRoute',
          params: {
            Identity: c.name,
            ...(changed(c, 'numberPattern') ? { NumberPattern: r.numberPattern } : {}),
            ...(changed(c, 'priority') ? { Priority: r.priority } : {}),
            ...(changed(c, 'description') ? { Description: r.description } : {}),
            ...(changed(c, 'gateways') ? { OnlinePstnGatewayList: { Replace: r.gateways } } : {}),
            ...(changed(c, 'pstnUsages') ? { OnlinePstnUsages: { Replace: r.pstnUsages } } : {}),
          },
        }),
      ),
  },
  voiceRoutingPolicy: {
    noun: 'CsOnlineVoiceRoutingPolicy',
    fromRows: (rows) => rows.map((p) => ({ name: bareName(p.Identity), pstnUsages: list(p.OnlinePstnUsages), description: s(p.Description) })),
    calls: (c) =>
      crud(
        c,
        () => ({ cmdlet: 'Remove-CsOnlineVoiceRoutingPolicy', params: { Identity: c.name } }),
        (p) => ({ cmdlet: 'New-CsOnlineVoiceRoutingPolicy', params: { Identity: p.name, OnlinePstnUsages: p.pstnUsages, Description: p.description } }),
        (p) => ({ cmdlet: 'Set-CsOnlineVoiceRoutingPolicy', params: { Identity: c.name, OnlinePstnUsages: { Replace: p.pstnUsages }, Description: p.description } }),
      ),
  },
  dialPlan: {
    noun: 'CsTenantDialPlan',
    fromRows: (rows) =>
      rows.map((d) => ({
        name: bareName(d.Identity),
        description: s(d.Description),
        normalizationRules: (Array.isArray(d.NormalizationRules) ? (d.NormalizationRules as Raw[]) : [])
          .slice()
          .sort((a, b) => Number(a.Priority ?? 0) - Number(b.Priority ?? 0))
          .map((r) => ({ name: s(r.Name), pattern: s(r.Pattern), translation: s(r.Translation), description: s(r.Description), isInternalExtension: Boolean(r.IsInternalExtension) })),
      })),
    calls: (c) =>
      crud(
        c,
        () => ({ cmdlet: 'Remove-CsTenantDialPlan', params: { Identity: c.name } }),
        (d) => ({ cmdlet: 'New-CsTenantDialPlan', params: { Identity: d.name, Description: d.description }, inMemory: rulesInMemory(d) }),
        // Set-CsVoiceNormalizationRule is broken by design: rewrite the whole rule list instead.
        (d) => ({ cmdlet: 'Set-CsTenantDialPlan', params: { Identity: c.name, Description: d.description }, inMemory: rulesInMemory(d) }),
      ),
  },
  emergencyCallRoutingPolicy: {
    noun: 'CsTeamsEmergencyCallRoutingPolicy',
    fromRows: (rows) =>
      rows.map((p) => ({
        name: bareName(p.Identity),
        description: s(p.Description),
        allowEnhancedEmergencyServices: Boolean(p.AllowEnhancedEmergencyServices),
        emergencyNumbers: (Array.isArray(p.EmergencyNumbers) ? (p.EmergencyNumbers as Raw[]) : []).map((n) => ({ dialString: s(n.EmergencyDialString), dialMask: s(n.EmergencyDialMask), pstnUsage: s(n.OnlinePSTNUsage) })),
      })),
    calls: (c) =>
      crud(
        c,
        () => ({ cmdlet: 'Remove-CsTeamsEmergencyCallRoutingPolicy', params: { Identity: c.name } }),
        (p) => ({ cmdlet: 'New-CsTeamsEmergencyCallRoutingPolicy', params: { Identity: p.name, Description: p.description, AllowEnhancedEmergencyServices: p.allowEnhancedEmergencyServices }, inMemory: numbersInMemory(p) }),
        (p) => ({ cmdlet: 'Set-CsTeamsEmergencyCallRoutingPolicy', params: { Identity: c.name, Description: p.description, AllowEnhancedEmergencyServices: p.allowEnhancedEmergencyServices }, inMemory: numbersInMemory(p) }),
      ),
  },
  callingLineIdentity: {
    noun: 'CsCallingLineIdentity',
    // A resource account only means something with the Resource substitute (and Set cannot clear it: it is a Guid).
    fromRows: (rows) =>
      rows.map((x) => {
        const substitute = (s(x.CallingIDSubstitute) || 'LineUri') as CallingIdSubstitute;
        return {
          name: bareName(x.Identity),
          description: s(x.Description),
          callingIdSubstitute: substitute,
          resourceAccount: substitute === 'Resource' ? s(x.ResourceAccount) || null : null,
          companyName: s(x.CompanyName),
          enableUserOverride: Boolean(x.EnableUserOverride),
          blockIncomingPstnCallerId: Boolean(x.BlockIncomingPstnCallerID),
        };
      }),
    calls: (c) => {
      const params = (x: ModelOf<'callingLineIdentity'>): Raw => ({
        Description: x.description,
        CallingIDSubstitute: x.callingIdSubstitute,
        EnableUserOverride: x.enableUserOverride,
        BlockIncomingPstnCallerID: x.blockIncomingPstnCallerId,
        // Never $null on New-* or a Guid: only what has a value.
        ...(x.companyName ? { CompanyName: x.companyName } : {}),
        ...(x.resourceAccount ? { ResourceAccount: x.resourceAccount } : {}),
      });
      return crud(
        c,
        () => ({ cmdlet: 'Remove-CsCallingLineIdentity', params: { Identity: c.name } }),
        (x) => ({ cmdlet: 'New-CsCallingLineIdentity', params: { Identity: x.name, ...params(x) } }),
        (x) => ({ cmdlet: 'Set-CsCallingLineIdentity', params: { Identity: c.name, ...params(x) } }),
      );
    },
  },
  userLicense: { channel: 'graph' },
  userNumber: { channel: 'user-cmdlets' },
  userPolicy: { channel: 'grants' },
} satisfies { [K in TenantKind]: TeamsTenantKind<K> } & { [K in UserKind]: TeamsUserKind };

/** A tenant-wide kind's adapter, typed for generic code. */
export function teamsKind<K extends TenantKind>(kind: K): TeamsTenantKind<K> {
  return TEAMS_KINDS[kind] as unknown as TeamsTenantKind<K>;
}
