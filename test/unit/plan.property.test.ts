import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uniqueKey } from '../../src/addr/address.js';
import { readSimState } from '../../src/backends/sim/sim-read.js';
import { SimTenant } from '../../src/backends/sim/sim-tenant.js';
import { applyChangeToSim } from '../../src/backends/sim/sim-write.js';
import type { TenantVoiceState } from '../../src/model/tenant-state.js';
import { diffTenant, nameOf } from '../../src/plan/diff-tenant.js';
import { KINDS, listOf } from '../../src/kinds/registry.js';
import { bareSimState, normalized, randomVoiceState, routingView, USERS } from '../support/sim-builders.js';

const ints = fc.array(fc.nat(1000), { minLength: 60, maxLength: 60 });

/** Every address in either state, as a diff scope. */
function allKeys(...states: TenantVoiceState[]): Set<string> {
  const keys = new Set<string>();
  for (const s of states) for (const { kind } of KINDS) for (const o of listOf(s, kind) as object[]) keys.add(uniqueKey({ kind, name: nameOf(kind, o) }));
  return keys;
}

/** A sim tenant holding exactly `voice` (built through the tenant's own operations). */
function simIn(voice: TenantVoiceState): SimTenant {
  const tenant = new SimTenant(bareSimState());
  const empty = readSimState(tenant, { users: USERS }).voice;
  for (const c of diffTenant(voice, empty, { prune: false }).changes) applyChangeToSim(tenant, c);
  return tenant;
}

describe('plan properties', () => {
  it('diff(s, s) is empty', () => {
    fc.assert(
      fc.property(ints, (seed) => {
        const s = randomVoiceState(seed);
        const d = diffTenant(s, structuredClone(s), { prune: true });
        expect(d.changes).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('applying diff(a → b) to a tenant in state a yields b (every step accepted by the simulated tenant)', () => {
    fc.assert(
      fc.property(ints, ints, (seedA, seedB) => {
        const a = randomVoiceState(seedA);
        const b = randomVoiceState(seedB);
        const tenant = simIn(a);
        expect(normalized(readSimState(tenant, { users: USERS }).voice)).toEqual(normalized(a));
        const d = diffTenant(b, readSimState(tenant, { users: USERS }).voice, { prune: true, scope: allKeys(a, b) });
        for (const c of d.changes) applyChangeToSim(tenant, c);
        expect(routingView(readSimState(tenant, { users: USERS }).voice)).toEqual(routingView(b));
        expect(diffTenant(b, readSimState(tenant, { users: USERS }).voice, { prune: true }).changes).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('prune deletes only marked objects; unmarked ones are reported as left alone', () => {
    fc.assert(
      fc.property(ints, (seed) => {
        const a = randomVoiceState(seed);
        for (const r of a.voiceRoutes) r.description = 'hand-made';
        const d = diffTenant({ ...a, voiceRoutes: [], translationRules: [] }, a, { prune: true });
        expect(d.changes.filter((c) => c.kind === 'voiceRoute')).toEqual([]);
        expect(d.unmanaged).toEqual(a.voiceRoutes.map((r) => `voiceRoute[${JSON.stringify(r.name)}]`));
        expect(d.changes.filter((c) => c.kind === 'translationRule').every((c) => c.action === 'delete')).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
