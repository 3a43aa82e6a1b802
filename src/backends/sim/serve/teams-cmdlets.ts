import { BackendError } from '../../../errors.js';
import { GATEWAY_DEFAULTS, type DialPlan, type PhoneNumberType, type PstnGateway } from '../../../model/tenant-state.js';
import type { SimTenant } from '../sim-tenant.js';
import { applyListModifier } from './list-modifier.js';
import { teamsShapes } from './teams-shapes.js';

type Params = Record<string, unknown>;

const str = (p: Params, k: string): string | undefined => (p[k] === undefined || p[k] === null ? undefined : String(p[k]));
const has = (p: Params, k: string): boolean => Object.prototype.hasOwnProperty.call(p, k);
/** `Tag:Name` and bare names both identify a per-user policy. */
const policyName = (identity: string): string => identity.replace(/^tag:/i, '');
const need = (p: Params, k: string): string => {
  const v = str(p, k);
  if (v === undefined) throw new BackendError(`Cannot bind argument to parameter '${k}' because it is null.`, 'invalid');
  return v;
};
const nameOf = (p: Params, ...keys: string[]): string => policyName(keys.map((k) => str(p, k)).find((v) => v !== undefined) ?? need(p, keys[0]!));

const GATEWAY_PARAMS: [string, keyof PstnGateway][] = [
  ['SipSignalingPort', 'sipSignalingPort'], ['Enabled', 'enabled'], ['Description', 'description'], ['SendSipOptions', 'sendSipOptions'],
  ['ForwardCallHistory', 'forwardCallHistory'], ['ForwardPai', 'forwardPai'], ['FailoverResponseCodes', 'failoverResponseCodes'],
  ['FailoverTimeSeconds', 'failoverTimeSeconds'], ['MaxConcurrentSessions', 'maxConcurrentSessions'], ['MediaBypass', 'mediaBypass'],
];
const GATEWAY_LISTS: [string, keyof PstnGateway][] = [
  ['InboundTeamsNumberTranslationRules', 'inboundTeamsNumberTranslationRules'], ['InboundPstnNumberTranslationRules', 'inboundPstnNumberTranslationRules'],
  ['OutboundTeamsNumberTranslationRules', 'outboundTeamsNumberTranslationRules'], ['OutboundPstnNumberTranslationRules', 'outboundPstnNumberTranslationRules'],
];

function gatewayFrom(base: PstnGateway, p: Params): PstnGateway {
  const g = structuredClone(base) as unknown as Record<string, unknown>;
  for (const [param, field] of GATEWAY_PARAMS) if (has(p, param)) g[field] = p[param] === null ? null : p[param];
  for (const [param, field] of GATEWAY_LISTS) if (has(p, param)) g[field] = applyListModifier(g[field] as string[], p[param]);
  if (g.failoverResponseCodes !== undefined) g.failoverResponseCodes = String(g.failoverResponseCodes).replace(/\s+/g, '');
  return g as unknown as PstnGateway;
}

function rulesFrom(value: unknown): DialPlan['normalizationRules'] {
  const list = Array.isArray(value) ? value : value && typeof value === 'object' ? (Object.entries(value).find(([k]) => k.toLowerCase() === 'replace')?.[1] as unknown[]) ?? [] : [];
  return list.map((r) => {
    const o = r as Record<string, unknown>;
    return { name: String(o.Name), pattern: String(o.Pattern), translation: String(o.Translation ?? ''), description: String(o.Description ?? ''), isInternalExtension: Boolean(o.IsInternalExtension) };
  });
}

const find = <T extends { name: string }>(list: T[], name: string): T | undefined => list.find((x) => x.name.toLowerCase() === name.toLowerCase());
const notFound = (what: string, id: string): never => {
  throw new BackendError(`Cannot find ${what} "${id}".`, 'not-found');
};

/**
 * The cmdlets the stand-in MicrosoftTeams module forwards, carried out on the simulated tenant.
 * `params` are what PowerShell bound (names as declared by the real cmdlets); the result is the
 * cmdlet's output objects.
 */
