import { BackendError } from '../errors.js';
import type { SimTenant } from '../backends/sim/sim-tenant.js';
import { GATEWAY_DEFAULTS, TRANSLATION_LISTS, type PstnGateway } from '../kinds/gateway.js';
import type { DialPlan } from '../kinds/dial-plan.js';
import type { EmergencyNumber } from '../kinds/emergency-call-routing-policy.js';
import { kindDef, type ModelOf, type TenantKind } from '../kinds/registry.js';
import {
  has,
  nameParam,
  need,
  notFound,
  pick,
  policyName,
  policyTag,
  str,
  text,
  type CmdletHandler,
  type Params,
} from './cmdlet-params.js';
import { applyListModifier } from './list-modifier.js';
import type { LisKind } from '../kinds/lis-identifiers.js';
import { TOPOLOGY_KINDS } from './teams-topology.js';

/** How the emulator serves one tenant-wide kind: cmdlet nouns, the module's output shape, and New/Set from bound parameters. */
export interface EmulatedKind<K extends TenantKind> {
  /** `CsOnlineVoiceRoute` → Get-/New-/Set-/Remove-CsOnlineVoiceRoute. */
  noun: string;
  /** Objects shaped like the MicrosoftTeams module's output (PascalCase, `Tag:` identities). */
  shape(o: ModelOf<K>): Record<string, unknown>;
  /** The object New-* makes from what was bound; the name comes from Identity (or the kind's other key). */
  create(p: Params, name: string, t: SimTenant): ModelOf<K>;
  /** The object Set-* leaves: the bound parameters over the current object. */
  merge(o: ModelOf<K>, p: Params): ModelOf<K>;
  /** Parameters that may name a new object besides Identity (New-CsOnlinePSTNGateway -Fqdn). */
  nameParams?: string[];
}

/**
 * The kinds served by one Get-/New-/Set-/Remove- each, from bound parameters. The main-number kinds
 * have cmdlets of their own (teams-voice-apps.ts, teams-auto-attendants.ts), and so has the LIS
 * (teams-lis.ts: ids Teams generates).
 */
type EmulatedTenantKind = Exclude<
  TenantKind,
  'resourceAccount' | 'resourceAccountNumber' | 'callQueue' | 'autoAttendant' | LisKind
>;

const list = (current: string[]) => (v: unknown) => applyListModifier(current, v);

const GATEWAY_PARAMS: [string, keyof PstnGateway][] = [
  ['SipSignalingPort', 'sipSignalingPort'],
  ['Enabled', 'enabled'],
  ['Description', 'description'],
  ['SendSipOptions', 'sendSipOptions'],
  ['ForwardCallHistory', 'forwardCallHistory'],
  ['ForwardPai', 'forwardPai'],
  ['FailoverResponseCodes', 'failoverResponseCodes'],
  ['FailoverTimeSeconds', 'failoverTimeSeconds'],
  ['MaxConcurrentSessions', 'maxConcurrentSessions'],
  ['MediaBypass', 'mediaBypass'],
  // Bound names arrive as the module declares them: New-CsOnlinePSTNGateway.md's SYNTAX spells -PidfLoSupported.
  ['PidfLoSupported', 'pidfloSupported'],
];
const pascal = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function mergeGateway(base: PstnGateway, p: Params): PstnGateway {
  const g = structuredClone(base) as unknown as Record<string, unknown>;
  for (const [param, field] of GATEWAY_PARAMS) if (has(p, param)) g[field] = p[param] === null ? null : p[param];
  for (const field of TRANSLATION_LISTS)
    if (has(p, pascal(field))) g[field] = applyListModifier(g[field] as string[], p[pascal(field)]);
  g.failoverResponseCodes = String(g.failoverResponseCodes).replace(/\s+/g, '');
  return g as unknown as PstnGateway;
}

