import { parse } from 'csv-parse/sync';
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { identityKey } from '../kinds/identity.js';
import { GRANTS, type GrantAttribute } from '../kinds/grants.js';
import type { PresentUserSpec, SiteSpec, UserSpec } from '../kinds/spec-document.js';

/** The user fields a column can fill. */
export type UserField = 'upn' | 'phoneNumber' | 'site' | 'phoneNumberType' | GrantAttribute;
export const USER_FIELDS: readonly UserField[] = [
  'upn',
  'phoneNumber',
  'site',
  'phoneNumberType',
  ...GRANTS.map((g) => g.attribute),
];

/** Header names people write (compared without case, spaces or punctuation) → the field. */
const KNOWN_HEADERS: Record<string, UserField> = {
  upn: 'upn',
  userprincipalname: 'upn',
  email: 'upn',
  emailaddress: 'upn',
  mail: 'upn',
  sipaddress: 'upn',
  number: 'phoneNumber',
  phone: 'phoneNumber',
  phonenumber: 'phoneNumber',
  telephonenumber: 'phoneNumber',
  telephone: 'phoneNumber',
  businessphone: 'phoneNumber',
  officephone: 'phoneNumber',
  teamsnumber: 'phoneNumber',
  lineuri: 'phoneNumber',
  did: 'phoneNumber',
  directline: 'phoneNumber',
  site: 'site',
  office: 'site',
  location: 'site',
  numbertype: 'phoneNumberType',
  phonenumbertype: 'phoneNumberType',
  policy: 'voiceRoutingPolicy',
  voiceroutingpolicy: 'voiceRoutingPolicy',
  onlinevoiceroutingpolicy: 'voiceRoutingPolicy',
  dialplan: 'dialPlan',
  tenantdialplan: 'dialPlan',
  emergencypolicy: 'emergencyCallRoutingPolicy',
  emergencycallroutingpolicy: 'emergencyCallRoutingPolicy',
  emergencycallingpolicy: 'emergencyCallingPolicy',
  teamsemergencycallingpolicy: 'emergencyCallingPolicy',
  callerid: 'callingLineIdentity',
  calleridpolicy: 'callingLineIdentity',
  callinglineidentity: 'callingLineIdentity',
};

const squash = (header: string): string => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/** A problem in one cell: `users.csv:17:Number: "555-0100" is not a number in US`. */
export interface CellProblem {
  line: number;
  column: string;
  message: string;
}

export interface UserTable {
  headers: string[];
  rows: { line: number; values: string[] }[];
}

/**
 * Reads a CSV as Excel writes it (RFC 4180; UTF-8 with or without BOM; `,` or `;` as the
 * locale has it, told by the header line; quoted fields may hold newlines). First row: headers.
 */
