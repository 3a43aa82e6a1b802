import { identityKey } from '../kinds/identity.js';
import {
  getCountryCallingCode,
  isSupportedCountry,
  isValidPhoneNumber,
  parsePhoneNumberWithError,
  type CountryCode,
} from 'libphonenumber-js/max';
import type { Problem } from '../errors.js';
import { baseNumber, inRange, numberValue, siteRanges, type NumberRange } from '../model/number-range.js';
import type { Spec } from '../kinds/spec-document.js';

/** Phone numbers and ranges: E.164 validity, range shape and overlap, users' numbers and "auto" capacity. Pure. */
export function checkNumbers(spec: Spec): Problem[] {
  const problems: Problem[] = [];
  (spec.sites ?? []).forEach((s, i) =>
    (s.numberRanges ?? []).forEach((r, j) => {
      const path = `/sites/${i}/numberRanges/${j}`;
      for (const end of ['from', 'to'] as const) {
        if (!isValidPhoneNumber(r[end]))
          problems.push({
            path: `${path}/${end}`,
            rule: 'phone-number',
            message: `${r[end]} is not a valid E.164 number`,
          });
        else if (!inCountry(r[end], s.country)) {
          // A UK range on a Paris site would give Paris users London numbers.
          const region =
            parsePhoneNumberWithError(r[end]).country ?? `+${parsePhoneNumberWithError(r[end]).countryCallingCode}`;
          problems.push({
            path: `${path}/${end}`,
            rule: 'number-range.country',
            message: `${r[end]} is a number of ${region}, not of the site's country ${s.country}`,
          });
        }
      }
      if (r.from.length !== r.to.length) {
        problems.push({
          path,
          rule: 'number-range',
          message: `range ${r.from}–${r.to}: both ends must have the same number of digits`,
        });
      } else if (numberValue(r.from) > numberValue(r.to)) {
        problems.push({ path, rule: 'number-range', message: `range ${r.from}–${r.to}: "from" is greater than "to"` });
      }
    }),
  );
  const ranges = siteRanges(spec);
  problems.push(...checkOverlaps(ranges));
  problems.push(...checkUserNumbers(spec, ranges));
  return problems;
}

/** The number belongs to the country's numbering plan (NANP countries share +1). */
function inCountry(e164: string, country: string): boolean {
  if (!isSupportedCountry(country)) return true; // an unknown country is the template check's problem
  return parsePhoneNumberWithError(e164).countryCallingCode === getCountryCallingCode(country as CountryCode);
}

