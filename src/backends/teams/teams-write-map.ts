import { parseAddress } from '../../addr/address.js';
import { InternalError } from '../../errors.js';
import type { DialPlan, PstnGateway, TranslationRule, UserNumber, UserPolicy, VoiceRoute, VoiceRoutingPolicy } from '../../model/tenant-state.js';
import type { Change } from '../../plan/plan-types.js';
import type { PwshCall } from './pwsh-session.js';

const GATEWAY_PARAMS: [keyof PstnGateway, string][] = [
  ['sipSignalingPort', 'SipSignalingPort'], ['enabled', 'Enabled'], ['description', 'Description'], ['sendSipOptions', 'SendSipOptions'],
  ['forwardCallHistory', 'ForwardCallHistory'], ['forwardPai', 'ForwardPai'], ['failoverResponseCodes', 'FailoverResponseCodes'],
  ['failoverTimeSeconds', 'FailoverTimeSeconds'], ['maxConcurrentSessions', 'MaxConcurrentSessions'], ['mediaBypass', 'MediaBypass'],
  ['inboundTeamsNumberTranslationRules', 'InboundTeamsNumberTranslationRules'], ['inboundPstnNumberTranslationRules', 'InboundPstnNumberTranslationRules'],
  ['outboundTeamsNumberTranslationRules', 'OutboundTeamsNumberTranslationRules'], ['outboundPstnNumberTranslationRules', 'OutboundPstnNumberTranslationRules'],
];

/** Only attributes the diff names (Set-* changes only what it is given). */
function changed(change: Change, attribute: string): boolean {
  return change.action !== 'update' || change.diff.some((d) => d.attribute === attribute);
}

function gatewayParams(g: PstnGateway, change: Change): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [field, param] of GATEWAY_PARAMS) if (changed(change, field)) params[param] = g[field];
  return params;
}

const rulesInMemory = (d: DialPlan): PwshCall['inMemory'] => ({
  param: 'NormalizationRules',
  calls: d.normalizationRules.map((r) => ({
    cmdlet: 'New-CsVoiceNormalizationRule',
    params: { Parent: d.name, Name: r.name, Pattern: r.pattern, Translation: r.translation, Description: r.description, IsInternalExtension: r.isInternalExtension },
  })),
});

/**
 * The cmdlet calls that carry out one planned change (teams-cmdlets.md): usage list edits with
 * `@{Add}`/`@{Remove}` on Global, rules built `-InMemory`, numbers with
 * Set-/Remove-CsPhoneNumberAssignment, grants with `-PolicyName` ($null removes), and never
 * `-Confirm` on Remove cmdlets. Pure.
 */
