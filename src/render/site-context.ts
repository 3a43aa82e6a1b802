import type { Problem } from '../errors.js';
import type { CustomerSpec, SiteSpec } from '../kinds/spec-document.js';
import { TIERS, type CountryData, type ShortNumbers, type Tier } from './country-data.js';
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
    problems.push({
      path: `${at}/areaCode`,
      rule: 'template.param',
      message: `areaCode must be 1–5 digits (without trunk prefix), got ${JSON.stringify(areaCode)}`,
    });
  } else if (
    areaCode !== undefined &&
    country.trunkPrefix &&
    areaCode.startsWith(country.trunkPrefix) &&
    !country.trunkOptional
  ) {
    // NL "020" would build +31020… numbers that do not exist: the trunk prefix is dialled, never part of the number.
    const fixed = areaCode.slice(country.trunkPrefix.length);
    problems.push({
      path: `${at}/areaCode`,
      rule: 'template.area-code',
      message: `areaCode ${JSON.stringify(areaCode)} starts with ${country.name}'s trunk prefix ${country.trunkPrefix}; write it without: ${JSON.stringify(fixed)}`,
    });
  }
  const defaultTier = String(params.defaultTier ?? 'National');
  if (!(TIERS as readonly string[]).includes(defaultTier)) {
    problems.push({
      path: `${at}/defaultTier`,
      rule: 'template.param',
      message: `defaultTier must be one of ${TIERS.join(', ')}`,
    });
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
    routes.push({
      name,
      numberPattern: routePattern,
      priority: routes.length,
      usage: name,
      description: `${site.name} ${CLASS_WORDS[cls] ?? `${cls} calls`}`,
    });
    if (rule) rules.push({ name, ...rule });
    tierOf.set(name, tier);
  };

  const emergency = country.emergencyNumbers.map(escapeRegex).join('|');
  add('Emergency', 'Local', `^\\+?(?:${emergency})$`, { pattern: `^(${emergency})$`, translation: '$1' });
  const service = serviceClasses(country.shortNumbers, emergency);
  if (service.length > 0) {
    // Kept as dialled, and before every other rule: 116117 must never become a Berlin number.
    rules.push({ name: `${prefix}-Service`, pattern: `^(${country.shortNumbers!.shortCode})$`, translation: '$1' });
    for (const s of service) add(s.class, s.tier, s.pattern);
  }
  let localRule: ContextRule | undefined;
  if (areaCode && country.localDialing) {
    const [min, max] =
      localDigits ?? (country.localDialing.fixedNsnLength.map((n) => n - areaCode.length) as [number, number]);
    const first = country.localDialing.firstDigit;
    const rest = min === max ? `\\d{${min - 1}}` : `\\d{${min - 1},${max - 1}}`;
    add('Local', 'Local', `^\\+${cc}${areaCode}${first}${rest}$`);
    localRule = { name: `${prefix}-Local`, pattern: `^(${first}${rest})$`, translation: `+${cc}${areaCode}$1` };
  }
  const intl = escapeRegex(country.internationalPrefix);
  rules.push({ name: `${prefix}-International`, pattern: `^${intl}([1-9]\\d{6,14})$`, translation: '+$1' });
  const trunk = escapeRegex(country.trunkPrefix);
  country.classes.forEach((c, i) => {
    const dialPrefix = c.dialTrunk && trunk ? (country.trunkOptional ? `(?:${trunk})?` : trunk) : '';
    // A number belongs to the first class that matches; a policy without an earlier, dearer class
    // would otherwise reach its numbers through this one (a premium number as National).
    const dearer = country.classes
      .slice(0, i)
      .filter((e) => TIERS.indexOf(e.tier) > TIERS.indexOf(c.tier))
      .map((e) => e.nsn);
    const exclude = dearer.length > 0 ? `(?!(?:${dearer.join('|')})$)` : '';
    add(c.class, c.tier, `^\\+${cc}${exclude}(?:${c.nsn})$`, {
      pattern: `^${dialPrefix}(${c.nsn})$`,
      translation: `+${cc}$1`,
    });
  });
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
      emergencyPolicy: {
        name: `${prefix}-Emergency`,
        description: `${site.name}: emergency calls through the site's SBCs`,
        usage: `${prefix}-Emergency`,
        dialStrings: country.emergencyNumbers,
      },
    },
  };
}

/** How a route's description names its calls, where the class name alone would not say. */
const CLASS_WORDS: Record<string, string> = {
  Service: 'free short and service numbers (helplines, 116xxx), kept as dialled',
  ServiceStandard: 'standard-rate (or unknown-cost) short and service numbers, kept as dialled',
  ServicePremium: 'premium-rate short numbers, kept as dialled',
  SharedCost: 'shared-cost calls',
  UAN: 'universal access numbers',
  VoIP: 'VoIP-range calls',
  Personal: 'personal-number calls',
};

/**
 * Short and service numbers by what they cost, as libphonenumber's ShortNumberInfo decides
 * (premium, then standard rate, then toll-free; emergency numbers are toll-free; a valid short
 * code of no known cost is taken as standard rate): free ones from the lowest tier, standard from
 * National, premium only from International. Route patterns match the dialled string.
 */
function serviceClasses(
  short: ShortNumbers | undefined,
  emergency: string,
): { class: string; tier: Tier; pattern: string }[] {
  if (!short?.shortCode) return [];
  const valid = `(?=(?:${short.shortCode})$)`;
  const not = (p: string | undefined) => (p ? `(?!(?:${p})$)` : '');
  const free = [short.tollFree, emergency].filter(Boolean).join('|');
  const out: { class: string; tier: Tier; pattern: string }[] = [];
  if (short.tollFree)
    out.push({
      class: 'Service',
      tier: 'Local',
      pattern: `^${valid}${not(short.premiumRate)}${not(short.standardRate)}(?:${short.tollFree})$`,
    });
  const standard = short.standardRate ? `(?:${short.standardRate}|${not(free)}\\d+)` : `${not(free)}\\d+`;
  out.push({ class: 'ServiceStandard', tier: 'National', pattern: `^${valid}${not(short.premiumRate)}${standard}$` });
  if (short.premiumRate)
    out.push({ class: 'ServicePremium', tier: 'International', pattern: `^${valid}(?:${short.premiumRate})$` });
  return out;
}

function parseLocalDigits(value: unknown, path: string, problems: Problem[]): [number, number] | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{1,2})(?:-(\d{1,2}))?$/.exec(String(value));
  const min = Number(m?.[1]);
  const max = Number(m?.[2] ?? m?.[1]);
  if (!m || min < 1 || max < min || max > 15) {
    problems.push({
      path,
      rule: 'template.param',
      message: `localDigits must be a digit count such as 8 or a range such as "7-8"`,
    });
    return undefined;
  }
  return [min, max];
}
