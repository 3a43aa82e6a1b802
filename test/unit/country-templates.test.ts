/**
 * Country templates checked against data nobody here wrote: Google libphonenumber. Every number
 * type it has an example for (and numbers near the example of the same type), dialled the ways a
 * local user would, normalized by the rendered dial plan and routed by the site's policies; short
 * and service numbers by ShortNumberInfo's category and cost; emergency numbers by its emergency
 * data. Expectations come from libphonenumber, never from the templates.
 */
import lib from 'google-libphonenumber';
import { describe, expect, it } from 'vitest';
import { buildDesiredState } from '../../src/model/desired-state.js';
import { renderSpec } from '../../src/render/render-spec.js';
import { simulateCall } from '../../src/simulate/simulate-call.js';
import { checkFragmentSchema } from '../../src/validate/check-schema.js';
import type { Spec } from '../../src/kinds/spec-document.js';
import { builtinLibrary, TENANT_ID } from '../support/builders.js';
import { REAL_SHORT_NUMBERS } from './fixtures/short-numbers.js';

const util = lib.PhoneNumberUtil.getInstance();
const shortInfo = lib.ShortNumberInfo.getInstance();
const { PhoneNumberType: T, PhoneNumberFormat: F } = lib;
const COUNTRIES = [
  'US',
  'CA',
  'GB',
  'IE',
  'DE',
  'FR',
  'NL',
  'BE',
  'ES',
  'IT',
  'AU',
  'NZ',
  'AT',
  'CH',
  'SE',
  'DK',
  'NO',
  'FI',
  'PL',
  'PT',
];
/** libphonenumber's number types and the class of the country template each belongs to. */
const TYPES: [string, lib.PhoneNumberType, string][] = [
  ['FIXED_LINE', T.FIXED_LINE, 'National'],
  ['MOBILE', T.MOBILE, 'Mobile'],
  ['TOLL_FREE', T.TOLL_FREE, 'TollFree'],
  ['PREMIUM_RATE', T.PREMIUM_RATE, 'Premium'],
  ['SHARED_COST', T.SHARED_COST, 'SharedCost'],
  ['VOIP', T.VOIP, 'VoIP'],
  ['PERSONAL_NUMBER', T.PERSONAL_NUMBER, 'Personal'],
  ['PAGER', T.PAGER, 'Pager'],
  ['UAN', T.UAN, 'UAN'],
  ['VOICEMAIL', T.VOICEMAIL, 'Voicemail'],
];
const TIER_POLICIES = ['Local', 'National', 'International'] as const;
const COST_TIER: Record<number, { route: string; tier: (typeof TIER_POLICIES)[number] }> = {
  [lib.ShortNumberInfo.ShortNumberCost.TOLL_FREE]: { route: 'Service', tier: 'Local' },
  [lib.ShortNumberInfo.ShortNumberCost.STANDARD_RATE]: { route: 'ServiceStandard', tier: 'National' },
  [lib.ShortNumberInfo.ShortNumberCost.UNKNOWN_COST]: { route: 'ServiceStandard', tier: 'National' },
  [lib.ShortNumberInfo.ShortNumberCost.PREMIUM_RATE]: { route: 'ServicePremium', tier: 'International' },
};

/**
 * Emergency numbers the templates list beyond libphonenumber's: Teams' emergency address test call
 * (US 933), and Spain's police, Guardia Civil, medical and fire lines (091, 062, 061, 080), which
 * libphonenumber files as standard-rate short codes but which must work from every tier.
 */
const MORE_EMERGENCY: Record<string, string[]> = { US: ['933'], ES: ['091', '062', '061', '080'] };
const isEmergency = (dialed: string, iso: string): boolean =>
  shortInfo.isEmergencyNumber(dialed, iso) || (MORE_EMERGENCY[iso]?.includes(dialed) ?? false);

const digits = (s: string): string => s.replace(/\D/g, '');

const sites = new Map<string, ReturnType<typeof renderSite>>();
async function siteFor(iso: string) {
  if (!sites.has(iso)) sites.set(iso, renderSite(iso, await builtinLibrary()));
  return sites.get(iso)!;
}

