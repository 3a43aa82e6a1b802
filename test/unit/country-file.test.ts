/**
 * #22 item 15: a country that is not built in is no dead end. The published schema
 * (schemas/country.schema.json) and the loader's check agree: every built-in country passes both,
 * each broken file fails both, and the loader names the file's pointer (a bad pattern once, in the
 * country file, never at every site using it).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecInvalid } from '../../src/errors.js';
import { loadTemplateLibrary } from '../../src/load/template-library.js';
import { checkCountryData } from '../../src/validate/check-country.js';
import { ROOT } from '../support/run-cli.js';

const require = createRequire(import.meta.url);
const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/country.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
const COUNTRIES = path.join(ROOT, 'templates/countries');
const gb = () => JSON.parse(fs.readFileSync(path.join(COUNTRIES, 'GB.json'), 'utf8')) as Record<string, any>;

describe('country files: schema and loader agree', () => {
  it.each(fs.readdirSync(COUNTRIES))('built-in %s passes both', (name) => {
    const data = JSON.parse(fs.readFileSync(path.join(COUNTRIES, name), 'utf8')) as unknown;
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    expect(checkCountryData(data, name.slice(0, 2), name)).toEqual([]);
  });

  const broken: [string, (d: Record<string, any>) => void, string][] = [
    ['no country code', (d) => delete d.countryCode, '/countryCode'],
    ['a + in the country code', (d) => (d.countryCode = '+44'), '/countryCode'],
    ['a three-digit trunk prefix', (d) => (d.trunkPrefix = '000'), '/trunkPrefix'],
    ['no emergency number', (d) => (d.emergencyNumbers = []), '/emergencyNumbers'],
    ['an unknown tier', (d) => (d.classes[0].tier = 'Global'), '/classes/0/tier'],
    ['a class without dialTrunk', (d) => delete d.classes[2].dialTrunk, '/classes/2/dialTrunk'],
    ['a class name with a digit', (d) => (d.classes[1].class = 'Toll1'), '/classes/1/class'],
    ['local lengths the wrong way round', (d) => (d.localDialing.fixedNsnLength = [3]), '/localDialing/fixedNsnLength'],
  ];
  it.each(broken)('%s fails both, at its pointer', (_, change, pointer) => {
    const data = gb();
    change(data);
    expect(validate(data)).toBe(false);
    expect(checkCountryData(data, 'GB', 'GB.json').map((p) => p.path)).toContain(pointer);
  });

  it('a pattern that does not compile or backtracks is named at its pointer in the country file', () => {
    const data = gb();
    data.classes[1].nsn = '(\\d+)+';
    data.shortNumbers.tollFree = '(?<x';
    const problems = checkCountryData(data, 'GB', 'countries/GB.json');
    expect(problems.map((p) => [p.file, p.path])).toEqual([
      ['countries/GB.json', '/shortNumbers/tollFree'],
      ['countries/GB.json', '/classes/1/nsn'],
    ]);
    expect(problems[1]!.message).toMatch(/\(\\d\+\)\+ repeats a repetition/);
  });

  it('the loader refuses a bad country file once, naming the file, its pointer and where to read how', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vf-country-'));
    fs.mkdirSync(path.join(dir, 'countries'));
    const data = { ...gb(), iso: 'JP', name: 'Japan', countryCode: '81' };
    data.classes[1].nsn = '(\\d+)+';
    fs.writeFileSync(path.join(dir, 'countries/JP.json'), JSON.stringify(data));
    const error = await loadTemplateLibrary(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpecInvalid);
    const e = error as SpecInvalid;
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toMatchObject({ file: path.join(dir, 'countries/JP.json'), path: '/classes/1/nsn' });
    expect(e.hint).toMatch(/schemas\/country\.schema\.json.*README "Adding a country"/);
  });
});
