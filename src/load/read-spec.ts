import { SpecInvalid } from '../errors.js';
import { buildDesiredState, type ReadSpec } from '../model/desired-state.js';
import { loadTemplateLibrary } from './template-library.js';
import type { TemplateLibrary } from '../render/library.js';
import { loadJsonFile } from '../io/json-file.js';
import { validateSpec } from '../validate/validate-spec.js';

/** A read spec with the template library it was rendered with (country data: emergency numbers). */
export type ReadSpecWithLibrary = ReadSpec & { library: TemplateLibrary };

/** Loads, validates and renders a spec file; throws SpecInvalid (exit 3) naming every problem. */
export async function readSpec(file: string, templatesDir?: string): Promise<ReadSpecWithLibrary> {
  return specFromDoc(file, await loadJsonFile(file), templatesDir);
}

/** readSpec for a document already parsed from `file`. */
export async function specFromDoc(file: string, raw: unknown, templatesDir?: string): Promise<ReadSpecWithLibrary> {
  const library = await loadTemplateLibrary(templatesDir);
  const verdict = validateSpec(raw, library);
  if (!verdict.ok) {
    const problems = verdict.problems.map((p) => ({ ...p, file }));
    throw new SpecInvalid(
      `${file}: ${problems.length} problem(s) in the spec`,
      problems,
      'run `voiceform validate` for the full list',
    );
  }
  return { file, raw, rendered: verdict.rendered, desired: buildDesiredState(verdict.rendered), library };
}
