import { describe, exportDescription, type SpecReference, type KindDef } from './kind-def.js';

/** `*-CsOnlineVoiceRoute`. */
export interface VoiceRoute {
  name: string;
  numberPattern: string;
  priority: number;
  gateways: string[];
  pstnUsages: string[];
  description: string;
}

export interface VoiceRouteSpec {
  name: string;
  numberPattern: string;
  priority?: number;
  gateways: string[];
  pstnUsages: string[];
  description?: string;
  /** false: no ownership marker; kept exactly as in the tenant (brownfield). */
  owned?: boolean;
}

export const voiceRouteKind: KindDef<'voiceRoute', 'voiceRoutes', VoiceRoute, VoiceRouteSpec> = {
  kind: 'voiceRoute',
  list: 'voiceRoutes',
  label: 'voice route',
  identity: 'name',
  ownership: 'description-marker',
  dependsOn: ['gateway', 'pstnUsage'],
  caseless: ['gateways', 'pstnUsages'],
  fromSpec: (spec) =>
    (spec.voiceRoutes ?? []).map((r) => ({
      name: r.name,
      numberPattern: r.numberPattern,
      priority: r.priority ?? 0,
      gateways: r.gateways,
      pstnUsages: r.pstnUsages,
      description: describe(r),
    })),
  toSpec: (r) => ({
    name: r.name,
    numberPattern: r.numberPattern,
    priority: r.priority,
    gateways: r.gateways,
    pstnUsages: r.pstnUsages,
    ...exportDescription(r.description),
  }),
  // Teams keeps priorities unique tenant-wide and renumbers them (New-CsOnlineVoiceRoute.md): only the order among routes of one usage routes calls.
  orderedBy: { attribute: 'priority', within: (r) => r.pstnUsages },
  uses: (r) => [
    ...r.gateways.map((name) => ({ kind: 'gateway', name })),
    ...r.pstnUsages.map((name) => ({ kind: 'pstnUsage', name })),
  ],
  references: (r) => [
    ...r.gateways.map((name, j): SpecReference => ({ kind: 'gateway', name, path: `/gateways/${j}` })),
    ...r.pstnUsages.map((name, j): SpecReference => ({ kind: 'pstnUsage', name, path: `/pstnUsages/${j}` })),
  ],
};