export function callsForChange(change: Change): PwshCall[] {
  const a = parseAddress(change.address);
  if (!a) throw new InternalError(`bad address ${change.address}`);
  const after = change.after as unknown;
  const before = change.before as unknown;
  const crud = (remove: PwshCall, create: PwshCall, set: PwshCall): PwshCall[] =>
    change.action === 'delete' ? [remove] : change.action === 'create' ? [create] : change.action === 'update' ? [set] : [remove, create];
  switch (a.kind) {
    case 'translationRule': {
      const t = after as TranslationRule;
      const id = { Identity: a.name };
      return crud(
        { cmdlet: 'Remove-CsTeamsTranslationRule', params: id },
        { cmdlet: 'New-CsTeamsTranslationRule', params: { Identity: t?.name, Pattern: t?.pattern, Translation: t?.translation, Description: t?.description } },
        { cmdlet: 'Set-CsTeamsTranslationRule', params: { ...id, Pattern: t?.pattern, Translation: t?.translation, Description: t?.description } },
      );
    }
    case 'gateway': {
      const g = after as PstnGateway;
      return crud(
        { cmdlet: 'Remove-CsOnlinePSTNGateway', params: { Identity: a.name } },
        { cmdlet: 'New-CsOnlinePSTNGateway', params: g && { Fqdn: g.fqdn, ...gatewayParams(g, change) } },
        { cmdlet: 'Set-CsOnlinePSTNGateway', params: g && { Identity: a.name, ...gatewayParams(g, change) } },
      );
    }
    case 'pstnUsage':
      return crud(
        { cmdlet: 'Set-CsOnlinePstnUsage', params: { Identity: 'Global', Usage: { Remove: [a.name] } } },
        { cmdlet: 'Set-CsOnlinePstnUsage', params: { Identity: 'Global', Usage: { Add: [(after as { name: string })?.name] } } },
        { cmdlet: 'Set-CsOnlinePstnUsage', params: { Identity: 'Global', Usage: { Add: [(after as { name: string })?.name] } } },
      );
    case 'voiceRoute': {
      const r = after as VoiceRoute;
      const set: Record<string, unknown> = { Identity: a.name };
      if (r && change.action === 'update') {
        if (changed(change, 'numberPattern')) set.NumberPattern = r.numberPattern;
        if (changed(change, 'priority')) set.Priority = r.priority;
        if (changed(change, 'description')) set.Description = r.description;
        if (changed(change, 'gateways')) set.OnlinePstnGatewayList = { Replace: r.gateways };
        if (changed(change, 'pstnUsages')) set.OnlinePstnUsages = { Replace: r.pstnUsages };
      }
      return crud(
        { cmdlet: 'Remove-CsOnlineVoiceRoute', params: { Identity: a.name } },
        { cmdlet: 'New-CsOnlineVoiceRoute', params: r && { Identity: r.name, NumberPattern: r.numberPattern, Priority: r.priority, OnlinePstnGatewayList: r.gateways, OnlinePstnUsages: r.pstnUsages, Description: r.description } },
        { cmdlet: 'Set-CsOnlineVoiceRoute', params: set },
      );
    }
    case 'voiceRoutingPolicy': {
      const p = after as VoiceRoutingPolicy;
      return crud(
        { cmdlet: 'Remove-CsOnlineVoiceRoutingPolicy', params: { Identity: a.name } },
        { cmdlet: 'New-CsOnlineVoiceRoutingPolicy', params: p && { Identity: p.name, OnlinePstnUsages: p.pstnUsages, Description: p.description } },
        { cmdlet: 'Set-CsOnlineVoiceRoutingPolicy', params: p && { Identity: a.name, OnlinePstnUsages: { Replace: p.pstnUsages }, Description: p.description } },
      );
    }
    case 'dialPlan': {
      const d = after as DialPlan;
      return crud(
        { cmdlet: 'Remove-CsTenantDialPlan', params: { Identity: a.name } },
        { cmdlet: 'New-CsTenantDialPlan', params: d && { Identity: d.name, Description: d.description }, inMemory: d && rulesInMemory(d) },
        // Set-CsVoiceNormalizationRule is broken by design: rewrite the whole rule list instead.
        { cmdlet: 'Set-CsTenantDialPlan', params: d && { Identity: a.name, Description: d.description }, inMemory: d && rulesInMemory(d) },
      );
    }
    case 'userNumber': {
      const next = after as UserNumber | null;
      const prev = before as UserNumber | null;
      if (next?.phoneNumber) return [{ cmdlet: 'Set-CsPhoneNumberAssignment', params: { Identity: a.name, PhoneNumber: next.phoneNumber, PhoneNumberType: next.phoneNumberType ?? 'DirectRouting' } }];
      if (prev?.phoneNumber) return [{ cmdlet: 'Remove-CsPhoneNumberAssignment', params: { Identity: a.name, PhoneNumber: prev.phoneNumber, PhoneNumberType: prev.phoneNumberType ?? 'DirectRouting' } }];
      return [];
    }
    case 'userLicense':
      throw new InternalError('licences are written through Graph, not PowerShell');
    case 'userPolicy': {
      const next = after as UserPolicy | null;
      const prev = before as UserPolicy | null;
      const calls: PwshCall[] = [];
      if ((next?.voiceRoutingPolicy ?? null) !== (prev?.voiceRoutingPolicy ?? null)) calls.push({ cmdlet: 'Grant-CsOnlineVoiceRoutingPolicy', params: { Identity: a.name, PolicyName: next?.voiceRoutingPolicy ?? null } });
      if ((next?.dialPlan ?? null) !== (prev?.dialPlan ?? null)) calls.push({ cmdlet: 'Grant-CsTenantDialPlan', params: { Identity: a.name, PolicyName: next?.dialPlan ?? null } });
      return calls;
    }
  }
}
