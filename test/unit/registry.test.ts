/**
 * The registry's dependency declarations decide which kinds an apply writes at the same time: a
 * missing one would send a route before its gateway. Checked against what objects really use.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GRANTS } from '../../src/kinds/grants.js';
import { independent, KINDS, listOf, OBJECT_KINDS } from '../../src/kinds/registry.js';
import { buildDesiredState } from '../../src/model/desired-state.js';
import { validateSpec } from '../../src/validate/validate-spec.js';
import { builtinLibrary } from '../support/builders.js';

describe('kind dependencies', () => {
  it('name only kinds that come earlier in dependency order', () => {
    for (const def of KINDS)
      for (const d of def.dependsOn)
        expect(OBJECT_KINDS.indexOf(d as never), `${def.kind} → ${d}`).toBeLessThan(OBJECT_KINDS.indexOf(def.kind));
  });

  it('cover every kind an object of the samples uses, and every policy a user is granted', async () => {
    const library = await builtinLibrary();
    for (const sample of ['samples/enterprise.json', 'samples/small-business.json']) {
      const verdict = validateSpec(JSON.parse(readFileSync(sample, 'utf8')), library);
      expect(verdict.ok).toBe(true);
      const voice = buildDesiredState(verdict.rendered!).voice;
      let seen = 0;
      for (const def of KINDS) {
        for (const o of listOf(voice, def.kind)) {
          for (const used of (def.uses as ((o: object) => { kind: string }[]) | undefined)?.(o) ?? []) {
            expect(def.dependsOn, `${def.kind} uses ${used.kind}`).toContain(used.kind);
            seen++;
          }
        }
      }
      expect(seen).toBeGreaterThan(10);
    }
    const userPolicy = KINDS.find((k) => k.kind === 'userPolicy')!;
    for (const g of GRANTS) expect(userPolicy.dependsOn).toContain(g.policyKind);
  });

  it('let a user number go beside grants, and a route beside a policy, but never a route beside its gateway', () => {
    expect(independent('userNumber', 'userPolicy')).toBe(true);
    expect(independent('voiceRoute', 'voiceRoutingPolicy')).toBe(true);
    expect(independent('voiceRoute', 'gateway')).toBe(false);
    expect(independent('userNumber', 'userLicense')).toBe(false);
  });
});