export function runTeamsCmdlet(t: SimTenant, cmdlet: string, p: Params): unknown[] {
  const v = t.state.voice;
  switch (cmdlet) {
    case 'Get-CsTenant':
      return [{ TenantId: t.state.tenantId, VerifiedDomains: t.state.domains.map((d) => ({ Name: d.id, Status: d.isVerified ? 'Enabled' : 'Unverified' })) }];
    case 'Get-CsOnlinePSTNGateway':
      return v.gateways.filter((g) => !str(p, 'Identity') || g.fqdn.toLowerCase() === str(p, 'Identity')!.toLowerCase()).map(teamsShapes.gateway);
    case 'New-CsOnlinePSTNGateway': {
      const fqdn = nameOf(p, 'Fqdn', 'Identity');
      t.newGateway(gatewayFrom({ ...GATEWAY_DEFAULTS, fqdn, sipSignalingPort: 0 }, p));
      return [teamsShapes.gateway(v.gateways.at(-1)!)];
    }
    case 'Set-CsOnlinePSTNGateway': {
      const id = need(p, 'Identity');
      const g = v.gateways.find((x) => x.fqdn.toLowerCase() === id.toLowerCase()) ?? notFound('PSTN gateway', id);
      t.setGateway(gatewayFrom(g, p));
      return [];
    }
    case 'Remove-CsOnlinePSTNGateway':
      t.removeGateway(need(p, 'Identity'));
      return [];
    case 'Get-CsOnlinePstnUsage':
      return [{ Identity: 'Global', Usage: [...v.pstnUsages] }];
    case 'Set-CsOnlinePstnUsage': {
      if ((str(p, 'Identity') ?? 'Global').toLowerCase() !== 'global') throw new BackendError('The only PSTN usage list is Global.', 'invalid');
      const next = applyListModifier(v.pstnUsages, p.Usage);
      for (const u of v.pstnUsages.filter((x) => !next.some((n) => n.toLowerCase() === x.toLowerCase()))) t.removePstnUsage(u);
      for (const u of next.filter((x) => !v.pstnUsages.some((n) => n.toLowerCase() === x.toLowerCase()))) t.addPstnUsage(u);
      return [];
    }
    case 'Get-CsOnlineVoiceRoute':
      return v.voiceRoutes.filter((r) => !str(p, 'Identity') || r.name.toLowerCase() === str(p, 'Identity')!.toLowerCase()).map(teamsShapes.route);
    case 'New-CsOnlineVoiceRoute': {
      const name = nameOf(p, 'Identity', 'Name');
      t.newVoiceRoute({
        name,
        numberPattern: str(p, 'NumberPattern') ?? '[0-9]{10}',
        priority: has(p, 'Priority') ? Number(p.Priority) : v.voiceRoutes.length,
        gateways: applyListModifier([], p.OnlinePstnGatewayList),
        pstnUsages: applyListModifier([], p.OnlinePstnUsages),
        description: str(p, 'Description') ?? '',
      });
      return [teamsShapes.route(v.voiceRoutes.at(-1)!)];
    }
    case 'Set-CsOnlineVoiceRoute': {
      const r = find(v.voiceRoutes, nameOf(p, 'Identity')) ?? notFound('voice route', need(p, 'Identity'));
      t.setVoiceRoute({
        ...r,
        numberPattern: str(p, 'NumberPattern') ?? r.numberPattern,
        priority: has(p, 'Priority') ? Number(p.Priority) : r.priority,
        gateways: has(p, 'OnlinePstnGatewayList') ? applyListModifier(r.gateways, p.OnlinePstnGatewayList) : r.gateways,
        pstnUsages: has(p, 'OnlinePstnUsages') ? applyListModifier(r.pstnUsages, p.OnlinePstnUsages) : r.pstnUsages,
        description: has(p, 'Description') ? (str(p, 'Description') ?? '') : r.description,
      });
      return [];
    }
    case 'Remove-CsOnlineVoiceRoute':
      t.removeVoiceRoute(nameOf(p, 'Identity'));
      return [];
    case 'Get-CsOnlineVoiceRoutingPolicy':
      return v.voiceRoutingPolicies.filter((x) => !str(p, 'Identity') || x.name.toLowerCase() === policyName(str(p, 'Identity')!).toLowerCase()).map(teamsShapes.policy);
    case 'New-CsOnlineVoiceRoutingPolicy':
      t.newVoiceRoutingPolicy({ name: nameOf(p, 'Identity'), pstnUsages: applyListModifier([], p.OnlinePstnUsages), description: str(p, 'Description') ?? '' });
      return [teamsShapes.policy(v.voiceRoutingPolicies.at(-1)!)];
    case 'Set-CsOnlineVoiceRoutingPolicy': {
      const x = find(v.voiceRoutingPolicies, nameOf(p, 'Identity')) ?? notFound('voice routing policy', need(p, 'Identity'));
      t.setVoiceRoutingPolicy({
        ...x,
        pstnUsages: has(p, 'OnlinePstnUsages') ? applyListModifier(x.pstnUsages, p.OnlinePstnUsages) : x.pstnUsages,
        description: has(p, 'Description') ? (str(p, 'Description') ?? '') : x.description,
      });
      return [];
    }
    case 'Remove-CsOnlineVoiceRoutingPolicy':
      t.removeVoiceRoutingPolicy(nameOf(p, 'Identity'));
      return [];
    case 'Get-CsTenantDialPlan':
      return v.dialPlans.filter((d) => !str(p, 'Identity') || d.name.toLowerCase() === policyName(str(p, 'Identity')!).toLowerCase()).map(teamsShapes.dialPlan);
    case 'New-CsTenantDialPlan':
      t.newTenantDialPlan({ name: nameOf(p, 'Identity'), description: str(p, 'Description') ?? '', normalizationRules: rulesFrom(p.NormalizationRules) });
      return [teamsShapes.dialPlan(v.dialPlans.at(-1)!)];
    case 'Set-CsTenantDialPlan': {
      const d = find(v.dialPlans, nameOf(p, 'Identity')) ?? notFound('tenant dial plan', need(p, 'Identity'));
      t.setTenantDialPlan({
        ...d,
        description: has(p, 'Description') ? (str(p, 'Description') ?? '') : d.description,
        normalizationRules: has(p, 'NormalizationRules') ? rulesFrom(p.NormalizationRules) : d.normalizationRules,
      });
      return [];
    }
    case 'Remove-CsTenantDialPlan':
      t.removeTenantDialPlan(nameOf(p, 'Identity'));
      return [];
    case 'Get-CsTeamsTranslationRule':
      return v.translationRules.filter((x) => !str(p, 'Identity') || x.name.toLowerCase() === str(p, 'Identity')!.toLowerCase()).map(teamsShapes.translationRule);
    case 'New-CsTeamsTranslationRule':
      t.newTranslationRule({ name: nameOf(p, 'Identity'), pattern: need(p, 'Pattern'), translation: need(p, 'Translation'), description: str(p, 'Description') ?? '' });
      return [teamsShapes.translationRule(v.translationRules.at(-1)!)];
    case 'Set-CsTeamsTranslationRule': {
      const x = find(v.translationRules, nameOf(p, 'Identity')) ?? notFound('translation rule', need(p, 'Identity'));
      t.setTranslationRule({ ...x, pattern: str(p, 'Pattern') ?? x.pattern, translation: str(p, 'Translation') ?? x.translation, description: has(p, 'Description') ? (str(p, 'Description') ?? '') : x.description });
      return [];
    }
    case 'Remove-CsTeamsTranslationRule':
      t.removeTranslationRule(nameOf(p, 'Identity'));
      return [];
    default:
      return runUserCmdlet(t, cmdlet, p);
  }
}

