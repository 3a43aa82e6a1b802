import type { CountryData } from './country-data.js';

/** Templates and country data, read once; `renderSpec` uses it without further I/O. */
export interface TemplateLibrary {
  /** Template name → { file, source }. */
  templates: Map<string, { file: string; source: string }>;
  /** ISO code → country data. */
  countries: Map<string, CountryData>;
}
