import type { IoHost } from '../io/io-host.js';
import { readSpec } from '../load/read-spec.js';

/** `voiceform render SPEC`: the spec with templates expanded into explicit objects. */
export async function renderCommand(file: string, options: { templates?: string }, io: IoHost): Promise<number> {
  const { rendered } = await readSpec(file, options.templates);
  io.out(JSON.stringify(rendered.spec, null, 2));
  return 0;
}
