import { checkFragmentSchema } from '../../src/spec/check-schema.js';
/**
 * Country templates checked against data nobody here wrote: Google libphonenumber's example
 * number per country and number type, dialled the ways a local user would, normalized by the
 * rendered dial plan and routed by the site's top-tier policy.
 */
import lib from 'google-libphonenumber';
import { describe, expect, it } from 'vitest';
import { buildDesiredState } from '../../src/model/desired-state.js';
import { renderSpec } from '../../src/render/render-spec.js';
import { simulateCall } from '../../src/simulate/simulate-call.js';
import type { Spec } from '../../src/spec/spec-types.js';
import { builtinLibrary, TENANT_ID } from '../support/builders.js';

const util = lib.PhoneNumberUtil.getInstance();
const { PhoneNumberType: T, PhoneNumberFormat: F } = lib;
const COUNTRIES = ['US', 'CA', 'GB', 'IE', 'DE', 'FR', 'NL', 'BE', 'ES', 'IT', 'AU', 'NZ'];
const TYPES: [string, lib.PhoneNumberType][] = [
  ['FIXED_LINE', T.FIXED_LINE],
  ['MOBILE', T.MOBILE],
  ['TOLL_FREE', T.TOLL_FREE],
  ['PREMIUM_RATE', T.PREMIUM_RATE],
];

const digits = (s: string): string => s.replace(/\D/g, '');

async function siteFor(iso: string) {
  const library = await builtinLibrary();
  const country = library.countries.get(iso)!;
  const fixed = util.getExampleNumberForType(iso, T.FIXED_LINE);
  const nsn = util.getNationalSignificantNumber(fixed);
  const areaCode = nsn.slice(0, util.getLengthOfGeographicalAreaCode(fixed));
  const spec: Spec = {
    apiVersion: 'voiceform/v1',
    customer: { name: 'T', tenantId: TENANT_ID, domain: 'contoso.com' },
    gateways: [{ fqdn: 'sbc.contoso.com', sipSignalingPort: 5061 }],
    sites: [{ name: 'Test', country: iso, template: 'country-standard', params: areaCode ? { areaCode } : {}, gateways: ['sbc.contoso.com'] }],
  };
  const { rendered, problems } = renderSpec(spec, library, checkFragmentSchema);
  expect(problems).toEqual([]);
  const voice = buildDesiredState(rendered).voice;
  const intlPrefix = util.getMetadataForRegion(iso).getPreferredInternationalPrefix() || util.getMetadataForRegion(iso).getInternationalPrefix();
  return { country, voice, areaCode, intlPrefix, dialPlan: `${iso}-Test`, policy: `${iso}-Test-International` };
}

function expectedClass(iso: string, type: string, nsn: string, site: Awaited<ReturnType<typeof siteFor>>): string {
  const has = (c: string) => site.country.classes.some((k) => k.class === c);
  if (type === 'TOLL_FREE') return 'TollFree';
  if (type === 'PREMIUM_RATE') return 'Premium';
  if (type === 'MOBILE' && has('Mobile')) return 'Mobile';
  return site.country.localDialing && site.areaCode && nsn.startsWith(site.areaCode) ? 'Local' : 'National';
}

describe.each(COUNTRIES)('country-standard for %s', (iso) => {
  it.each(TYPES)('routes the %s example however it is dialled', async (type, phoneType) => {
    const site = await siteFor(iso);
    const example = util.getExampleNumberForType(iso, phoneType);
    expect(example, `libphonenumber has a ${type} example for ${iso}`).toBeTruthy();
    const e164 = util.format(example, F.E164);
    const nsn = util.getNationalSignificantNumber(example);
    const cls = expectedClass(iso, type, nsn, site);
    const forms = new Set([
      digits(util.formatOutOfCountryCallingNumber(example, iso)), // national format, as dialled at home
      `${site.intlPrefix}${util.getCountryCodeForRegion(iso)}${nsn}`, // international prefix form
      e164,
    ]);
    if (site.country.trunkOptional) forms.add(`${site.country.trunkPrefix}${nsn}`);
    if (cls === 'Local') forms.add(nsn.slice(site.areaCode.length));
    for (const dialed of forms) {
      const r = simulateCall(site.voice, dialed, site.dialPlan, site.policy);
      expect({ dialed, normalized: r.normalized, route: r.route?.name }).toEqual({ dialed, normalized: e164, route: `${iso}-Test-${cls}` });
    }
  });

  it('routes another country\'s number, dialled with the international prefix, as International', async () => {
    const site = await siteFor(iso);
    const foreign = util.getExampleNumberForType(iso === 'GB' ? 'DE' : 'GB', T.FIXED_LINE);
    const dialed = digits(util.formatOutOfCountryCallingNumber(foreign, iso));
    const r = simulateCall(site.voice, dialed, site.dialPlan, site.policy);
    expect(r.normalized).toBe(util.format(foreign, F.E164));
    expect(r.route?.name).toBe(`${iso}-Test-International`);
  });

  it('reaches emergency numbers from the lowest tier and blocks premium there', async () => {
    const site = await siteFor(iso);
    for (const n of site.country.emergencyNumbers) {
      expect(simulateCall(site.voice, n, site.dialPlan, `${iso}-Test-Local`).route?.name).toBe(`${iso}-Test-Emergency`);
    }
    const premium = util.format(util.getExampleNumberForType(iso, T.PREMIUM_RATE), F.E164);
    expect(simulateCall(site.voice, premium, site.dialPlan, `${iso}-Test-National`).blocked).toMatch(/no route/);
  });
});
