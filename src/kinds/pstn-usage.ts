import type { KindDef } from './kind-def.js';

/** One entry of the tenant-wide Global PSTN usage list (`Set-CsOnlinePstnUsage`). */
export interface PstnUsage {
  name: string;
}

export const pstnUsageKind: KindDef<'pstnUsage', 'pstnUsages', PstnUsage, string> = {
  kind: 'pstnUsage',
  list: 'pstnUsages',
  label: 'PSTN usage',
  identity: 'name',
  ownership: 'usage-references',
  dependsOn: [],
  fromSpec: (spec) => (spec.pstnUsages ?? []).map((name) => ({ name })),
  toSpec: (u) => u.name,
};
