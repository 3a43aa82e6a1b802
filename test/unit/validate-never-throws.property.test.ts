import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateSpec } from '../../src/validate/validate-spec.js';
import { builtinLibrary, validSpec } from '../support/builders.js';

/** Sets `value` at a random path of a JSON document (objects and arrays), returning a copy. */
function mutateAt(doc: unknown, pathSeeds: number[], value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(doc)) as unknown;
  let node = copy as Record<string, unknown>;
  for (const seed of pathSeeds) {
    const keys = node && typeof node === 'object' ? Object.keys(node) : [];
    if (keys.length === 0) break;
    const key = keys[seed % keys.length]!;
    const child = node[key];
    if (!child || typeof child !== 'object' || seed % 5 === 0) {
      node[key] = value;
      return copy;
    }
    node = child as Record<string, unknown>;
  }
  return copy;
}

const hostile = fc.oneof(
  fc.constantFrom(
    "'; Remove-Item C:\\ -Recurse; '",
    '$(calc)',
    '`whoami`',
    '\u2018quoted\u2019',
    'a\nb',
    '\u202Eevil',
    '__proto__',
    '(?>x)',
    '((((',
    '+',
    '',
    'auto',
  ),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.string(), { maxKeys: 3 }),
);

describe('validateSpec never throws', () => {
  it('for arbitrary JSON', async () => {
    const library = await builtinLibrary();
    fc.assert(
      fc.property(fc.jsonValue(), (doc) => {
        const verdict = validateSpec(doc, library);
        expect(Array.isArray(verdict.problems)).toBe(true);
      }),
      // Seeded like every property run here: a failure names its seed and replays the same way.
      { numRuns: 300, seed: 20261203 },
    );
  });

  it('for valid specs with one value replaced by something hostile', async () => {
    const library = await builtinLibrary();
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), hostile, (seeds, value) => {
        const verdict = validateSpec(mutateAt(validSpec(), seeds, value), library);
        for (const p of verdict.problems) {
          expect(typeof p.path).toBe('string');
          expect(p.message.length).toBeGreaterThan(0);
        }
        if (verdict.ok) expect(verdict.rendered).toBeDefined();
      }),
      { numRuns: 400, seed: 20261204 },
    );
  });
});