const batches = new Map<string, unknown>();

function runUserCmdlet(t: SimTenant, cmdlet: string, p: Params): unknown[] {
  switch (cmdlet) {
    case 'Get-CsOnlineUser': {
      if (!str(p, 'Identity')) return t.state.users.map((u) => teamsShapes.user(u, t.hasTeamsPhone(u)));
      const u = t.user(need(p, 'Identity'));
      if (!u) throw new BackendError(`Management object not found for identity "${str(p, 'Identity')}".`, 'not-found');
      return [teamsShapes.user(u, t.hasTeamsPhone(u))];
    }
    case 'Get-CsPhoneNumberAssignment': {
      const assigned = t.state.users.filter((u) => u.phoneNumber).map((u) => ({ TelephoneNumber: u.phoneNumber, NumberType: u.phoneNumberType, AssignedPstnTargetId: u.id, PstnAssignmentStatus: 'UserAssigned', ActivationState: 'Activated' }));
      const free = t.state.operatorConnectNumbers.filter((n) => !t.state.users.some((u) => u.phoneNumber === n)).map((n) => ({ TelephoneNumber: n, NumberType: 'OperatorConnect', AssignedPstnTargetId: null, PstnAssignmentStatus: 'Unassigned', ActivationState: 'Activated' }));
      const all = [...assigned, ...free].sort((a, b) => String(a.TelephoneNumber).localeCompare(String(b.TelephoneNumber)));
      const skip = Number(p.Skip ?? 0);
      return all.slice(skip, skip + Math.min(Number(p.Top ?? 500), 1000));
    }
    case 'Set-CsPhoneNumberAssignment':
      t.assignPhoneNumber(need(p, 'Identity'), need(p, 'PhoneNumber'), need(p, 'PhoneNumberType') as PhoneNumberType);
      return [];
    case 'Remove-CsPhoneNumberAssignment':
      t.unassignPhoneNumber(need(p, 'Identity'), need(p, 'PhoneNumber'), need(p, 'PhoneNumberType') as PhoneNumberType);
      return [];
    case 'Grant-CsOnlineVoiceRoutingPolicy':
      t.grantVoiceRoutingPolicy(need(p, 'Identity'), str(p, 'PolicyName') ? policyName(str(p, 'PolicyName')!) : null);
      return [];
    case 'Grant-CsTenantDialPlan':
      t.grantTenantDialPlan(need(p, 'Identity'), str(p, 'PolicyName') ? policyName(str(p, 'PolicyName')!) : null);
      return [];
    case 'New-CsBatchPolicyAssignmentOperation': {
      const identities = (Array.isArray(p.Identity) ? p.Identity : [p.Identity]).map(String);
      if (identities.length > 5000) throw new BackendError('A batch can hold at most 5000 users.', 'invalid');
      const type = need(p, 'PolicyType');
      const name = str(p, 'PolicyName') ? policyName(str(p, 'PolicyName')!) : null;
      const grant = type === 'OnlineVoiceRoutingPolicy' ? t.grantVoiceRoutingPolicy.bind(t) : type === 'TenantDialPlan' ? t.grantTenantDialPlan.bind(t) : undefined;
      if (!grant) throw new BackendError(`PolicyType ${type} is not simulated.`, 'invalid');
      const userState = [...new Set(identities)].map((id) => {
        try {
          grant(id, name);
          return { Id: id, Result: 'Success', State: 'Completed' };
        } catch (err) {
          return { Id: id, Result: (err as Error).message, State: 'Completed' };
        }
      });
      const operationId = `op-${batches.size + 1}-${Date.now()}`;
      const errors = userState.filter((u) => u.Result !== 'Success').length;
      batches.set(operationId, { OperationId: operationId, OperationName: str(p, 'OperationName') ?? '', OverallStatus: 'Completed', CompletedCount: userState.length - errors, ErrorCount: errors, InProgressCount: 0, NotStartedCount: 0, UserState: userState });
      return [{ OperationId: operationId }];
    }
    case 'Get-CsBatchPolicyAssignmentOperation': {
      const op = batches.get(need(p, 'Identity'));
      if (!op) throw new BackendError(`Operation ${str(p, 'Identity')} not found.`, 'not-found');
      return [op];
    }
    default:
      throw new BackendError(`The term '${cmdlet}' is not recognized by the simulated tenant.`, 'invalid');
  }
}
