import type { Problem } from '../errors.js';
import { TIERS, type CountryData } from '../render/country-data.js';
import { checkPortableRegex } from './portable-regex.js';

/**
 * Checks a parsed country file (`countries/XX.json`, described by schemas/country.schema.json):
 * its fields, and every pattern in it, each problem at its pointer in that file. A bad pattern is
 * reported here once, not at every site that renders the country. Pure.
 */
export function checkCountryData(data: unknown, iso: string, file: string): Problem[] {
  const problems: Problem[] = [];
  const wrong = (path: string, message: string): void => void problems.push({ path, rule: 'country', message, file });
  const d = data as Partial<CountryData> | null;
  if (!d || typeof d !== 'object' || Array.isArray(d)) {
    wrong('', 'a country file is a JSON object (see schemas/country.schema.json)');
    return problems;
  }
  if (d.iso !== iso) wrong('/iso', `must be ${JSON.stringify(iso)}, the file's name`);
  if (typeof d.name !== 'string' || d.name === '') wrong('/name', "must be the country's name");
  if (typeof d.countryCode !== 'string' || !/^[1-9]\d{0,2}$/.test(d.countryCode))
    wrong('/countryCode', 'must be the country calling code: 1–3 digits, without +');
  if (typeof d.trunkPrefix !== 'string' || !/^\d{0,2}$/.test(d.trunkPrefix))
    wrong('/trunkPrefix', 'must be 0–2 digits ("" where there is none)');
  if (typeof d.trunkOptional !== 'boolean') wrong('/trunkOptional', 'must be true or false');
  if (typeof d.internationalPrefix !== 'string' || !/^\d{2,4}$/.test(d.internationalPrefix))
    wrong('/internationalPrefix', 'must be 2–4 digits');
  if (
    !Array.isArray(d.emergencyNumbers) ||
    d.emergencyNumbers.length === 0 ||
    !d.emergencyNumbers.every((n) => typeof n === 'string' && /^\d{2,6}$/.test(n))
  )
    wrong('/emergencyNumbers', 'must be a list of 2–6 digit strings');
  if (d.localDialing !== null) {
    const l = d.localDialing;
    if (!l || typeof l !== 'object') wrong('/localDialing', 'must be null or { "fixedNsnLength", "firstDigit" }');
    else {
      const [min, max] = Array.isArray(l.fixedNsnLength) ? l.fixedNsnLength : [];
      if (!Number.isInteger(min) || !Number.isInteger(max) || min! > max! || min! < 4 || max! > 14)
        wrong('/localDialing/fixedNsnLength', 'must be [shortest, longest] NSN lengths between 4 and 14');
      pattern(l.firstDigit, '/localDialing/firstDigit');
    }
  }
  for (const [key, value] of Object.entries(d.shortNumbers ?? {}))
    if (key !== 'source') pattern(value, `/shortNumbers/${key}`);
  if (!Array.isArray(d.classes) || d.classes.length === 0) wrong('/classes', 'must be a non-empty list');
  (Array.isArray(d.classes) ? d.classes : []).forEach((c, i) => {
    const at = `/classes/${i}`;
    if (!c || typeof c.class !== 'string' || !/^[A-Za-z]+$/.test(c.class))
      wrong(`${at}/class`, 'must be a name of letters');
    if (!TIERS.includes(c?.tier)) wrong(`${at}/tier`, `must be one of ${TIERS.join(', ')}`);
    if (typeof c?.dialTrunk !== 'boolean') wrong(`${at}/dialTrunk`, 'must be true or false');
    pattern(c?.nsn, `${at}/nsn`);
  });
  return problems;

  function pattern(value: unknown, path: string): void {
    if (typeof value !== 'string' || value === '') {
      wrong(path, 'must be a regex string');
      return;
    }
    const verdict = checkPortableRegex(value);
    if (!verdict.ok) wrong(path, `pattern ${JSON.stringify(value)} ${verdict.reason}`);
  }
}