function rulesFrom(value: unknown): DialPlan['normalizationRules'] {
  const rows = Array.isArray(value)
    ? value
    : value && typeof value === 'object'
      ? ((Object.entries(value).find(([k]) => k.toLowerCase() === 'replace')?.[1] as unknown[]) ?? [])
      : [];
  return rows.map((r) => {
    const o = r as Record<string, unknown>;
    return {
      name: String(o.Name),
      pattern: String(o.Pattern),
      translation: text(o.Translation),
      description: text(o.Description),
      isInternalExtension: Boolean(o.IsInternalExtension),
    };
  });
}

/** `-EmergencyNumbers`: New-CsTeamsEmergencyNumber objects, a plain list (replaces) or @{Add/Remove/Replace}. */
function emergencyNumbersFrom(current: EmergencyNumber[], value: unknown): EmergencyNumber[] {
  const toNumber = (v: unknown): EmergencyNumber => {
    const o = (v ?? {}) as Record<string, unknown>;
    return {
      dialString: text(o.EmergencyDialString),
      dialMask: text(o.EmergencyDialMask),
      pstnUsage: text(o.OnlinePSTNUsage),
    };
  };
  const many = (v: unknown): EmergencyNumber[] =>
    Array.isArray(v) ? v.map(toNumber) : v === null || v === undefined ? [] : [toNumber(v)];
  if (
    Array.isArray(value) ||
    value === null ||
    value === undefined ||
    !Object.keys(value as object).some((k) => ['add', 'remove', 'replace'].includes(k.toLowerCase()))
  )
    return many(value);
  const op = new Map(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), many(v)]));
  let out = op.has('replace') ? op.get('replace')! : [...current];
  for (const r of op.get('remove') ?? []) out = out.filter((n) => n.dialString !== r.dialString);
  return [...out, ...(op.get('add') ?? [])];
}