function renderSite(iso: string, library: Awaited<ReturnType<typeof builtinLibrary>>) {
  const country = library.countries.get(iso)!;
  const fixed = util.getExampleNumberForType(iso, T.FIXED_LINE);
  const nsn = util.getNationalSignificantNumber(fixed);
  const areaCode = nsn.slice(0, util.getLengthOfGeographicalAreaCode(fixed));
  const spec: Spec = {
    apiVersion: 'voiceform/v1',
    customer: { name: 'T', tenantId: TENANT_ID, domain: 'contoso.com' },
    gateways: [{ fqdn: 'sbc.contoso.com', sipSignalingPort: 5061 }],
    sites: [
      {
        name: 'Test',
        country: iso,
        template: 'country-standard',
        params: areaCode ? { areaCode } : {},
        gateways: ['sbc.contoso.com'],
      },
    ],
  };
  const { rendered, problems } = renderSpec(spec, library, checkFragmentSchema);
  expect(problems).toEqual([]);
  const voice = buildDesiredState(rendered).voice;
  const meta = util.getMetadataForRegion(iso);
  const intlPrefix = meta.getPreferredInternationalPrefix() || meta.getInternationalPrefix();
  const call = (dialed: string, tier: (typeof TIER_POLICIES)[number] = 'International') =>
    simulateCall(voice, dialed, `${iso}-Test`, `${iso}-Test-${tier}`);
  return { country, areaCode, intlPrefix, call };
}

/** A short number as libphonenumber models it (leading zeros kept, as ShortNumberInfo expects). */
function shortNumber(iso: string, dialed: string): lib.PhoneNumber {
  const n = new lib.PhoneNumber();
  n.setCountryCode(util.getCountryCodeForRegion(iso));
  n.setNationalNumber(Number(dialed));
  const zeros = dialed.length - String(Number(dialed)).length;
  if (zeros > 0) {
    n.setItalianLeadingZero(true);
    if (zeros > 1) n.setNumberOfLeadingZeros(zeros);
  }
  return n;
}

/** The example of a type and numbers near it (last two digits changed) that are of the same type. */
function numbersOfType(iso: string, type: lib.PhoneNumberType): lib.PhoneNumber[] {
  const example = util.getExampleNumberForType(iso, type);
  const nsn = util.getNationalSignificantNumber(example);
  const near: lib.PhoneNumber[] = [];
  for (const delta of [1, 7, 13, 42, 99]) {
    const tail = String((Number(nsn.slice(-2)) + delta) % 100).padStart(2, '0');
    const candidate = util.parse(`+${example.getCountryCode()}${nsn.slice(0, -2)}${tail}`, iso);
    if (sameType(util.getNumberType(candidate), type) && util.isValidNumberForRegion(candidate, iso))
      near.push(candidate);
  }
  return [example, ...near.slice(0, 3)];
}

const sameType = (a: lib.PhoneNumberType, b: lib.PhoneNumberType): boolean =>
  a === b || ((b === T.FIXED_LINE || b === T.MOBILE) && a === T.FIXED_LINE_OR_MOBILE);

/** The ways a user at the site dials a number: national format, international prefix, E.164, local. */
function dialForms(
  iso: string,
  n: lib.PhoneNumber,
  site: Awaited<ReturnType<typeof siteFor>>,
  local: boolean,
): string[] {
  const nsn = util.getNationalSignificantNumber(n);
  const forms = new Set([
    digits(util.formatOutOfCountryCallingNumber(n, iso)),
    `${site.intlPrefix}${n.getCountryCode()}${nsn}`,
    util.format(n, F.E164),
  ]);
  if (site.country.trunkOptional) forms.add(`${site.country.trunkPrefix}${nsn}`);
  if (local) forms.add(nsn.slice(site.areaCode.length));
  return [...forms];
}

const cases = COUNTRIES.flatMap((iso) =>
  TYPES.filter(([, type]) => util.getExampleNumberForType(iso, type) !== null).map(
    ([name, type, cls]) => [iso, name, type, cls] as const,
  ),
);

describe('every libphonenumber number type of the 20 countries', () => {
  it('covers every country and at least the four common types of each', () => {
    for (const iso of COUNTRIES) expect(cases.filter((c) => c[0] === iso).length, iso).toBeGreaterThanOrEqual(4);
  });

  it.each(cases)('%s %s: the example and numbers near it, however dialled', async (iso, name, type, cls) => {
    const site = await siteFor(iso);
    const has = (c: string) => site.country.classes.some((k) => k.class === c);
    for (const n of numbersOfType(iso, type)) {
      const e164 = util.format(n, F.E164);
      const nsn = util.getNationalSignificantNumber(n);
      // Where fixed and mobile ranges overlap (NANP, Denmark) libphonenumber cannot tell them apart.
      const either = util.getNumberType(n) === T.FIXED_LINE_OR_MOBILE;
      const own = has(cls) ? cls : 'National';
      const local =
        (own === 'National' || either) &&
        site.country.localDialing !== null &&
        site.areaCode !== '' &&
        nsn.startsWith(site.areaCode);
      const accepted = local ? ['Local'] : either ? ['National', 'Mobile'] : [own];
      for (const dialed of dialForms(iso, n, site, local)) {
        const r = site.call(dialed);
        expect({ dialed, normalized: r.normalized }).toEqual({ dialed, normalized: e164 });
        expect(
          accepted.map((c) => `${iso}-Test-${c}`),
          dialed,
        ).toContain(r.route?.name);
      }
      // A class is reachable from its tier and no lower one.
      const reached = site.call(e164).route!.name;
      const tier = local ? 'Local' : site.country.classes.find((k) => `${iso}-Test-${k.class}` === reached)!.tier;
      for (const policy of TIER_POLICIES) {
        const from = site.call(e164, policy).route?.name;
        if (TIER_POLICIES.indexOf(policy) >= TIER_POLICIES.indexOf(tier))
          expect(from, `${e164} from ${policy}`).toBe(reached);
        else expect(from, `${e164} from ${policy}`).toBeUndefined();
      }
    }
  });
});

