import Handlebars from 'handlebars';
import type { Problem } from '../errors.js';
import { GRANTS } from '../kinds/grants.js';
import { ARRAY_KINDS, type SpecObjectArrays } from '../kinds/registry.js';
import type { GrantSpec, ObjectArrayName, RenderedSpec, SiteSpec, Spec, UserSpec } from '../kinds/spec-document.js';
import { buildSiteContext } from './site-context.js';
import { expandSiteEmergency, withOutsideLineMasks } from './site-emergency.js';
import { sameName } from '../kinds/identity.js';
import { TEMPLATE_HELPERS } from './template-helpers.js';
import type { TemplateLibrary } from './library.js';

const OBJECT_ARRAYS: ObjectArrayName[] = ARRAY_KINDS.map((k) => k.list);

/** What a template renders: objects (the fragment schema says which kinds) and the site's default grants. */
type Fragment = SpecObjectArrays & { defaults?: GrantSpec };

/** Validates what a template rendered against the fragment schema (the spec layer owns schemas). */
export type FragmentCheck = (fragment: unknown) => Problem[];

const handlebars = Handlebars.create();
for (const [name, helper] of Object.entries(TEMPLATE_HELPERS)) handlebars.registerHelper(name, helper);
const compiledCache = new Map<string, HandlebarsTemplateDelegate>();

/**
 * Expands every site's template into explicit objects and fills users' policy and dial plan from
 * their site. Pure apart from the compile cache. The result validates and renders to itself.
 */
export function renderSpec(
  spec: Spec,
  library: TemplateLibrary,
  checkFragment: FragmentCheck,
): { rendered: RenderedSpec; problems: Problem[] } {
  const out: Spec = structuredClone(spec);
  const origins = Object.fromEntries(
    OBJECT_ARRAYS.map((k) => [k, ((spec[k] ?? []) as unknown[]).map((_, i) => `/${k}/${i}`)]),
  ) as Record<ObjectArrayName, string[]>;
  const problems: Problem[] = [];
  out.sites = (spec.sites ?? []).map((site, i) => {
    if (!site.template) return { ...site, ...siteGrants(site, undefined) };
    const { fragment, problems: siteProblems } = renderSite(spec, site, i, library, checkFragment);
    problems.push(...siteProblems);
    const rest: SiteSpec = { ...site };
    delete rest.template;
    delete rest.params;
    if (!fragment) return rest;
    for (const k of OBJECT_ARRAYS) {
      const items = (fragment[k] ?? []) as never[];
      out[k] = [...((out[k] ?? []) as never[]), ...items];
      origins[k].push(...items.map(() => `/sites/${i}/template`));
    }
    return { ...rest, ...siteGrants(site, fragment.defaults) };
  });
  out.sites = out.sites.map((site, i) => {
    if (!site.emergency) return site;
    const { emergencyCallingPolicy, ...objects } = expandSiteEmergency(site);
    for (const [k, items] of Object.entries(objects) as [ObjectArrayName, never[]][]) {
      out[k] = [...((out[k] ?? []) as never[]), ...items];
      origins[k].push(...items.map(() => `/sites/${i}/emergency`));
    }
    // The site's own policy (its template's) gets the outside-line masks; a policy of the spec's own is the author's.
    const prefix = site.emergency.outsideLinePrefix;
    const ecrp = site.emergencyCallRoutingPolicy;
    if (prefix && ecrp)
      out.emergencyCallRoutingPolicies = out.emergencyCallRoutingPolicies?.map((p, j) =>
        sameName(p.name, ecrp) && origins.emergencyCallRoutingPolicies[j] === `/sites/${i}/template`
          ? withOutsideLineMasks(p, prefix)
          : p,
      );
    const rest: SiteSpec = { ...site, ...(emergencyCallingPolicy ? { emergencyCallingPolicy } : {}) };
    delete rest.emergency;
    return rest;
  });
  if (out.sites.length === 0 && spec.sites === undefined) delete out.sites;
  const siteByName = new Map((out.sites ?? []).map((s) => [s.name.toLowerCase(), s]));
  out.users = spec.users?.map((u) => withSiteDefaults(u, siteByName));
  if (out.users === undefined) delete out.users;
  return { rendered: { spec: out, origins }, problems };
}

