import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpecInvalid } from '../errors.js';
import { loadJsonFile } from '../io/json-file.js';
import type { CountryData } from '../render/country-data.js';
import { checkCountryData } from '../validate/check-country.js';
import type { TemplateLibrary } from '../render/library.js';

/** The templates shipped with Voiceform. */
export const BUILTIN_TEMPLATES_DIR = fileURLToPath(new URL('../../templates', import.meta.url));

/**
 * Loads the built-in library, then `extraDir` (a user's `--templates DIR`) over it: a template or
 * country file of the same name replaces the built-in one.
 */
export async function loadTemplateLibrary(extraDir?: string): Promise<TemplateLibrary> {
  const library: TemplateLibrary = { templates: new Map(), countries: new Map() };
  for (const dir of [BUILTIN_TEMPLATES_DIR, ...(extraDir ? [extraDir] : [])])
    await loadDir(dir, library, dir !== BUILTIN_TEMPLATES_DIR);
  return library;
}

async function loadDir(dir: string, library: TemplateLibrary, mustExist: boolean): Promise<void> {
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch {
    if (mustExist) throw new SpecInvalid(`templates directory ${dir} cannot be read`, [], 'check --templates');
    return;
  }
  for (const name of entries.filter((e) => e.endsWith('.hbs'))) {
    const file = path.join(dir, name);
    library.templates.set(name.slice(0, -4), { file, source: await fs.readFile(file, 'utf8') });
  }
  const countriesDir = path.join(dir, 'countries');
  const countryFiles = await fs.readdir(countriesDir).catch(() => [] as string[]);
  for (const name of countryFiles.filter((e) => /^[A-Z]{2}\.json$/.test(e))) {
    const file = path.join(countriesDir, name);
    const iso = name.slice(0, 2);
    const data = await loadJsonFile(file, 'country file');
    const problems = checkCountryData(data, iso, file);
    if (problems.length > 0)
      throw new SpecInvalid(
        `country data ${file} is invalid`,
        problems,
        'schemas/country.schema.json describes the file; README "Adding a country" walks through one',
      );
    library.countries.set(iso, data as CountryData);
  }
}
