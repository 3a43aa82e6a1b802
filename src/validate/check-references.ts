import { identityKey } from '../kinds/identity.js';
import type { Problem } from '../errors.js';
import { GRANTS } from '../kinds/grants.js';
import { ARRAY_KINDS, kindDef, type TenantKind } from '../kinds/registry.js';
import type { RenderedSpec, Spec } from '../kinds/spec-document.js';

/** A case-insensitive name index (Teams compares identities case-insensitively). */
class NameIndex {
  private readonly byKey = new Set<string>();
  constructor(
    readonly what: string,
    names: Iterable<string>,
  ) {
    for (const n of names) this.byKey.add(identityKey(n));
  }
  has(name: string): boolean {
    return this.byKey.has(identityKey(name));
  }
}

type Entry = Record<string, unknown>;

/** The names of a kind's spec entries (its identity attribute; PSTN usages are plain strings). */
function namesOf(spec: Spec, kind: TenantKind): string[] {
  const def = kindDef(kind);
  return ((spec[def.list as keyof Spec] ?? []) as unknown[]).map((o) =>
    typeof o === 'string' ? o : String((o as Entry)[def.specIdentity ?? def.identity]),
  );
}

/**
 * Where a problem inside entry i of a spec array is reported: inside the entry as written, or at
 * the template that rendered it (with the entry's name, since the template's text has no path).
 */
export function entryPath(
  rendered: RenderedSpec,
  list: keyof RenderedSpec['origins'],
  i: number,
): { at: string; explicit: boolean; where: (suffix: string) => string } {
  const at = rendered.origins[list][i] ?? `/${list}/${i}`;
  const explicit = at.startsWith(`/${list}/`);
  return { at, explicit, where: (suffix) => (explicit ? `${at}${suffix}` : at) };
}

/** Checks every reference between objects of a rendered spec, kind by kind from the registry. Pure; collects all problems. */
export function checkReferences(rendered: RenderedSpec): Problem[] {
  const { spec } = rendered;
  const problems: Problem[] = [];
  const indexes = new Map(
    ARRAY_KINDS.map((def) => [def.kind as string, new NameIndex(def.label, namesOf(spec, def.kind))]),
  );
  const sites = new NameIndex(
    'site',
    (spec.sites ?? []).map((s) => s.name),
  );
  // Resource accounts name their site (its country is the usage location their number needs).
  indexes.set('site', sites);
  const ref = (index: NameIndex, name: string, path: string, hint = ''): void => {
    if (!index.has(name))
      problems.push({
        path,
        rule: 'reference',
        message: `${index.what} ${JSON.stringify(name)} is not defined in the spec${hint}`,
      });
  };

  // A missing name in rendered objects is one problem per template and name, listing the objects
  // (one undefined gateway reached 13 routes of a site: 13 problems saying one thing).
  const rendering = new Map<string, { index: NameIndex; name: string; at: string; users: string[] }>();
  for (const def of ARRAY_KINDS) {
    if (!def.references) continue;
    const references = def.references as (o: unknown) => { kind: string; name: string; path: string }[];
    ((spec[def.list] ?? []) as unknown as Entry[]).forEach((entry, i) => {
      const { at, explicit, where } = entryPath(rendered, def.list, i);
      for (const r of references(entry)) {
        const index = indexes.get(r.kind)!;
        if (explicit) ref(index, r.name, where(r.path));
        else if (!index.has(r.name) && !siteNames(spec, at, r.kind, r.name)) {
          const key = `${at}\0${r.kind}\0${identityKey(r.name)}`;
          const seen = rendering.get(key) ?? { index, name: r.name, at, users: [] };
          seen.users.push(`${def.label} ${String(entry[def.specIdentity ?? def.identity])}`);
          rendering.set(key, seen);
        }
      }
    });
  }
  for (const { index, name, at, users } of rendering.values()) {
    const shown = users.length > 3 ? `${users.slice(0, 3).join(', ')} and ${users.length - 3} more` : users.join(', ');
    ref(index, name, at, ` (rendered into ${shown})`);
  }
  // Sites and users name their grants' policies (the site's are its users' defaults).
  const grants = (holder: Partial<Record<string, unknown>>, at: string): void => {
    for (const g of GRANTS) {
      const name = holder[g.attribute];
      if (typeof name === 'string') ref(indexes.get(g.policyKind)!, name, `${at}/${g.attribute}`);
    }
  };
  (spec.sites ?? []).forEach((s, i) => {
    (s.gateways ?? []).forEach((g, j) => ref(indexes.get('gateway')!, g, `/sites/${i}/gateways/${j}`));
    grants(s, `/sites/${i}`);
  });
  (spec.users ?? []).forEach((u, i) => {
    if (u.absent) return;
    if (u.site !== undefined) ref(sites, u.site, `/users/${i}/site`);
    grants(u, `/users/${i}`);
  });
  return problems;
}

/**
 * The template at `at` (`/sites/i/template`) took this gateway from the site's own `gateways`,
 * where the missing name is already reported.
 */
function siteNames(spec: Spec, at: string, kind: string, name: string): boolean {
  const site = /^\/sites\/(\d+)\/template$/.exec(at);
  if (!site || kind !== 'gateway') return false;
  return (spec.sites?.[Number(site[1])]?.gateways ?? []).some((g) => identityKey(g) === identityKey(name));
}

/** Checks that names are unique per kind, case-insensitively, across explicit and rendered objects; and each kind's own entry rules. */
export function checkUniqueNames(rendered: RenderedSpec): Problem[] {
  const { spec } = rendered;
  const problems: Problem[] = [];
  const unique = (what: string, names: string[], pathOf: (i: number) => string): void => {
    const first = new Map<string, number>();
    names.forEach((name, i) => {
      const key = identityKey(name);
      const prev = first.get(key);
      if (prev === undefined) {
        first.set(key, i);
        return;
      }
      problems.push({
        path: pathOf(i),
        rule: 'unique-name',
        message: `${what} ${JSON.stringify(name)} is already defined at ${pathOf(prev)} (Teams compares names case-insensitively)`,
      });
    });
  };
  unique(
    'site',
    (spec.sites ?? []).map((s) => s.name),
    (i) => `/sites/${i}/name`,
  );
  unique(
    'user',
    (spec.users ?? []).map((u) => u.upn),
    (i) => `/users/${i}/upn`,
  );
  for (const def of ARRAY_KINDS) {
    // Paths as before the registry: an SBC's FQDN, other entries as a whole.
    const suffix = def.identity === 'fqdn' ? '/fqdn' : '';
    unique(def.label, namesOf(spec, def.kind), (i) => entryPath(rendered, def.list, i).where(suffix));
    if (!def.checkSpecEntry) continue;
    const check = def.checkSpecEntry as (o: unknown, where: (suffix: string) => string) => Problem[];
    ((spec[def.list] ?? []) as unknown[]).forEach((entry, i) =>
      problems.push(...check(entry, entryPath(rendered, def.list, i).where)),
    );
  }
  return problems;
}