/** Every tenant-wide kind the stand-in module forwards: a kind without an entry does not compile. */
export const EMULATED_KINDS = {
  translationRule: {
    noun: 'CsTeamsTranslationRule',
    shape: (r) => ({
      Identity: r.name,
      Name: r.name,
      Pattern: r.pattern,
      Translation: r.translation,
      Description: r.description,
    }),
    create: (p, name) => ({
      name,
      pattern: need(p, 'Pattern'),
      translation: need(p, 'Translation'),
      description: str(p, 'Description') ?? '',
    }),
    merge: (r, p) => ({
      ...r,
      pattern: str(p, 'Pattern') ?? r.pattern,
      translation: str(p, 'Translation') ?? r.translation,
      description: pick(p, 'Description', r.description, text),
    }),
  },
  gateway: {
    noun: 'CsOnlinePSTNGateway',
    nameParams: ['Fqdn', 'Identity'],
    shape: (g) => ({
      Identity: g.fqdn,
      Fqdn: g.fqdn,
      SipSignalingPort: g.sipSignalingPort,
      FailoverTimeSeconds: g.failoverTimeSeconds,
      ForwardCallHistory: g.forwardCallHistory,
      ForwardPai: g.forwardPai,
      SendSipOptions: g.sendSipOptions,
      MaxConcurrentSessions: g.maxConcurrentSessions,
      Enabled: g.enabled,
      MediaBypass: g.mediaBypass,
      PidfLoSupported: g.pidfloSupported,
      FailoverResponseCodes: g.failoverResponseCodes,
      Description: g.description,
      ...Object.fromEntries(TRANSLATION_LISTS.map((l) => [pascal(l), g[l]])),
    }),
    create: (p, fqdn) => mergeGateway({ ...GATEWAY_DEFAULTS, fqdn, sipSignalingPort: 0 }, p),
    merge: mergeGateway,
  },
  pstnUsage: {
    noun: 'CsOnlinePstnUsage',
    shape: (u) => ({ Identity: 'Global', Usage: [u.name] }),
    create: (_p, name) => ({ name }),
    merge: (u) => u,
  },
  voiceRoute: {
    noun: 'CsOnlineVoiceRoute',
    nameParams: ['Identity', 'Name'],
    shape: (r) => ({
      Identity: r.name,
      Name: r.name,
      Priority: r.priority,
      Description: r.description,
      NumberPattern: r.numberPattern,
      OnlinePstnUsages: r.pstnUsages,
      OnlinePstnGatewayList: r.gateways,
      BridgeSourcePhoneNumber: null,
    }),
    create: (p, name, t) => ({
      name,
      numberPattern: str(p, 'NumberPattern') ?? '[0-9]{10}',
      priority: has(p, 'Priority') ? Number(p.Priority) : t.list('voiceRoute').length,
      gateways: applyListModifier([], p.OnlinePstnGatewayList),
      pstnUsages: applyListModifier([], p.OnlinePstnUsages),
      description: str(p, 'Description') ?? '',
    }),
    merge: (r, p) => ({
      ...r,
      numberPattern: str(p, 'NumberPattern') ?? r.numberPattern,
      priority: pick(p, 'Priority', r.priority, Number),
      gateways: pick(p, 'OnlinePstnGatewayList', r.gateways, list(r.gateways)),
      pstnUsages: pick(p, 'OnlinePstnUsages', r.pstnUsages, list(r.pstnUsages)),
      description: pick(p, 'Description', r.description, text),
    }),
  },
  voiceRoutingPolicy: {
    noun: 'CsOnlineVoiceRoutingPolicy',
    shape: (x) => ({
      Identity: policyTag(x.name),
      OnlinePstnUsages: x.pstnUsages,
      Description: x.description,
      RouteType: 'BYOT',
    }),
    create: (p, name) => ({
      name,
      pstnUsages: applyListModifier([], p.OnlinePstnUsages),
      description: str(p, 'Description') ?? '',
    }),
    merge: (x, p) => ({
      ...x,
      pstnUsages: pick(p, 'OnlinePstnUsages', x.pstnUsages, list(x.pstnUsages)),
      description: pick(p, 'Description', x.description, text),
    }),
  },
  dialPlan: {
    noun: 'CsTenantDialPlan',
    shape: (d) => ({
      Identity: policyTag(d.name),
      SimpleName: d.name,
      Description: d.description,
      NormalizationRules: d.normalizationRules.map((r, i) => ({
        Identity: `${d.name}/${r.name}`,
        Name: r.name,
        Description: r.description,
        Pattern: r.pattern,
        Translation: r.translation,
        IsInternalExtension: r.isInternalExtension,
        Priority: i,
      })),
    }),
    create: (p, name) => ({
      name,
      description: str(p, 'Description') ?? '',
      normalizationRules: rulesFrom(p.NormalizationRules),
    }),
    merge: (d, p) => ({
      ...d,
      description: pick(p, 'Description', d.description, text),
      normalizationRules: pick(p, 'NormalizationRules', d.normalizationRules, rulesFrom),
    }),
  },
  emergencyCallRoutingPolicy: {
    noun: 'CsTeamsEmergencyCallRoutingPolicy',
    shape: (x) => ({
      Identity: policyTag(x.name),
      Description: x.description,
      AllowEnhancedEmergencyServices: x.allowEnhancedEmergencyServices,
      EmergencyNumbers: x.emergencyNumbers.map((n) => ({
        EmergencyDialString: n.dialString,
        EmergencyDialMask: n.dialMask,
        OnlinePSTNUsage: n.pstnUsage,
      })),
    }),
    create: (p, name) => ({
      name,
      description: str(p, 'Description') ?? '',
      allowEnhancedEmergencyServices: Boolean(p.AllowEnhancedEmergencyServices),
      emergencyNumbers: emergencyNumbersFrom([], p.EmergencyNumbers),
    }),
    merge: (x, p) => ({
      ...x,
      description: pick(p, 'Description', x.description, text),
      allowEnhancedEmergencyServices: pick(
        p,
        'AllowEnhancedEmergencyServices',
        x.allowEnhancedEmergencyServices,
        Boolean,
      ),
      emergencyNumbers: pick(p, 'EmergencyNumbers', x.emergencyNumbers, (v) =>
        emergencyNumbersFrom(x.emergencyNumbers, v),
      ),
    }),
  },
  callingLineIdentity: {
    noun: 'CsCallingLineIdentity',
    shape: (c) => ({
      Identity: policyTag(c.name),
      Description: c.description,
      CallingIDSubstitute: c.callingIdSubstitute,
      ResourceAccount: c.resourceAccount,
      CompanyName: c.companyName,
      EnableUserOverride: c.enableUserOverride,
      BlockIncomingPstnCallerID: c.blockIncomingPstnCallerId,
    }),
    create: (p, name) => ({
      name,
      description: str(p, 'Description') ?? '',
      callingIdSubstitute: (str(p, 'CallingIDSubstitute') ??
        'LineUri') as ModelOf<'callingLineIdentity'>['callingIdSubstitute'],
      resourceAccount: str(p, 'ResourceAccount') ?? null,
      companyName: str(p, 'CompanyName') ?? '',
      enableUserOverride: Boolean(p.EnableUserOverride),
      blockIncomingPstnCallerId: Boolean(p.BlockIncomingPstnCallerID),
    }),
    merge: (c, p) => ({
      ...c,
      description: pick(p, 'Description', c.description, text),
      callingIdSubstitute: pick(
        p,
        'CallingIDSubstitute',
        c.callingIdSubstitute,
        (v) => String(v) as typeof c.callingIdSubstitute,
      ),
      resourceAccount: pick(p, 'ResourceAccount', c.resourceAccount, (v) =>
        v === null || v === undefined || v === '' ? null : String(v),
      ),
      companyName: pick(p, 'CompanyName', c.companyName, text),
      enableUserOverride: pick(p, 'EnableUserOverride', c.enableUserOverride, Boolean),
      blockIncomingPstnCallerId: pick(p, 'BlockIncomingPstnCallerID', c.blockIncomingPstnCallerId, Boolean),
    }),
  },
  ...TOPOLOGY_KINDS,
  phoneNumberTenantConfiguration: {
    noun: 'CsPhoneNumberTenantConfiguration',
    // The whole Get row (with the assignment blocks) is built in kindCmdlets: it needs the tenant.
    shape: (c) => ({
      AssignmentEmailEnabled: c.assignmentEmailEnabled,
      UnassignmentEmailEnabled: c.unassignmentEmailEnabled,
    }),
    create: () => ({ name: 'Global', assignmentEmailEnabled: false, unassignmentEmailEnabled: false }),
    merge: (c, p) => ({
      ...c,
      assignmentEmailEnabled: pick(p, 'AssignmentEmailEnabled', c.assignmentEmailEnabled, Boolean),
      unassignmentEmailEnabled: pick(p, 'UnassignmentEmailEnabled', c.unassignmentEmailEnabled, Boolean),
    }),
  },
} satisfies { [K in EmulatedTenantKind]: EmulatedKind<K> };

