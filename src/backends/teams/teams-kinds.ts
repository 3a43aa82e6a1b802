import type { CallingIdSubstitute } from '../../kinds/calling-line-identity.js';
import type { DialPlan } from '../../kinds/dial-plan.js';
import type { ModelOf, TenantKind, UserKind } from '../../kinds/registry.js';
import { InternalError } from '../../errors.js';
import type { ChangeOf } from '../../plan/plan-types.js';
import type { PwshCall } from './pwsh-session.js';
import { bareName, list, newCall, rowsToModel, setCall, text, type FieldTable, type Raw } from './teams-fields.js';

/** How one tenant-wide kind maps to the MicrosoftTeams module (teams-cmdlets.md). */
export interface TeamsTenantKind<K extends TenantKind> {
  /** `CsOnlineVoiceRoute`: Get-/New-/Set-/Remove-CsOnlineVoiceRoute. */
  noun: string;
  /** The Get's output rows → the model. */
  fromRows(rows: Raw[]): ModelOf<K>[];
  /** The cmdlet calls that carry out one change (Remove-* never takes -Confirm). Pure. */
  calls(change: ChangeOf<K>): PwshCall[];
  /**
   * A cmdlet of 2025 that older modules and some clouds lack: a Get that fails reads as no object
   * (the plan then refuses to manage it, preflight.ts) instead of failing the whole read.
   */
  optional?: true;
  /**
   * Read and written by teams-lis.ts: the Location Information Service names addresses and places
   * by generated ids, which are looked up by the names Voiceform gives them.
   */
  lis?: true;
  /**
   * Read and written by teams-voice-apps.ts (object ids to look up, Graph beside PowerShell), not
   * by this adapter's Get and calls.
   */
  voiceApp?: true;
}

/** Per-user kinds are read from user objects (Get-CsOnlineUser or Graph) and written on their own paths. */
export interface TeamsUserKind {
  channel: 'graph' | 'user-cmdlets' | 'grants';
}

/** New-/Set-/Remove- as the action says (a replace removes, then creates). */
function crud<K extends TenantKind>(change: ChangeOf<K>, noun: string, table: FieldTable<K>): PwshCall[] {
  const remove = (): PwshCall => ({ cmdlet: `Remove-${noun}`, params: { Identity: change.name } });
  if (change.action === 'delete') return [remove()];
  if (change.action === 'create') return [newCall(`New-${noun}`, table, change.after!)];
  if (change.action === 'update') return [setCall(`Set-${noun}`, table, change)];
  return [remove(), newCall(`New-${noun}`, table, change.after!)];
}

/** A kind whose objects are Get-/New-/Set-/Remove-<noun>, field by field from its table. */
function objectKind<K extends TenantKind>(noun: string, table: FieldTable<K>): TeamsTenantKind<K> {
  return { noun, fromRows: (rows) => rowsToModel(table, rows), calls: (c) => crud(c, noun, table) };
}

const str = (param: string) => ({ param });
const flag = (param: string) => ({ param, read: (r: Raw) => Boolean(r[param]) });
const strings = (param: string) => ({ param, read: (r: Raw) => list(r[param]) });
/** Ordered lists Set- replaces whole (`@{Replace=…}`): Add/Remove would keep the old order. */
const replaced = (param: string) => ({ ...strings(param), setValue: (v: string[]) => ({ Replace: v }) });
const policyName = { identity: true, param: 'Identity', read: (r: Raw) => bareName(r.Identity) } as const;

const TRANSLATION_RULE: FieldTable<'translationRule'> = {
  name: { identity: true, param: 'Identity', read: (t) => text(t.Name || t.Identity) },
  pattern: str('Pattern'),
  translation: str('Translation'),
  description: str('Description'),
};

