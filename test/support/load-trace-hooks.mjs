// Module customization hooks for load-trace.mjs: every ESM module resolved is written down.
import fs from 'node:fs';

let out;
export function initialize(data) {
  out = data.out;
}
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.startsWith('file:')) fs.appendFileSync(out, `${result.url}\n`);
  return result;
}