/** Get-/New-/Set-/Remove-<noun> of every tenant-wide kind (the usage list has its own Get/Set). */
export function kindCmdlets(): Map<string, CmdletHandler<SimTenant>> {
  const out = new Map<string, CmdletHandler<SimTenant>>();
  for (const [kind, e] of Object.entries(EMULATED_KINDS) as [EmulatedTenantKind, EmulatedKind<EmulatedTenantKind>][]) {
    if (kind === 'pstnUsage' || kind === 'phoneNumberTenantConfiguration') continue;
    const label = kindDef(kind).label;
    const identity = (o: object) => String((o as Record<string, unknown>)[kindDef(kind).identity]);
    const find = (t: SimTenant, p: Params): ModelOf<EmulatedTenantKind> =>
      t.find(kind, nameParam(p, 'Identity')) ?? notFound(label, need(p, 'Identity'));
    out.set(`Get-${e.noun}`, (t, p) => {
      const id = str(p, 'Identity');
      return t
        .list(kind)
        .filter((o) => !id || identity(o).toLowerCase() === policyName(id).toLowerCase())
        .map((o) => e.shape(o));
    });
    out.set(`New-${e.noun}`, (t, p) => {
      const created = e.create(p, nameParam(p, ...(e.nameParams ?? ['Identity'])), t);
      t.create(kind, created as never);
      return [e.shape(t.find(kind, identity(created))!)];
    });
    out.set(`Set-${e.noun}`, (t, p) => (t.update(kind, e.merge(find(t, p), p) as never), []));
    out.set(`Remove-${e.noun}`, (t, p) => (t.remove(kind, nameParam(p, 'Identity')), []));
  }
  // Get-/Set-CsPhoneNumberTenantConfiguration.md: one row per tenant, no -Identity; the blocks
  // are mutually exclusive ("If one is set, the other one will not be available to be set").
  const settings = EMULATED_KINDS.phoneNumberTenantConfiguration;
  const global = (t: SimTenant) => t.find('phoneNumberTenantConfiguration', 'Global') ?? settings.create();
  out.set('Get-CsPhoneNumberTenantConfiguration', (t) => {
    const n = t.state.numberSettings;
    return [
      {
        ...settings.shape(global(t)),
        AssignmentBlockedForever: n?.assignmentBlockedForever ? true : null,
        AssignmentBlockedDays: n?.assignmentBlockedDays ?? null,
        AllowOnPremToOnlineMigration: null,
        TenantId: t.state.tenantId,
      },
    ];
  });
  out.set('Set-CsPhoneNumberTenantConfiguration', (t, p) => {
    const forever = has(p, 'AssignmentBlockedForever') ? Boolean(p.AssignmentBlockedForever) : undefined;
    const days = has(p, 'AssignmentBlockedDays') ? Number(p.AssignmentBlockedDays) || null : undefined;
    if (forever && days)
      throw new BackendError('AssignmentBlockedForever and AssignmentBlockedDays are mutually exclusive.', 'invalid');
    const next = settings.merge(global(t), p);
    if (t.find('phoneNumberTenantConfiguration', 'Global')) t.update('phoneNumberTenantConfiguration', next);
    else t.create('phoneNumberTenantConfiguration', next);
    if (forever !== undefined || days !== undefined) {
      const n = (t.state.numberSettings ??= { assignmentBlockedForever: false, assignmentBlockedDays: null });
      if (forever !== undefined)
        [n.assignmentBlockedForever, n.assignmentBlockedDays] = [forever, forever ? null : n.assignmentBlockedDays];
      if (days !== undefined)
        [n.assignmentBlockedDays, n.assignmentBlockedForever] = [days, days ? false : n.assignmentBlockedForever];
    }
    return [];
  });
  out.set('Get-CsOnlinePstnUsage', (t) => [{ Identity: 'Global', Usage: t.list('pstnUsage').map((u) => u.name) }]);
  out.set('Set-CsOnlinePstnUsage', (t, p) => {
    if ((str(p, 'Identity') ?? 'Global').toLowerCase() !== 'global')
      throw new BackendError('The only PSTN usage list is Global.', 'invalid');
    const now = t.list('pstnUsage').map((u) => u.name);
    const next = applyListModifier(now, p.Usage);
    for (const u of now.filter((x) => !next.some((n) => n.toLowerCase() === x.toLowerCase()))) t.removePstnUsage(u);
    for (const u of next.filter((x) => !now.some((n) => n.toLowerCase() === x.toLowerCase()))) t.addPstnUsage(u);
    return [];
  });
  return out;
}