function checkOverlaps(ranges: NumberRange[]): Problem[] {
  const sorted = [...ranges].sort((a, b) => a.digits - b.digits || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const problems: Problem[] = [];
  let widest: NumberRange | undefined;
  for (const r of sorted) {
    if (widest && widest.digits === r.digits && r.from <= widest.to) {
      problems.push({
        path: r.path,
        rule: 'number-range.overlap',
        message: `range overlaps the range at ${widest.path} (site ${widest.site})`,
      });
    }
    if (!widest || widest.digits !== r.digits || r.to > widest.to) widest = r;
  }
  return problems;
}

function checkUserNumbers(spec: Spec, ranges: NumberRange[]): Problem[] {
  const problems: Problem[] = [];
  const bySite = new Map<string, NumberRange[]>();
  for (const r of ranges) bySite.set(identityKey(r.site), [...(bySite.get(identityKey(r.site)) ?? []), r]);
  const holder = new Map<string, number>();
  const autoCount = new Map<string, { count: number; firstPath: string }>();
  const explicitInSite = new Map<string, Set<string>>();
  (spec.users ?? []).forEach((u, i) => {
    if (u.absent) return;
    const path = `/users/${i}/phoneNumber`;
    const siteKey = u.site === undefined ? undefined : identityKey(u.site);
    if (u.phoneNumber === 'auto') {
      if (!u.site) {
        problems.push({
          path,
          rule: 'phone-number.auto',
          message: `"auto" needs the user's site, whose number ranges it draws from`,
        });
      } else if (!bySite.has(siteKey!)) {
        problems.push({ path, rule: 'phone-number.auto', message: `"auto" needs number ranges on site ${u.site}` });
      } else {
        const c = autoCount.get(siteKey!) ?? { count: 0, firstPath: path };
        c.count++;
        autoCount.set(siteKey!, c);
      }
      return;
    }
    const base = baseNumber(u.phoneNumber);
    if (!isValidPhoneNumber(base))
      problems.push({ path, rule: 'phone-number', message: `${u.phoneNumber} is not a valid E.164 number` });
    if (u.phoneNumber.includes(';') && u.phoneNumberType === 'OperatorConnect') {
      problems.push({ path, rule: 'phone-number', message: 'extensions (;ext=) are only for Direct Routing numbers' });
    }
    const prev = holder.get(u.phoneNumber);
    if (prev !== undefined) {
      problems.push({
        path,
        rule: 'phone-number.duplicate',
        message: `${u.phoneNumber} is already given to ${spec.users![prev]!.upn} (/users/${prev})`,
      });
    } else holder.set(u.phoneNumber, i);
    const siteRanges = siteKey ? bySite.get(siteKey) : undefined;
    if (siteRanges) {
      if (!siteRanges.some((r) => inRange(r, base))) {
        problems.push({
          path,
          rule: 'phone-number.range',
          message: `${u.phoneNumber} is outside the number ranges of site ${u.site}`,
        });
      } else {
        const set = explicitInSite.get(siteKey!) ?? new Set<string>();
        set.add(base);
        explicitInSite.set(siteKey!, set);
      }
    }
  });
  // A resource account's number is taken from the users' (and counts against "auto").
  (spec.resourceAccounts ?? []).forEach((a, i) => {
    if (a.phoneNumber === undefined) return;
    const path = `/resourceAccounts/${i}/phoneNumber`;
    const siteKey = a.site === undefined ? undefined : identityKey(a.site);
    if (a.phoneNumber === 'auto') {
      if (siteKey && !bySite.has(siteKey))
        problems.push({ path, rule: 'phone-number.auto', message: `"auto" needs number ranges on site ${a.site}` });
      else if (siteKey) {
        const c = autoCount.get(siteKey) ?? { count: 0, firstPath: path };
        c.count++;
        autoCount.set(siteKey, c);
      }
      return;
    }
    if (!isValidPhoneNumber(a.phoneNumber))
      problems.push({ path, rule: 'phone-number', message: `${a.phoneNumber} is not a valid E.164 number` });
    const prev = holder.get(a.phoneNumber);
    if (prev !== undefined)
      problems.push({
        path,
        rule: 'phone-number.duplicate',
        message: `${a.phoneNumber} is already given to ${spec.users![prev]!.upn} (/users/${prev})`,
      });
    const other = (spec.resourceAccounts ?? []).findIndex((b) => b.phoneNumber === a.phoneNumber);
    if (other < i)
      problems.push({
        path,
        rule: 'phone-number.duplicate',
        message: `${a.phoneNumber} is already given to resource account ${spec.resourceAccounts![other]!.upn} (/resourceAccounts/${other})`,
      });
    if (siteKey && bySite.get(siteKey)?.some((r) => inRange(r, a.phoneNumber!))) {
      const set = explicitInSite.get(siteKey) ?? new Set<string>();
      set.add(a.phoneNumber);
      explicitInSite.set(siteKey, set);
    }
  });
  for (const [siteKey, { count, firstPath }] of autoCount) {
    const size = (bySite.get(siteKey) ?? []).reduce((n, r) => n + (r.to - r.from + 1n), 0n);
    const free = size - BigInt(explicitInSite.get(siteKey)?.size ?? 0);
    if (BigInt(count) > free) {
      problems.push({
        path: firstPath,
        rule: 'phone-number.auto',
        message: `${count} users or resource accounts ask for an "auto" number but site ${siteKey} has only ${free} free number(s) in its ranges`,
      });
    }
  }
  return problems;
}
