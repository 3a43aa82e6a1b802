import { describe, exportDescription, type SpecReference, type KindDef } from './kind-def.js';

/** An SBC paired with the tenant (`*-CsOnlinePSTNGateway`). Identity = FQDN. */
export interface PstnGateway {
  fqdn: string;
  sipSignalingPort: number;
  maxConcurrentSessions: number | null;
  enabled: boolean;
  mediaBypass: boolean;
  failoverTimeSeconds: number;
  failoverResponseCodes: string;
  forwardPai: boolean;
  forwardCallHistory: boolean;
  sendSipOptions: boolean;
  /** Sends the caller's location (PIDF-LO) in emergency calls' INVITEs (configure-dynamic-emergency-calling). */
  pidfloSupported: boolean;
  description: string;
  inboundTeamsNumberTranslationRules: string[];
  inboundPstnNumberTranslationRules: string[];
  outboundTeamsNumberTranslationRules: string[];
  outboundPstnNumberTranslationRules: string[];
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
  pidfloSupported?: boolean;
  description?: string;
  inboundTeamsNumberTranslationRules?: string[];
  inboundPstnNumberTranslationRules?: string[];
  outboundTeamsNumberTranslationRules?: string[];
  outboundPstnNumberTranslationRules?: string[];
  /** false: no ownership marker; kept exactly as in the tenant (brownfield). */
  owned?: boolean;
  /** The SBC's software as the operator declares it (health --readiness); never sent to Teams. */
  sbc?: { vendor: string; product?: string; version: string };
}

/** The gateway's four ordered translation-rule lists (applied in order). */
export const TRANSLATION_LISTS = [
  'inboundTeamsNumberTranslationRules',
  'inboundPstnNumberTranslationRules',
  'outboundTeamsNumberTranslationRules',
  'outboundPstnNumberTranslationRules',
] as const;

/** Gateway attribute defaults as documented for New-CsOnlinePSTNGateway (teams-cmdlets.md §1). */
export const GATEWAY_DEFAULTS: Omit<PstnGateway, 'fqdn' | 'sipSignalingPort'> = {
  maxConcurrentSessions: null,
  enabled: false,
  mediaBypass: false,
  failoverTimeSeconds: 10,
  failoverResponseCodes: '408,503,504',
  forwardPai: false,
  forwardCallHistory: false,
  sendSipOptions: true,
  pidfloSupported: false,
  description: '',
  inboundTeamsNumberTranslationRules: [],
  inboundPstnNumberTranslationRules: [],
  outboundTeamsNumberTranslationRules: [],
  outboundPstnNumberTranslationRules: [],
};

function fromSpec(g: GatewaySpec): PstnGateway {
  const out: PstnGateway = {
    ...GATEWAY_DEFAULTS,
    fqdn: g.fqdn,
    sipSignalingPort: g.sipSignalingPort,
    description: describe(g),
  };
  for (const key of Object.keys(GATEWAY_DEFAULTS) as (keyof typeof GATEWAY_DEFAULTS)[]) {
    const value = g[key];
    if (key !== 'description' && value !== undefined) (out as unknown as Record<string, unknown>)[key] = value;
  }
  out.failoverResponseCodes = out.failoverResponseCodes.replace(/\s+/g, '');
  return out;
}

/** Teams limits (reference/teams-cmdlets.md §0.4). */
export const GATEWAY_LIMITS = { fqdnLength: 63, maxConcurrentSessions: 100_000 } as const;

export const gatewayKind: KindDef<'gateway', 'gateways', PstnGateway, GatewaySpec> = {
  kind: 'gateway',
  list: 'gateways',
  label: 'gateway',
  identity: 'fqdn',
  ownership: 'description-marker',
  dependsOn: ['translationRule'],
  limits: GATEWAY_LIMITS,
  fromSpec: (spec) => (spec.gateways ?? []).map(fromSpec),
  toSpec: (g) => {
    const out: GatewaySpec = { fqdn: g.fqdn, sipSignalingPort: g.sipSignalingPort };
    for (const [k, def] of Object.entries(GATEWAY_DEFAULTS)) {
      const value = (g as unknown as Record<string, unknown>)[k];
      if (k !== 'description' && JSON.stringify(value) !== JSON.stringify(def))
        (out as unknown as Record<string, unknown>)[k] = value;
    }
    return { ...out, ...exportDescription(g.description) };
  },
  uses: (g) => TRANSLATION_LISTS.flatMap((list) => g[list].map((name) => ({ kind: 'translationRule', name }))),
  references: (g) =>
    TRANSLATION_LISTS.flatMap((list) =>
      (g[list] ?? []).map((name, j): SpecReference => ({ kind: 'translationRule', name, path: `/${list}/${j}` })),
    ),
};
