import type { Problem } from '../errors.js';
import { renderSpec } from '../render/render-spec.js';
import type { TemplateLibrary } from '../render/template-library.js';
import { checkNumbers } from './check-numbers.js';
import { checkReferences, checkUniqueNames } from './check-references.js';
import { checkRules } from './check-rules.js';
import { checkSpecSchema } from './check-schema.js';
import type { RenderedSpec, Spec } from './spec-types.js';

export type SpecVerdict = { ok: true; rendered: RenderedSpec; problems: [] } | { ok: false; problems: Problem[]; rendered?: RenderedSpec };

/**
 * Validates a parsed document as a spec: schema first, then templates, then every semantic rule
 * over the rendered whole (so a template's names meet the explicit ones). Collects every problem;
 * never throws for any input.
 */
export function validateSpec(doc: unknown, library: TemplateLibrary): SpecVerdict {
  const schemaProblems = checkSpecSchema(doc);
  if (schemaProblems.length > 0) return { ok: false, problems: schemaProblems };
  const spec = doc as Spec;
  const { rendered, problems: templateProblems } = renderSpec(spec, library);
  const problems = [
    ...templateProblems,
    ...checkUniqueNames(rendered),
    ...checkReferences(rendered),
    ...checkRules(rendered),
    ...checkNumbers(rendered.spec),
  ];
  return problems.length === 0 ? { ok: true, rendered, problems: [] } : { ok: false, problems, rendered };
}
