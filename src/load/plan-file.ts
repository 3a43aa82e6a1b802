import { SpecInvalid } from '../errors.js';
import { loadJsonFile, MAX_PLAN_BYTES } from '../io/json-file.js';
import { writeOutput } from '../io/output-target.js';
import { Address } from '../addr/address.js';
import type { Change, Plan } from '../plan/plan-types.js';

/** Saves a plan as JSON (the versioned contract). */
export async function savePlan(file: string, plan: Plan): Promise<void> {
  await writeOutput(file, `${JSON.stringify(plan, null, 2)}\n`);
}

/** Loads a saved plan; anything that is not one is invalid input (exit 3). */
export async function loadPlan(file: string): Promise<Plan> {
  return asPlan(await loadJsonFile(file, 'plan', MAX_PLAN_BYTES), file);
}

/** A parsed document as a plan, or SpecInvalid (exit 3) naming what is missing. */
export function asPlan(parsed: unknown, file: string): Plan {
  const doc = parsed as Partial<Plan> | null;
  const missing = ['formatVersion', 'tenant', 'specHash', 'stateFingerprint', 'changes'].filter(
    (k) => !doc || !(k in doc),
  );
  if (missing.length > 0 || !Array.isArray(doc?.changes)) {
    throw new SpecInvalid(`${file} is not a Voiceform plan (missing ${missing.join(', ') || 'changes'})`);
  }
  return { ...(doc as Plan), changes: typedChanges(doc!.changes, file) };
}

/**
 * Changes read from JSON (a plan file, a journal's header) with their addresses typed again: the
 * one place an address's text is parsed. An address that does not name its change's kind and
 * name is refused (exit 3), never guessed.
 */
export function typedChanges(changes: unknown[], file: string): Change[] {
  return changes.map((raw, i) => {
    const c = (raw ?? {}) as { address?: unknown; kind?: unknown; name?: unknown };
    const address = typeof c.address === 'string' ? Address.parse(c.address) : undefined;
    if (!address || address.kind !== c.kind || address.name !== c.name) {
      throw new SpecInvalid(
        `${file}: changes[${i}].address ${JSON.stringify(c.address)} does not name its change's kind and name`,
        [],
        'plan again; never edit a saved plan',
      );
    }
    return { ...(raw as Change), address };
  });
}

/** A file is a saved plan (rather than a spec) when it has a plan's fields. */
export function looksLikePlan(doc: unknown): boolean {
  return (
    typeof doc === 'object' && doc !== null && 'formatVersion' in doc && 'changes' in doc && !('apiVersion' in doc)
  );
}