const GATEWAY: FieldTable<'gateway'> = {
  fqdn: { identity: true, param: 'Fqdn', read: (g) => text(g.Fqdn || g.Identity) },
  sipSignalingPort: { param: 'SipSignalingPort', read: (g) => Number(g.SipSignalingPort) },
  maxConcurrentSessions: {
    param: 'MaxConcurrentSessions',
    read: (g) =>
      g.MaxConcurrentSessions === null || g.MaxConcurrentSessions === undefined
        ? null
        : Number(g.MaxConcurrentSessions),
  },
  enabled: flag('Enabled'),
  mediaBypass: flag('MediaBypass'),
  failoverTimeSeconds: { param: 'FailoverTimeSeconds', read: (g) => Number(g.FailoverTimeSeconds ?? 10) },
  failoverResponseCodes: {
    param: 'FailoverResponseCodes',
    read: (g) => text(g.FailoverResponseCodes).replace(/\s+/g, ''),
  },
  forwardPai: flag('ForwardPai'),
  forwardCallHistory: flag('ForwardCallHistory'),
  sendSipOptions: flag('SendSipOptions'),
  // The SYNTAX's spelling, which the module declares (its PARAMETERS heading says PidfloSupported).
  pidfloSupported: flag('PidfLoSupported'),
  description: str('Description'),
  inboundTeamsNumberTranslationRules: strings('InboundTeamsNumberTranslationRules'),
  inboundPstnNumberTranslationRules: strings('InboundPstnNumberTranslationRules'),
  outboundTeamsNumberTranslationRules: strings('OutboundTeamsNumberTranslationRules'),
  outboundPstnNumberTranslationRules: strings('OutboundPstnNumberTranslationRules'),
};

const VOICE_ROUTE: FieldTable<'voiceRoute'> = {
  name: { identity: true, param: 'Identity', read: (r) => text(r.Name || r.Identity) },
  numberPattern: str('NumberPattern'),
  priority: { param: 'Priority', read: (r) => Number(r.Priority ?? 0) },
  gateways: replaced('OnlinePstnGatewayList'),
  pstnUsages: replaced('OnlinePstnUsages'),
  description: str('Description'),
};

const VOICE_ROUTING_POLICY: FieldTable<'voiceRoutingPolicy'> = {
  name: policyName,
  pstnUsages: replaced('OnlinePstnUsages'),
  description: str('Description'),
};

const DIAL_PLAN: FieldTable<'dialPlan'> = {
  name: policyName,
  description: str('Description'),
  // Set-CsVoiceNormalizationRule is broken by design: the whole rule list is written instead.
  normalizationRules: {
    read: (d) =>
      (Array.isArray(d.NormalizationRules) ? (d.NormalizationRules as Raw[]) : [])
        .slice()
        .sort((a, b) => Number(a.Priority ?? 0) - Number(b.Priority ?? 0))
        .map((r) => ({
          name: text(r.Name),
          pattern: text(r.Pattern),
          translation: text(r.Translation),
          description: text(r.Description),
          isInternalExtension: Boolean(r.IsInternalExtension),
        })),
    inMemory: (rules, d) => ({
      param: 'NormalizationRules',
      calls: rules.map((r) => ({
        cmdlet: 'New-CsVoiceNormalizationRule',
        params: {
          Parent: (d as DialPlan).name,
          Name: r.name,
          Pattern: r.pattern,
          Translation: r.translation,
          Description: r.description,
          IsInternalExtension: r.isInternalExtension,
        },
      })),
    }),
  },
};

const EMERGENCY_CALL_ROUTING_POLICY: FieldTable<'emergencyCallRoutingPolicy'> = {
  name: policyName,
  description: str('Description'),
  allowEnhancedEmergencyServices: flag('AllowEnhancedEmergencyServices'),
  // A plain list of New-CsTeamsEmergencyNumber objects replaces the numbers (@{add=} on New would append to Global's).
  emergencyNumbers: {
    read: (p) =>
      (Array.isArray(p.EmergencyNumbers) ? (p.EmergencyNumbers as Raw[]) : []).map((n) => ({
        dialString: text(n.EmergencyDialString),
        dialMask: text(n.EmergencyDialMask),
        pstnUsage: text(n.OnlinePSTNUsage),
      })),
    inMemory: (numbers) => ({
      param: 'EmergencyNumbers',
      calls: numbers.map((n) => ({
        cmdlet: 'New-CsTeamsEmergencyNumber',
        params: {
          EmergencyDialString: n.dialString,
          OnlinePSTNUsage: n.pstnUsage,
          ...(n.dialMask ? { EmergencyDialMask: n.dialMask } : {}),
        },
      })),
    }),
  },
};

