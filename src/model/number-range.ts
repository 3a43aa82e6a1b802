import type { Spec } from '../kinds/spec-document.js';

/** A site's number range as integers (numbers of one length compare as integers). */
export interface NumberRange {
  site: string;
  from: bigint;
  to: bigint;
  digits: number;
  path: string;
}

/** `+442071234001;ext=12` → `+442071234001`. */
export function baseNumber(phoneNumber: string): string {
  const i = phoneNumber.indexOf(';');
  return i < 0 ? phoneNumber : phoneNumber.slice(0, i);
}

export function numberValue(e164: string): bigint {
  return BigInt(baseNumber(e164).slice(1));
}

/** The ranges of every site, well-formed ones only. */
export function siteRanges(spec: Spec): NumberRange[] {
  const ranges: NumberRange[] = [];
  (spec.sites ?? []).forEach((s, i) =>
    (s.numberRanges ?? []).forEach((r, j) => {
      if (r.from.length === r.to.length && numberValue(r.from) <= numberValue(r.to)) {
        ranges.push({
          site: s.name,
          from: numberValue(r.from),
          to: numberValue(r.to),
          digits: r.from.length,
          path: `/sites/${i}/numberRanges/${j}`,
        });
      }
    }),
  );
  return ranges;
}

export function inRange(r: NumberRange, phoneNumber: string): boolean {
  const base = baseNumber(phoneNumber);
  if (base.length !== r.digits) return false;
  const v = numberValue(base);
  return v >= r.from && v <= r.to;
}
