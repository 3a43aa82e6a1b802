import type { Problem } from '../errors.js';
import type { CustomerSpec, SiteSpec } from '../spec/spec-types.js';
import { TIERS, type CountryData, type Tier } from './country-data.js';
import { escapeRegex } from './template-helpers.js';

export interface ContextRoute {
  name: string;
  numberPattern: string;
  priority: number;
  usage: string;
  description: string;
}

export interface ContextRule {
  name: string;
  pattern: string;
  translation: string;
}

/**
 * What a site template sees: the site, its country, and the ready-made pieces of the standard
 * model (usages, routes, rules, policy tiers) named `<CC>-<Site>-<Class>`. Custom templates may
 * use the pieces or only `site`, `country` and `params`.
 */
export interface SiteContext {
  customer: CustomerSpec;
  site: SiteSpec;
  country: CountryData;
  params: Record<string, string | number | boolean>;
  prefix: string;
  gateways: string[];
  usages: string[];
  routes: ContextRoute[];
  rules: ContextRule[];
  tiers: { name: string; tier: Tier; usages: string[]; description: string }[];
  dialPlan: { name: string; description: string };
  defaultPolicy: string;
  /** The site's emergency call routing policy: every emergency number of the country, to the Emergency usage. */
  emergencyPolicy: { name: string; description: string; usage: string; dialStrings: string[] };
}

/** Builds the template context for one site (pure); problems name the site's params. */
export function buildSiteContext(
  customer: CustomerSpec,
  site: SiteSpec,
  siteIndex: number,
  country: CountryData,
): { context?: SiteContext; problems: Problem[] } {
  const params = site.params ?? {};
  const problems: Problem[] = [];
  const at = `/sites/${siteIndex}/params`;
  const areaCode = params.areaCode === undefined ? undefined : String(params.areaCode);
  if (areaCode !== undefined && !/^\d{1,5}$/.test(areaCode)) {
    problems.push({ path: `${at}/areaCode`, rule: 'template.param', message: `areaCode must be 1–5 digits (without trunk prefix), got ${JSON.stringify(areaCode)}` });
  } else if (areaCode !== undefined && country.trunkPrefix && areaCode.startsWith(country.trunkPrefix) && !country.trunkOptional) {
    // NL "020" would build +31020… numbers that do not exist: the trunk prefix is dialled, never part of the number.
    const fixed = areaCode.slice(country.trunkPrefix.length);
    problems.push({ path: `${at}/areaCode`, rule: 'template.area-code', message: `areaCode ${JSON.stringify(areaCode)} starts with ${country.name}'s trunk prefix ${country.trunkPrefix}; write it without: ${JSON.stringify(fixed)}` });
  }
  const defaultTier = String(params.defaultTier ?? 'National');
  if (!(TIERS as readonly string[]).includes(defaultTier)) {
    problems.push({ path: `${at}/defaultTier`, rule: 'template.param', message: `defaultTier must be one of ${TIERS.join(', ')}` });
  }
  const localDigits = parseLocalDigits(params.localDigits, `${at}/localDigits`, problems);
  if (problems.length > 0) return { problems };

  const cc = country.countryCode;
  const prefix = `${country.iso}-${site.name}`;
  const routes: ContextRoute[] = [];
  const rules: ContextRule[] = [];
  const tierOf = new Map<string, Tier>();
  const add = (cls: string, tier: Tier, routePattern: string, rule?: Omit<ContextRule, 'name'>): void => {
    const name = `${prefix}-${cls}`;
    routes.push({ name, numberPattern: routePattern, priority: routes.length, usage: name, description: `${site.name} ${cls} calls` });
    if (rule) rules.push({ name, ...rule });
    tierOf.set(name, tier);
  };

  const emergency = country.emergencyNumbers.map(escapeRegex).join('|');
  add('Emergency', 'Local', `^\\+?(?:${emergency})$`, { pattern: `^(${emergency})$`, translation: '$1' });
  let localRule: ContextRule | undefined;
  if (areaCode && country.localDialing) {
    const [min, max] = localDigits ?? country.localDialing.fixedNsnLength.map((n) => n - areaCode.length) as [number, number];
    const first = country.localDialing.firstDigit;
    const rest = min === max ? `\\d{${min - 1}}` : `\\d{${min - 1},${max - 1}}`;
    add('Local', 'Local', `^\\+${cc}${areaCode}${first}${rest}$`);
    localRule = { name: `${prefix}-Local`, pattern: `^(${first}${rest})$`, translation: `+${cc}${areaCode}$1` };
  }
  const intl = escapeRegex(country.internationalPrefix);
  rules.push({ name: `${prefix}-International`, pattern: `^${intl}([1-9]\\d{6,14})$`, translation: '+$1' });
  const trunk = escapeRegex(country.trunkPrefix);
  for (const c of country.classes) {
    const dialPrefix = c.dialTrunk && trunk ? (country.trunkOptional ? `(?:${trunk})?` : trunk) : '';
    add(c.class, c.tier, `^\\+${cc}(?:${c.nsn})$`, { pattern: `^${dialPrefix}(${c.nsn})$`, translation: `+${cc}$1` });
  }
  add('International', 'International', `^\\+(?!${cc})[1-9]\\d{6,14}$`);
  if (localRule) rules.push(localRule); // last: it would otherwise catch short national forms

  const usages = routes.map((r) => r.usage);
  const tiers = TIERS.map((tier, rank) => ({
    name: `${prefix}-${tier}`,
    tier,
    // Cheaper classes first: a tier's usages are the lower tiers' usages followed by its own.
    usages: TIERS.slice(0, rank + 1).flatMap((t) => usages.filter((u) => tierOf.get(u) === t)),
    description: `${site.name}: ${tier.toLowerCase()} calling (emergency always reachable)`,
  }));
  return {
    problems,
    context: {
      customer,
      site,
      country,
      params,
      prefix,
      gateways: site.gateways ?? [],
      usages,
      routes,
      rules,
      tiers,
      dialPlan: { name: prefix, description: `${site.name} (${country.name}) dialling` },
      defaultPolicy: `${prefix}-${defaultTier}`,
      emergencyPolicy: { name: `${prefix}-Emergency`, description: `${site.name}: emergency calls through the site's SBCs`, usage: `${prefix}-Emergency`, dialStrings: country.emergencyNumbers },
    },
  };
}

function parseLocalDigits(value: unknown, path: string, problems: Problem[]): [number, number] | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{1,2})(?:-(\d{1,2}))?$/.exec(String(value));
  const min = Number(m?.[1]);
  const max = Number(m?.[2] ?? m?.[1]);
  if (!m || min < 1 || max < min || max > 15) {
    problems.push({ path, rule: 'template.param', message: `localDigits must be a digit count such as 8 or a range such as "7-8"` });
    return undefined;
  }
  return [min, max];
}