const substituteOf = (x: Raw) => (text(x.CallingIDSubstitute) || 'LineUri') as CallingIdSubstitute;
const CALLING_LINE_IDENTITY: FieldTable<'callingLineIdentity'> = {
  name: policyName,
  description: str('Description'),
  callingIdSubstitute: { param: 'CallingIDSubstitute', read: substituteOf },
  // A resource account only means something with the Resource substitute; Set binds it as a Guid,
  // so it is never sent empty, and it reads back as a Guid prints: lower case.
  resourceAccount: {
    param: 'ResourceAccount',
    read: (x) => (substituteOf(x) === 'Resource' ? text(x.ResourceAccount).toLowerCase() || null : null),
    onlyWithValue: true,
  },
  // A string: left out of New- when empty, but sent '' by Set- to clear it (fidelity review N1).
  companyName: { param: 'CompanyName', onlyWithValue: 'new' },
  enableUserOverride: flag('EnableUserOverride'),
  blockIncomingPstnCallerId: flag('BlockIncomingPstnCallerID'),
};

/**
 * Set-CsPhoneNumberTenantConfiguration takes no -Identity: only the settings that change. Never
 * removed (Remove- would reset the assignment blocks too, which Voiceform does not own).
 */
const PHONE_NUMBER_TENANT_CONFIGURATION: TeamsTenantKind<'phoneNumberTenantConfiguration'> = {
  noun: 'CsPhoneNumberTenantConfiguration',
  optional: true,
  fromRows: (rows) =>
    rows.slice(0, 1).map((r) => ({
      name: 'Global',
      assignmentEmailEnabled: r.AssignmentEmailEnabled === true,
      unassignmentEmailEnabled: r.UnassignmentEmailEnabled === true,
    })),
  calls: (c) => {
    if (!c.after) throw new InternalError('the phone number tenant configuration is never removed');
    const changed = (a: string) => c.action !== 'update' || c.diff.some((d) => d.attribute === a);
    const params: Raw = {};
    if (changed('assignmentEmailEnabled')) params.AssignmentEmailEnabled = c.after.assignmentEmailEnabled;
    if (changed('unassignmentEmailEnabled')) params.UnassignmentEmailEnabled = c.after.unassignmentEmailEnabled;
    return [{ cmdlet: 'Set-CsPhoneNumberTenantConfiguration', params }];
  },
};

const orNull = (v: unknown): string | null => text(v) || null;
const TRUSTED_IP: FieldTable<'trustedIp'> = {
  name: { identity: true, param: 'Identity', read: (r) => text(r.IPAddress || r.Identity) },
  maskBits: { param: 'MaskBits', read: (r) => Number(r.MaskBits) },
  description: str('Description'),
};
const NETWORK_REGION: FieldTable<'networkRegion'> = {
  name: { identity: true, param: 'Identity', read: (r) => text(r.NetworkRegionID || r.Identity) },
  description: str('Description'),
};
const NETWORK_SITE: FieldTable<'networkSite'> = {
  name: { identity: true, param: 'Identity', read: (r) => text(r.NetworkSiteID || r.Identity) },
  description: str('Description'),
  networkRegion: { param: 'NetworkRegionID', read: (r) => orNull(r.NetworkRegionID) },
  emergencyCallingPolicy: { param: 'EmergencyCallingPolicy', read: (r) => orNull(bareName(r.EmergencyCallingPolicy)) },
  emergencyCallRoutingPolicy: {
    param: 'EmergencyCallRoutingPolicy',
    read: (r) => orNull(bareName(r.EmergencyCallRoutingPolicy)),
  },
};
const NETWORK_SUBNET: FieldTable<'networkSubnet'> = {
  name: { identity: true, param: 'Identity', read: (r) => text(r.SubnetID || r.Identity) },
  maskBits: { param: 'MaskBits', read: (r) => Number(r.MaskBits) },
  networkSite: { param: 'NetworkSiteID', read: (r) => orNull(r.NetworkSiteID) },
  description: str('Description'),
};
const EMERGENCY_CALLING_POLICY: FieldTable<'emergencyCallingPolicy'> = {
  name: policyName,
  description: str('Description'),
  // New-CsTeamsEmergencyCallingPolicy.md: "Individual users or groups are separated by ';'".
  notificationGroup: {
    param: 'NotificationGroup',
    read: (r) =>
      text(r.NotificationGroup)
        .split(';')
        .map((a) => a.trim())
        .filter(Boolean),
    send: (v) => v.join(';'),
  },
  notificationMode: {
    param: 'NotificationMode',
    read: (r) => orNull(r.NotificationMode) as ModelOf<'emergencyCallingPolicy'>['notificationMode'],
    onlyWithValue: true,
  },
  notificationDialOutNumber: { param: 'NotificationDialOutNumber', onlyWithValue: 'new' },
  externalLocationLookup: {
    param: 'ExternalLocationLookupMode',
    read: (r) => text(r.ExternalLocationLookupMode) === 'Enabled',
    send: (v) => (v ? 'Enabled' : 'Disabled'),
  },
};

