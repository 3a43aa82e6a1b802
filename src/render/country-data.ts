/**
 * Per-country dialling facts (`templates/countries/<ISO>.json`). Number classes are given as
 * patterns of the national significant number (NSN: the digits after the country code).
 */
export interface NumberClass {
  /** TollFree, Premium, Mobile, National… — becomes the object name suffix. */
  class: string;
  /** Lowest policy tier that may call this class: Local < National < International. */
  tier: Tier;
  /** Regex of the NSN (no anchors; alternations allowed). */
  nsn: string;
  /** Dialled nationally with the trunk prefix (false e.g. for AU 1800 numbers). */
  dialTrunk: boolean;
}

export const TIERS = ['Local', 'National', 'International'] as const;
export type Tier = (typeof TIERS)[number];

/**
 * A country's short and service numbers as libphonenumber's short-number metadata gives them
 * (patterns of the whole dialled string, no anchors). Filled in by scripts/country-numbering.mjs.
 */
export interface ShortNumbers {
  source?: string;
  /** Every valid short code of the region (emergency, service, directory, carrier…). */
  shortCode?: string;
  tollFree?: string;
  standardRate?: string;
  premiumRate?: string;
}

export interface CountryData {
  iso: string;
  name: string;
  countryCode: string;
  trunkPrefix: string;
  /** NANP: the trunk "1" may be left out. */
  trunkOptional: boolean;
  internationalPrefix: string;
  emergencyNumbers: string[];
  /** Where a local number may be dialled without the area code; null where it may not. */
  localDialing: { fixedNsnLength: [number, number]; firstDigit: string } | null;
  /**
   * Classes in order of precedence: a number belongs to the first class whose pattern matches
   * (libphonenumber's order: premium and toll-free before shared cost, …, mobile, fixed line).
   */
  classes: NumberClass[];
  shortNumbers?: ShortNumbers;
}

/** Checks a parsed country file's shape; returns what is wrong (empty when usable). Pure. */
export function checkCountryData(data: unknown, iso: string): string[] {
  const d = data as Partial<CountryData> | null;
  const wrong: string[] = [];
  if (!d || typeof d !== 'object') return ['not a JSON object'];
  if (d.iso !== iso) wrong.push(`"iso" must be ${JSON.stringify(iso)}`);
  if (typeof d.countryCode !== 'string' || !/^[1-9]\d{0,2}$/.test(d.countryCode))
    wrong.push('"countryCode" must be 1–3 digits');
  if (typeof d.trunkPrefix !== 'string' || !/^\d{0,2}$/.test(d.trunkPrefix))
    wrong.push('"trunkPrefix" must be 0–2 digits');
  if (typeof d.internationalPrefix !== 'string' || !/^\d{2,4}$/.test(d.internationalPrefix))
    wrong.push('"internationalPrefix" must be 2–4 digits');
  if (
    !Array.isArray(d.emergencyNumbers) ||
    !d.emergencyNumbers.every((n) => typeof n === 'string' && /^\d{2,6}$/.test(n))
  ) {
    wrong.push('"emergencyNumbers" must be a list of 2–6 digit strings');
  }
  for (const [key, value] of Object.entries(d.shortNumbers ?? {})) {
    if (key !== 'source' && typeof value !== 'string') wrong.push(`"shortNumbers.${key}" must be a regex string`);
  }
  if (!Array.isArray(d.classes) || d.classes.length === 0) wrong.push('"classes" must be a non-empty list');
  for (const c of d.classes ?? []) {
    if (!c || typeof c.class !== 'string' || !/^[A-Za-z]+$/.test(c.class))
      wrong.push('each class needs a "class" name of letters');
    if (!TIERS.includes(c?.tier)) wrong.push(`class ${c?.class}: "tier" must be one of ${TIERS.join(', ')}`);
    if (typeof c?.nsn !== 'string') wrong.push(`class ${c?.class}: "nsn" must be a regex string`);
  }
  return wrong;
}
