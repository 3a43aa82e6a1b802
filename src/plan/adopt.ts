import { Address, nameOf, sameName } from '../addr/address.js';
import type { Problem } from '../errors.js';
import { isOrgDefault } from '../kinds/grants.js';
import { isMarked, markDescription } from '../kinds/ownership.js';
import { ARRAY_KINDS, kindDef, listOf, type TenantKind, type TenantVoiceState } from '../kinds/registry.js';

type Obj = Record<string, unknown>;

export interface Adoption {
  /** The tenant's voice state with the adopted objects marked as Voiceform's: the desired state. */
  voice: TenantVoiceState;
  adopted: string[];
  /** Named but not in the tenant (a plan of the spec would create them). */
  missing: string[];
  /** Adopted objects that use one that would stay unmanaged. */
  problems: Problem[];
}

/**
 * Which hand-made objects become Voiceform's: those of `named` (a spec's desired state; none given:
 * every hand-made object but the org-wide Globals) that are in the tenant without the marker, and
 * not `owned: false` in the spec. Their only change is the marker in the Description, so the plan
 * of the result touches nothing else. An adopted object that uses another object of a marked kind
 * that stays unmanaged is refused, naming both. Pure.
 */
export function adopt(current: TenantVoiceState, named: TenantVoiceState | undefined): Adoption {
  const voice = structuredClone(current);
  const adopted: string[] = [];
  const missing: string[] = [];
  const marked = new Set<string>();
  const kinds = ARRAY_KINDS.filter((k) => k.ownership === 'description-marker').map((k) => k.kind as TenantKind);
  for (const kind of kinds) {
    const have = listOf(voice, kind) as unknown as Obj[];
    const wanted = named
      ? (listOf(named, kind) as unknown as Obj[]).filter((o) => isMarked(o.description as string))
      : have.filter((o) => !isMarked(o.description as string) && !isOrgDefault(kind, nameOf(kind, o)));
    for (const w of wanted) {
      const name = nameOf(kind, w);
      const o = have.find((x) => sameName(nameOf(kind, x), name));
      if (!o) {
        missing.push(String(Address.of(kind, name)));
        continue;
      }
      if (isMarked(o.description as string)) continue;
      o.description = markDescription(o.description as string);
      adopted.push(String(Address.of(kind, nameOf(kind, o))));
    }
    for (const o of have) if (isMarked(o.description as string)) marked.add(Address.ofObject(kind, o).key);
  }
  const problems: Problem[] = [];
  for (const kind of kinds) {
    const uses = kindDef(kind).uses as ((o: object) => { kind: string; name: string }[]) | undefined;
    if (!uses) continue;
    for (const o of listOf(voice, kind) as unknown as Obj[]) {
      const address = String(Address.of(kind, nameOf(kind, o)));
      if (!adopted.includes(address)) continue;
      for (const u of uses(o)) {
        if (kindDef(u.kind as TenantKind).ownership !== 'description-marker') continue;
        if (marked.has(Address.of(u.kind as TenantKind, u.name).key)) continue;
        problems.push({
          path: '',
          rule: 'adopt.unmanaged-dependency',
          message: `${address} uses ${String(Address.of(u.kind as TenantKind, u.name))}, which would stay unmanaged: name it too, or leave ${address} out`,
        });
      }
    }
  }
  return { voice, adopted, missing, problems };
}