/**
 * A kind read and written by a module of its own, not by a Get and calls here: the main-number
 * kinds by teams-voice-apps.ts (Graph beside PowerShell), the LIS by teams-lis.ts (generated ids).
 */
function ownModule<K extends TenantKind>(noun: string, by: 'voiceApp' | 'lis'): TeamsTenantKind<K> {
  return {
    noun,
    [by]: true,
    fromRows: () => [],
    calls: () => {
      throw new InternalError(
        `${noun} objects are written by ${by === 'lis' ? 'teams-lis.ts' : 'teams-voice-apps.ts'}`,
      );
    },
  };
}

/** Every kind's Teams adapter: a kind without one does not compile. */
export const TEAMS_KINDS = {
  translationRule: objectKind('CsTeamsTranslationRule', TRANSLATION_RULE),
  gateway: objectKind('CsOnlinePSTNGateway', GATEWAY),
  pstnUsage: {
    noun: 'CsOnlinePstnUsage',
    // One Global list: Get returns {Identity: Global, Usage: [...]}; edits are @{Add} / @{Remove}.
    fromRows: (rows) => list(rows[0]?.Usage).map((name) => ({ name })),
    calls: (c) => [
      {
        cmdlet: 'Set-CsOnlinePstnUsage',
        params: { Identity: 'Global', Usage: c.action === 'delete' ? { Remove: [c.name] } : { Add: [c.name] } },
      },
    ],
  },
  voiceRoute: objectKind('CsOnlineVoiceRoute', VOICE_ROUTE),
  voiceRoutingPolicy: objectKind('CsOnlineVoiceRoutingPolicy', VOICE_ROUTING_POLICY),
  dialPlan: objectKind('CsTenantDialPlan', DIAL_PLAN),
  emergencyCallRoutingPolicy: objectKind('CsTeamsEmergencyCallRoutingPolicy', EMERGENCY_CALL_ROUTING_POLICY),
  callingLineIdentity: objectKind('CsCallingLineIdentity', CALLING_LINE_IDENTITY),
  emergencyCallingPolicy: objectKind('CsTeamsEmergencyCallingPolicy', EMERGENCY_CALLING_POLICY),
  trustedIp: objectKind('CsTenantTrustedIPAddress', TRUSTED_IP),
  networkRegion: objectKind('CsTenantNetworkRegion', NETWORK_REGION),
  networkSite: objectKind('CsTenantNetworkSite', NETWORK_SITE),
  networkSubnet: objectKind('CsTenantNetworkSubnet', NETWORK_SUBNET),
  emergencyAddress: ownModule('CsOnlineLisCivicAddress', 'lis'),
  emergencyPlace: ownModule('CsOnlineLisLocation', 'lis'),
  lisSubnet: ownModule('CsOnlineLisSubnet', 'lis'),
  lisWirelessAccessPoint: ownModule('CsOnlineLisWirelessAccessPoint', 'lis'),
  lisSwitch: ownModule('CsOnlineLisSwitch', 'lis'),
  lisPort: ownModule('CsOnlineLisPort', 'lis'),
  resourceAccount: ownModule('CsOnlineApplicationInstance', 'voiceApp'),
  callQueue: ownModule('CsCallQueue', 'voiceApp'),
  autoAttendant: ownModule('CsAutoAttendant', 'voiceApp'),
  resourceAccountNumber: ownModule('CsPhoneNumberAssignment', 'voiceApp'),
  phoneNumberTenantConfiguration: PHONE_NUMBER_TENANT_CONFIGURATION,
  userLicense: { channel: 'graph' },
  userNumber: { channel: 'user-cmdlets' },
  userPolicy: { channel: 'grants' },
} satisfies { [K in TenantKind]: TeamsTenantKind<K> } & { [K in UserKind]: TeamsUserKind };

/** A tenant-wide kind's adapter, typed for generic code. */
export function teamsKind<K extends TenantKind>(kind: K): TeamsTenantKind<K> {
  return TEAMS_KINDS[kind] as unknown as TeamsTenantKind<K>;
}
