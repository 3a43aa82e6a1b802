/**
 * #27 through the built CLI: a 500-row user table as Excel saves it in a `;` locale (UTF-8 with
 * BOM, CRLF, quoted cells holding `;` and newlines), numbers in every form people type, merged
 * into the enterprise sample; merged again it changes nothing; a table with 7 bad rows is reported
 * whole and writes nothing; the result validates and plans.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

let dir: string;
const FORMS = [
  (n: string) => `+44 20 7123 ${n}`,
  (n: string) => `020 7123 ${n}`,
  (n: string) => `tel:+4420 7123${n}`,
  (n: string) => `+44 (0)20 7123-${n}`,
  (n: string) => `02071 23${n}`,
  // Excel quotes a cell holding the delimiter.
  (n: string) => `"+442071 23${n};ext=${n}"`,
  (n: string) => `020 7123 ${n} x${n.slice(1)}`,
];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vf-import-csv-'));
  writeFileSync(path.join(dir, 'spec.json'), readFileSync(path.join(ROOT, 'samples/enterprise.json')));
  const rows = ['Display Name;E-mail;Telephone;Office;Department'];
  for (let i = 0; i < 500; i++) {
    const n = String(4400 + i);
    const name = i % 50 === 0 ? `"Person ${i}; ""the ${i}th""\r\nsecond line"` : `Person ${i}`;
    rows.push(`${name};person${i}@contoso.com;${FORMS[i % FORMS.length]!(n)};London;Sales`);
  }
  writeFileSync(path.join(dir, 'users.csv'), `\uFEFF${rows.join('\r\n')}\r\n`);
});

const spec = () => JSON.parse(readFileSync(path.join(dir, 'spec.json'), 'utf8'));

describe('voiceform import csv', () => {
  it('merges 500 rows: every number form normalised, unknown columns named once', () => {
    const before = spec().users.length;
    const r = runCli(['import', 'csv', 'users.csv', '--into', 'spec.json'], { cwd: dir });
    expect(r.stderr).toContain('users.csv: ignored column(s): Display Name, Department');
    expect(r.stderr).toContain('users.csv: 500 added, 0 updated, 0 unchanged, 0 offboarded → spec.json');
    expect(r.code).toBe(0);
    const users = spec().users as { upn: string; phoneNumber: string; site: string }[];
    expect(users).toHaveLength(before + 500);
    expect(users.find((u) => u.upn === 'person0@contoso.com')).toEqual({
      upn: 'person0@contoso.com',
      phoneNumber: '+442071234400',
      site: 'London',
    });
    expect(users.find((u) => u.upn === 'person5@contoso.com')!.phoneNumber).toBe('+442071234405;ext=4405');
    expect(users.find((u) => u.upn === 'person6@contoso.com')!.phoneNumber).toBe('+442071234406;ext=406');
    for (const u of users.slice(before)) expect(u.phoneNumber).toMatch(/^\+442071234\d{3}(;ext=\d+)?$/);
    expect(runCli(['validate', 'spec.json'], { cwd: dir }).code).toBe(0);
  });

  it('merged again, the spec does not change by a byte', () => {
    const text = readFileSync(path.join(dir, 'spec.json'), 'utf8');
    const r = runCli(['import', 'csv', 'users.csv', '--into', 'spec.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('0 added, 0 updated, 500 unchanged');
    expect(readFileSync(path.join(dir, 'spec.json'), 'utf8')).toBe(text);
  });

  it('7 bad rows are reported together, by line and column, and nothing is written', () => {
    const text = readFileSync(path.join(dir, 'spec.json'), 'utf8');
    writeFileSync(
      path.join(dir, 'bad.csv'),
      [
        'UPN,Number,Site',
        'good@contoso.com,+442071234600,London',
        'bad one,+442071234601,London',
        'b2@contoso.com,555-0100,London',
        'b3@contoso.com,+442071234603,Paris',
        'b4@contoso.com,+44207,London',
        ',+442071234605,London',
        'b6@contoso.com,+442071234606,London',
        'b6@contoso.com,+442071234607,London',
        'b7@contoso.com,2125550100,',
      ].join('\n'),
    );
    const r = runCli(['import', 'csv', 'bad.csv', '--into', 'spec.json'], { cwd: dir });
    expect(r.code).toBe(3);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('bad.csv:'));
    expect(lines).toEqual([
      'bad.csv:3:UPN: "bad one" is not a UPN',
      'bad.csv:4:Number: "555-0100" is not a number in GB',
      'bad.csv:5:Site: "Paris" is not a site of the spec',
      'bad.csv:6:Number: "+44207" is not a number',
      'bad.csv:7:UPN: no UPN',
      'bad.csv:9:UPN: b6@contoso.com is already on line 8',
      'bad.csv:10:Number: "2125550100" is not in international form (+…) and the row has no site with a country',
    ]);
    expect(r.stderr).toContain('Error: 7 row(s) of bad.csv have problems; spec.json was not changed');
    expect(readFileSync(path.join(dir, 'spec.json'), 'utf8')).toBe(text);
  });

  it('--dry-run prints the change and writes nothing; the merged spec plans against a simulated tenant', () => {
    const text = readFileSync(path.join(dir, 'spec.json'), 'utf8');
    writeFileSync(path.join(dir, 'one.csv'), 'UPN;Number;Site\nperson1@contoso.com;+44 20 7123 4999;London\n');
    const dry = runCli(['import', 'csv', 'one.csv', '--into', 'spec.json', '--dry-run'], { cwd: dir });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      '-    { "upn": "person1@contoso.com", "phoneNumber": "+442071234401", "site": "London" }',
    );
    expect(dry.stdout).toContain(
      '+    { "upn": "person1@contoso.com", "phoneNumber": "+442071234999", "site": "London" }',
    );
    expect(readFileSync(path.join(dir, 'spec.json'), 'utf8')).toBe(text);
    expect(runCli(['sim', 'init', '--users-from', 'spec.json'], { cwd: dir }).code).toBe(0);
    const plan = runCli(['plan', 'spec.json', '--format', 'json'], { cwd: dir });
    expect(plan.code).toBe(0);
    const changes = (JSON.parse(plan.stdout) as { changes: { address: string }[] }).changes;
    expect(changes.filter((c) => c.address.startsWith('userNumber["person')).length).toBe(500);
  });
});
