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