export function parseUserTable(text: string): UserTable {
  const body = text.replace(/^\uFEFF/, '');
  const header = body.slice(0, body.search(/\r?\n|$/));
  const count = (c: string) => header.split(c).length - 1;
  const delimiter = count(';') > count(',') ? ';' : count('\t') > count(',') ? '\t' : ',';
  const records = parse(body, {
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const [head, ...rest] = records;
  if (!head) return { headers: [], rows: [] };
  // A record's first line: one after the previous record's last (info.lines is where it ended).
  let last = head.info.lines;
  const rows = rest.map(({ record, info }) => {
    const line = last + 1;
    last = info.lines;
    return { line, values: record };
  });
  return { headers: head.record.map((h) => h.trim()), rows };
}

/**
 * Which column fills which field: `--map` first (`Column=field`), then the known header names.
 * Unknown columns are returned to be named once. Pure.
 */
export function mapColumns(
  headers: string[],
  map: Record<string, string>,
): { fields: Map<number, UserField>; unknown: string[]; problems: string[] } {
  const fields = new Map<number, UserField>();
  const problems: string[] = [];
  const mapped = new Map(Object.entries(map).map(([k, v]) => [squash(k), v]));
  for (const [column, field] of Object.entries(map)) {
    if (!USER_FIELDS.includes(field as UserField))
      problems.push(`--map ${column}=${field}: ${field} is not a user field (${USER_FIELDS.join(', ')})`);
    if (!headers.some((h) => squash(h) === squash(column)))
      problems.push(`--map ${column}: the file has no such column`);
  }
  const unknown: string[] = [];
  headers.forEach((h, i) => {
    const field = (mapped.get(squash(h)) as UserField | undefined) ?? KNOWN_HEADERS[squash(h)];
    if (field && USER_FIELDS.includes(field)) fields.set(i, field);
    else unknown.push(h);
  });
  for (const f of new Set(fields.values()))
    if ([...fields.values()].filter((x) => x === f).length > 1)
      problems.push(
        `more than one column fills ${f}: ${[...fields]
          .filter(([, x]) => x === f)
          .map(([i]) => headers[i])
          .join(', ')}`,
      );
  if (![...fields.values()].includes('upn'))
    problems.push(
      `no column gives the user's UPN (a header such as UPN, UserPrincipalName or Email, or --map COLUMN=upn)`,
    );
  return { fields, unknown, problems };
}

/**
 * A number as people type it (`+1 (212) 555-0100`, `tel:+12125550100`, `2125550100` in the
 * site's country, an extension as `;ext=12`, `x12` or `ext. 12`) in the spec's form
 * (`+12125550100;ext=12`), or why not. Pure.
 */
export function normalizeNumber(raw: string, country: string | undefined): { number: string } | { error: string } {
  const text = raw.trim().replace(/^tel:/i, '');
  const [main, ext] = text.split(/;ext=/i) as [string, string | undefined];
  const known =
    country && isSupportedCountry(country.toUpperCase()) ? (country.toUpperCase() as CountryCode) : undefined;
  if (!main.trim().startsWith('+') && !known)
    return { error: `${JSON.stringify(raw)} is not in international form (+…) and the row has no site with a country` };
  const parsed = parsePhoneNumberFromString(main, known);
  if (!parsed || !parsed.isValid())
    return {
      error: `${JSON.stringify(raw)} is not a number${known && !main.trim().startsWith('+') ? ` in ${known}` : ''}`,
    };
  const extension = ext ?? parsed.ext;
  if (extension !== undefined && !/^\d{1,10}$/.test(extension))
    return { error: `${JSON.stringify(raw)}: the extension must be 1 to 10 digits` };
  return { number: `${parsed.number}${extension ? `;ext=${extension}` : ''}` };
}

export interface ImportOptions {
  /** Rows without a site column (or an empty cell) belong to this site. */
  site?: string;
  /** A new user with no number: skipped (`none`) or given one from the site's ranges (`auto`). */
  emptyNumber: 'none' | 'auto';
  /** Users of the spec (of `site`, when given) that the file does not list are offboarded. */
  absentMissing: boolean;
}

export interface ImportResult {
  users: UserSpec[];
  added: number;
  updated: number;
  unchanged: number;
  offboarded: number;
  problems: CellProblem[];
  notes: string[];
}

/**
 * Merges a user table into the spec's users: a new UPN is added (in file order, after the
 * existing ones), an existing one updated in place with the cells that have a value (an empty
 * number keeps the user's), the others untouched unless `absentMissing`. Every bad cell of every
 * row is a problem; with any, nothing is merged. Pure.
 */
export function mergeUserTable(
  table: UserTable,
  fields: Map<number, UserField>,
  headers: string[],
  existing: UserSpec[],
  sites: SiteSpec[],
  options: ImportOptions,
): ImportResult {
  const problems: CellProblem[] = [];
  const notes: string[] = [];
  const siteByName = new Map(sites.map((s) => [identityKey(s.name), s]));
  const users = existing.map((u) => ({ ...u }) as UserSpec);
  const index = new Map(users.map((u, i) => [identityKey(u.upn), i]));
  const seen = new Map<string, number>();
  let added = 0;
  let updated = 0;
  let unchanged = 0;
  const columnOf = (field: UserField) => headers[[...fields].find(([, f]) => f === field)?.[0] ?? -1] ?? field;
  for (const row of table.rows) {
    const cell = (field: UserField): string => {
      const i = [...fields].find(([, f]) => f === field)?.[0];
      return i === undefined ? '' : (row.values[i] ?? '').trim();
    };
    const bad = (field: UserField, message: string) =>
      problems.push({ line: row.line, column: columnOf(field), message });
    const upn = cell('upn');
    if (!upn) {
      if (row.values.every((v) => !v.trim())) continue;
      bad('upn', 'no UPN');
      continue;
    }
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(upn)) bad('upn', `${JSON.stringify(upn)} is not a UPN`);
    const key = identityKey(upn);
    if (seen.has(key)) bad('upn', `${upn} is already on line ${seen.get(key)}`);
    seen.set(key, row.line);
    const at = index.get(key);
    const before = at === undefined ? undefined : users[at]!;
    const siteName = cell('site') || (before && !before.absent ? before.site : undefined) || options.site;
    const site = siteName === undefined ? undefined : siteByName.get(identityKey(siteName));
    if (siteName !== undefined && !site) bad('site', `${JSON.stringify(siteName)} is not a site of the spec`);
    const entry: Partial<PresentUserSpec> = { upn: before?.upn ?? upn };
    if (siteName !== undefined && site) entry.site = site.name;
    const rawNumber = cell('phoneNumber');
    if (rawNumber) {
      const n = normalizeNumber(rawNumber, site?.country);
      if ('error' in n) bad('phoneNumber', n.error);
      else entry.phoneNumber = n.number;
    }
    const type = cell('phoneNumberType');
    if (type) {
      const t = /^operator/i.test(type) ? 'OperatorConnect' : /^direct/i.test(type) ? 'DirectRouting' : undefined;
      if (!t) bad('phoneNumberType', `${JSON.stringify(type)} is neither DirectRouting nor OperatorConnect`);
      else entry.phoneNumberType = t;
    }
    for (const g of GRANTS) if (cell(g.attribute)) entry[g.attribute] = cell(g.attribute);
    if (problems.some((p) => p.line === row.line)) continue;
    const previous = before && !before.absent ? before : undefined;
    const merged = { ...previous, ...entry } as PresentUserSpec;
    if (!merged.phoneNumber) {
      if (options.emptyNumber === 'auto') merged.phoneNumber = 'auto';
      else {
        notes.push(
          `line ${row.line}: ${upn} has no number and is not in the spec: not added (--empty-number auto takes one from the site's ranges)`,
        );
        continue;
      }
    }
    if (at === undefined) {
      index.set(key, users.length);
      users.push(inSpecOrder(merged));
      added++;
    } else if (JSON.stringify(users[at]) === JSON.stringify(merged)) unchanged++;
    else {
      users[at] = merged;
      updated++;
    }
  }
  let offboarded = 0;
  if (options.absentMissing && problems.length === 0)
    users.forEach((u, i) => {
      if (u.absent || seen.has(identityKey(u.upn))) return;
      if (options.site && identityKey(u.site ?? '') !== identityKey(options.site)) return;
      users[i] = { upn: u.upn, absent: true };
      offboarded++;
    });
  return { users, added, updated, unchanged, offboarded, problems, notes };
}

/** A new user's fields in the order the samples write them: upn, number, its type, site, grants. */
function inSpecOrder(u: PresentUserSpec): PresentUserSpec {
  const order = ['upn', 'phoneNumber', 'phoneNumberType', 'site', ...GRANTS.map((g) => g.attribute)];
  return Object.fromEntries(
    order
      .filter((k) => (u as Record<string, unknown>)[k] !== undefined)
      .map((k) => [k, (u as Record<string, unknown>)[k]]),
  ) as PresentUserSpec;
}