describe.each(COUNTRIES)('short, service and emergency numbers of %s', (iso) => {
  const expectShort = (site: Awaited<ReturnType<typeof siteFor>>, dialed: string): void => {
    const emergency = isEmergency(dialed, iso);
    const { route, tier } = emergency
      ? { route: 'Emergency', tier: 'Local' as const }
      : COST_TIER[shortInfo.getExpectedCostForRegion(shortNumber(iso, dialed), iso)]!;
    for (const policy of TIER_POLICIES) {
      const r = site.call(dialed, policy);
      expect(r.normalized, `${dialed} is kept as dialled`).toBe(dialed);
      const reachable = TIER_POLICIES.indexOf(policy) >= TIER_POLICIES.indexOf(tier);
      expect({ dialed, policy, route: r.route?.name ?? null }).toEqual({
        dialed,
        policy,
        route: reachable ? `${iso}-Test-${route}` : null,
      });
    }
  };

  it('routes at least 8 real short numbers libphonenumber confirms, by their category and cost', async () => {
    const site = await siteFor(iso);
    const confirmed = REAL_SHORT_NUMBERS[iso]!.filter((d) =>
      shortInfo.isValidShortNumberForRegion(shortNumber(iso, d), iso),
    );
    expect(confirmed.length, `confirmed: ${confirmed.join(' ')}`).toBeGreaterThanOrEqual(8);
    for (const dialed of confirmed) expectShort(site, dialed);
  });

  it("routes libphonenumber's example short number of each cost", async () => {
    const site = await siteFor(iso);
    const examples = [
      shortInfo.getExampleShortNumber(iso),
      ...Object.keys(COST_TIER).map((c) => shortInfo.getExampleShortNumberForCost(iso, Number(c))),
    ];
    for (const dialed of examples.filter(Boolean)) expectShort(site, dialed);
  });

  it('routes every valid 3- and 4-digit short code by cost, and no other string to a Service route', async () => {
    const site = await siteFor(iso);
    for (let i = 0; i < 11000; i++) {
      const dialed = i < 1000 ? String(i).padStart(3, '0') : String(i - 1000).padStart(4, '0');
      if (shortInfo.isValidShortNumberForRegion(shortNumber(iso, dialed), iso) || isEmergency(dialed, iso))
        expectShort(site, dialed);
      else expect(site.call(dialed).route?.name ?? '', dialed).not.toMatch(/-Service/);
    }
  });

  it('has every number libphonenumber calls an emergency number in the Emergency route and policy', async () => {
    const site = await siteFor(iso);
    const emergency: string[] = [];
    for (let len = 2; len <= 5; len++) {
      for (let i = 0; i < 10 ** len; i++)
        if (shortInfo.isEmergencyNumber(String(i).padStart(len, '0'), iso))
          emergency.push(String(i).padStart(len, '0'));
    }
    expect(emergency.length).toBeGreaterThan(0);
    expect(site.country.emergencyNumbers).toEqual(expect.arrayContaining(emergency));
    for (const dialed of emergency)
      expect(site.call(dialed, 'Local').route?.name, dialed).toBe(`${iso}-Test-Emergency`);
  });

  it("routes another country's number, dialled with the international prefix, as International", async () => {
    const site = await siteFor(iso);
    const foreign = util.getExampleNumberForType(iso === 'GB' ? 'DE' : 'GB', T.FIXED_LINE);
    const r = site.call(digits(util.formatOutOfCountryCallingNumber(foreign, iso)));
    expect(r.normalized).toBe(util.format(foreign, F.E164));
    expect(r.route?.name).toBe(`${iso}-Test-International`);
  });
});
