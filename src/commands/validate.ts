import { SpecInvalid, type Problem } from '../errors.js';
import type { IoHost } from '../io/io-host.js';
import { loadJsonFile } from '../io/json-file.js';
import { loadTemplateLibrary } from '../load/template-library.js';
import { validateSpec } from '../validate/validate-spec.js';

export interface ValidateOptions {
  format: 'text' | 'json';
  templates?: string;
}

/** `voiceform validate SPEC...`: every problem of every file; exit 3 when any. */
export async function validateCommand(files: string[], options: ValidateOptions, io: IoHost): Promise<number> {
  const library = await loadTemplateLibrary(options.templates);
  const all: Problem[] = [];
  for (const file of files) {
    let problems: Problem[];
    try {
      const verdict = validateSpec(await loadJsonFile(file), library);
      problems = verdict.problems;
      if (options.format === 'text')
        for (const w of verdict.warnings) io.err(`${file}: warning: ${w.path || '/'}: ${w.message} [${w.rule}]`);
    } catch (err) {
      if (!(err instanceof SpecInvalid)) throw err;
      problems = err.problems.length > 0 ? err.problems : [{ path: '', rule: err.code, message: err.message }];
    }
    const withFile = problems.map((p) => ({ file, path: p.path, rule: p.rule, message: p.message }));
    all.push(...withFile);
    if (options.format === 'text') {
      if (withFile.length === 0) io.out(`${file}: valid`);
      for (const p of withFile) io.out(`${file}: ${p.path || '/'}: ${p.message} [${p.rule}]`);
    }
  }
  if (options.format === 'json') io.out(JSON.stringify(all, null, 2));
  else if (all.length > 0) io.err(`${all.length} problem(s) found.`);
  return all.length === 0 ? 0 : 3;
}
