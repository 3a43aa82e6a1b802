/**
 * #27: a user table as people write it — Excel's `;` with a BOM, quoted newlines, the forms in
 * which numbers are typed, common header names — merged into a spec's users; every bad cell of
 * every row named together.
 */
import { describe, expect, it } from 'vitest';
import { mapColumns, mergeUserTable, normalizeNumber, parseUserTable } from '../../src/load/user-table.js';
import { withUsers } from '../../src/commands/import-csv.js';
import type { SiteSpec, UserSpec } from '../../src/kinds/spec-document.js';

const SITES = [
  { name: 'NYC', country: 'US' },
  { name: 'London', country: 'GB' },
] as SiteSpec[];
const opts = { emptyNumber: 'none' as const, absentMissing: false };
const merge = (csv: string, existing: UserSpec[] = [], options = {}) => {
  const table = parseUserTable(csv);
  const { fields } = mapColumns(table.headers, {});
  return mergeUserTable(table, fields, table.headers, existing, SITES, { ...opts, ...options });
};

describe('reading the table', () => {
  it("Excel's semicolons with a BOM, CRLF and a quoted cell holding the delimiter and a newline", () => {
    const t = parseUserTable(
      '\uFEFFName;UPN;Phone\r\n"Gu; Lee";lee@contoso.com;"+1 212\r\n555 0100"\r\n\r\nA;a@contoso.com;\r\n',
    );
    expect(t.headers).toEqual(['Name', 'UPN', 'Phone']);
    expect(t.rows).toEqual([
      { line: 2, values: ['Gu; Lee', 'lee@contoso.com', '+1 212\r\n555 0100'] },
      { line: 5, values: ['A', 'a@contoso.com', ''] },
    ]);
  });

  it('recognises common headers, takes --map for the rest, names unknown columns and a missing UPN', () => {
    const m = mapColumns(['User Principal Name', 'LineURI', 'Office', 'Standort', 'Notes'], { Standort: 'dialPlan' });
    expect([...m.fields.entries()]).toEqual([
      [0, 'upn'],
      [1, 'phoneNumber'],
      [2, 'site'],
      [3, 'dialPlan'],
    ]);
    expect(m.unknown).toEqual(['Notes']);
    expect(mapColumns(['Name', 'Phone'], {}).problems).toEqual([
      expect.stringContaining("no column gives the user's UPN"),
    ]);
    expect(mapColumns(['UPN'], { UPN: 'nickname' }).problems[0]).toContain('nickname is not a user field');
  });
});

describe('numbers as people type them', () => {
  it.each([
    ['+1 (212) 555-0100', 'US', '+12125550100'],
    ['tel:+12125550100', undefined, '+12125550100'],
    ['2125550100', 'US', '+12125550100'],
    ['(212) 555-0100 x12', 'US', '+12125550100;ext=12'],
    ['+12125550100;ext=345', undefined, '+12125550100;ext=345'],
    ['020 7123 4000', 'GB', '+442071234000'],
    ['+44 (0)20 7123 4000', 'GB', '+442071234000'],
  ])('%s in %s → %s', (raw, country, want) => {
    expect(normalizeNumber(raw, country)).toEqual({ number: want });
  });

  it('says why a number is not one', () => {
    expect(normalizeNumber('555-0100', 'US')).toEqual({ error: '"555-0100" is not a number in US' });
    expect(normalizeNumber('2125550100', undefined)).toEqual({
      error: '"2125550100" is not in international form (+…) and the row has no site with a country',
    });
  });
});

describe('merging into the spec', () => {
  const existing: UserSpec[] = [
    { upn: 'Adele@contoso.com', phoneNumber: '+12125550101', site: 'NYC', dialPlan: 'DP-NYC' },
    { upn: 'leaver@contoso.com', phoneNumber: '+12125550102', site: 'NYC' },
    { upn: 'london@contoso.com', phoneNumber: '+442071234000', site: 'London' },
  ];

  it('adds new UPNs after the others, updates existing ones in place (an empty number keeps theirs), leaves the rest', () => {
    const r = merge(
      'UPN,Number,Site,Policy\nadele@contoso.com,,NYC,VRP-Intl\nnew@contoso.com,212 555 0110,NYC,\n',
      existing,
    );
    expect(r.problems).toEqual([]);
    expect(r.users).toEqual([
      {
        upn: 'Adele@contoso.com',
        phoneNumber: '+12125550101',
        site: 'NYC',
        dialPlan: 'DP-NYC',
        voiceRoutingPolicy: 'VRP-Intl',
      },
      existing[1],
      existing[2],
      { upn: 'new@contoso.com', phoneNumber: '+12125550110', site: 'NYC' },
    ]);
    expect([r.added, r.updated, r.unchanged]).toEqual([1, 1, 0]);
  });

  it('--absent-missing offboards the users the file does not list (of --site only, when given)', () => {
    const r = merge('UPN,Number\nadele@contoso.com,\n', existing, { absentMissing: true, site: 'NYC' });
    expect(r.users[1]).toEqual({ upn: 'leaver@contoso.com', absent: true });
    expect(r.users[2]).toEqual(existing[2]);
    expect(r.offboarded).toBe(1);
  });

  it('a new user without a number: skipped with a note, or "auto" with --empty-number auto', () => {
    expect(merge('UPN,Site\nn@contoso.com,NYC\n').notes[0]).toContain('n@contoso.com has no number');
    expect(merge('UPN,Site\nn@contoso.com,NYC\n', [], { emptyNumber: 'auto' }).users).toEqual([
      { upn: 'n@contoso.com', phoneNumber: 'auto', site: 'NYC' },
    ]);
  });

  it('every bad cell of every row, with its line and column', () => {
    const r = merge(
      'UPN,Number,Site\nnot-a-upn,555-0100,NYC\nok@contoso.com,+12125550120,Paris\nok@contoso.com,+12125550121,NYC\n',
    );
    expect(r.problems).toEqual([
      { line: 2, column: 'UPN', message: '"not-a-upn" is not a UPN' },
      { line: 2, column: 'Number', message: '"555-0100" is not a number in US' },
      { line: 3, column: 'Site', message: '"Paris" is not a site of the spec' },
      { line: 4, column: 'UPN', message: 'ok@contoso.com is already on line 3' },
    ]);
  });
});

describe("writing the spec's users", () => {
  it('rewrites only the changed entries in their own style and appends new ones like the others', () => {
    const text =
      '{\n  "apiVersion": "voiceform/v1",\n  "users": [\n    { "upn": "a@c.com", "phoneNumber": "+12125550101" },\n    { "upn": "b@c.com", "phoneNumber": "+12125550102" }\n  ]\n}\n';
    const before = JSON.parse(text).users;
    const after = [before[0], { upn: 'b@c.com', phoneNumber: '+12125550103' }, { upn: 'n@c.com', phoneNumber: 'auto' }];
    expect(withUsers(text, before, after)).toBe(
      '{\n  "apiVersion": "voiceform/v1",\n  "users": [\n    { "upn": "a@c.com", "phoneNumber": "+12125550101" },\n    { "upn": "b@c.com", "phoneNumber": "+12125550103" },\n    { "upn": "n@c.com", "phoneNumber": "auto" }\n  ]\n}\n',
    );
    const bare = '{\n\t"apiVersion": "voiceform/v1"\n}\n';
    expect(JSON.parse(withUsers(bare, [], [{ upn: 'n@c.com' }])).users).toEqual([{ upn: 'n@c.com' }]);
  });
});