/** A site's default grants: its own, else its params' (`params.callingLineIdentity`), else the template's. */
function siteGrants(site: SiteSpec, templateDefaults: GrantSpec | undefined): GrantSpec {
  const out: GrantSpec = {};
  for (const { attribute } of GRANTS) {
    const param = site.params?.[attribute];
    const name = site[attribute] ?? (typeof param === 'string' ? param : undefined) ?? templateDefaults?.[attribute];
    if (name !== undefined) out[attribute] = name;
  }
  return out;
}

/**
 * A user's grants: the user's own, else the site's (for every grant of kinds/grants.ts). Not the
 * site's voice routing policy for an Operator Connect user: its calls would leave through the
 * customer's SBC whenever a route of that policy matches (direct-routing-voice-routing.md).
 */
function withSiteDefaults(user: UserSpec, sites: Map<string, SiteSpec>): UserSpec {
  if (user.absent) return user;
  const site = user.site === undefined ? undefined : sites.get(user.site.toLowerCase());
  const out: UserSpec = { ...user };
  for (const { attribute } of GRANTS) {
    const inherits = !(attribute === 'voiceRoutingPolicy' && user.phoneNumberType === 'OperatorConnect');
    const name = user[attribute] ?? (inherits ? site?.[attribute] : undefined);
    if (name) out[attribute] = name;
  }
  return out;
}

/** Renders one site's template to a validated fragment; problems name the template file and site. */
export function renderSite(
  spec: Spec,
  site: SiteSpec,
  index: number,
  library: TemplateLibrary,
  checkFragment: FragmentCheck,
): { fragment?: Fragment; problems: Problem[] } {
  const at = `/sites/${index}`;
  const template = library.templates.get(site.template!);
  if (!template) {
    const known = [...library.templates.keys()].join(', ') || 'none';
    return {
      problems: [
        {
          path: `${at}/template`,
          rule: 'template.unknown',
          message: `no template named ${JSON.stringify(site.template)} (available: ${known})`,
        },
      ],
    };
  }
  const country = library.countries.get(site.country);
  if (!country) {
    const known = [...library.countries.keys()].sort().join(', ');
    return {
      problems: [
        {
          path: `${at}/country`,
          rule: 'template.country',
          message: `no country data for ${site.country} (available: ${known}); add it as countries/${site.country}.json in a templates folder of your own and pass --templates DIR (README "Adding a country"; schemas/country.schema.json)`,
        },
      ],
    };
  }
  if (!site.gateways || site.gateways.length === 0) {
    return {
      problems: [
        {
          path: `${at}/gateways`,
          rule: 'template.gateways',
          message: `site ${site.name} uses a template, which routes calls through the site's gateways: list at least one`,
        },
      ],
    };
  }
  const { context, problems } = buildSiteContext(spec.customer, site, index, country);
  if (!context) return { problems };
  const where = `template ${template.file} for site ${site.name}`;
  let text: string;
  try {
    let compiled = compiledCache.get(template.file + template.source);
    if (!compiled) {
      compiled = handlebars.compile(template.source, { noEscape: true });
      compiledCache.set(template.file + template.source, compiled);
    }
    text = compiled(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  } catch (err) {
    return {
      problems: [
        { path: `${at}/template`, rule: 'template.render', message: `${where} failed: ${(err as Error).message}` },
      ],
    };
  }
  let fragment: unknown;
  try {
    fragment = JSON.parse(text);
  } catch (err) {
    return {
      problems: [
        {
          path: `${at}/template`,
          rule: 'template.json',
          message: `${where} did not produce JSON: ${(err as Error).message}`,
        },
      ],
    };
  }
  const schemaProblems = checkFragment(fragment);
  if (schemaProblems.length > 0) {
    return {
      problems: schemaProblems.map((p) => ({
        path: `${at}/template`,
        rule: 'template.fragment',
        message: `${where} produced an invalid fragment at ${p.path || '/'}: ${p.message}`,
      })),
    };
  }
  return { fragment: fragment as Fragment, problems: [] };
}
