// `node --import ./load-trace.mjs …`: records every module the process loads, ESM or CommonJS, one
// file URL a line, into the file VOICEFORM_LOAD_TRACE names (start-up tests: what a command loads).
import fs from 'node:fs';
import Module from 'node:module';
import { pathToFileURL } from 'node:url';

const out = process.env.VOICEFORM_LOAD_TRACE;
const note = (url) => fs.appendFileSync(out, `${url}\n`);
Module.register(new URL('./load-trace-hooks.mjs', import.meta.url), { data: { out } });
const load = Module._load;
Module._load = function traced(request, parent, ...rest) {
  try {
    note(pathToFileURL(Module._resolveFilename(request, parent)).href);
  } catch {
    // a built-in or unresolvable request: the real loader reports it
  }
  return load.call(this, request, parent, ...rest);
};
