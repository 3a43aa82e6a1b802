import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Address } from '../../src/addr/address.js';
import { readSimState } from '../../src/backends/sim/sim-read.js';
import { SimTenant } from '../../src/backends/sim/sim-tenant.js';
import { applyChangeToSim } from '../../src/backends/sim/sim-write.js';
import { markDescription } from '../../src/kinds/ownership.js';
import { emptyVoiceState, GATEWAY_DEFAULTS, type TenantVoiceState } from '../../src/model/tenant-state.js';
import { diffTenant } from '../../src/plan/diff-tenant.js';
import { KINDS, listOf, USER_KINDS } from '../../src/kinds/registry.js';
import { bareSimState, normalized, randomVoiceState, routingView, USERS } from '../support/sim-builders.js';

const ints = fc.array(fc.nat(1000), { minLength: 60, maxLength: 60 });

/** Every address in either state, as a diff scope. */
function allKeys(...states: TenantVoiceState[]): Set<string> {
  const keys = new Set<string>();
  for (const s of states)
    for (const { kind } of KINDS) for (const o of listOf(s, kind) as object[]) keys.add(Address.ofObject(kind, o).key);
  return keys;
}

/** A sim tenant holding exactly `voice` (built through the tenant's own operations). */
function simIn(voice: TenantVoiceState): SimTenant {
  const tenant = new SimTenant(bareSimState());
  const empty = readSimState(tenant, { users: USERS }).voice;
  for (const c of diffTenant(voice, empty, { prune: false }).changes) applyChangeToSim(tenant, c);
  return tenant;
}

/** diff(a → b) applied to a tenant in state a leaves it in state b, routes in b's order per usage. */
function roundTrip(a: TenantVoiceState, b: TenantVoiceState): void {
  const tenant = simIn(a);
  expect(normalized(readSimState(tenant, { users: USERS }).voice)).toEqual(normalized(a));
  const d = diffTenant(b, readSimState(tenant, { users: USERS }).voice, { prune: true, scope: allKeys(a, b) });
  for (const c of d.changes) applyChangeToSim(tenant, c);
  expect(routingView(readSimState(tenant, { users: USERS }).voice)).toEqual(routingView(b));
  expect(diffTenant(b, readSimState(tenant, { users: USERS }).voice, { prune: true }).changes).toEqual([]);
}

/** A state holding one gateway, usages U1–U4 and the routes written as `R1@0[U1,U2] R2@3[U2]`. */
function routes(text: string): TenantVoiceState {
  const s = { ...emptyVoiceState(), ...usersOf(readSimState(new SimTenant(bareSimState()), { users: USERS }).voice) };
  s.gateways = [
    {
      ...GATEWAY_DEFAULTS,
      fqdn: 'sbc1.contoso.com',
      sipSignalingPort: 5061,
      enabled: true,
      maxConcurrentSessions: null,
      outboundPstnNumberTranslationRules: [],
      description: markDescription(undefined),
    },
  ];
  s.pstnUsages = ['U1', 'U2', 'U3', 'U4'].map((name) => ({ name }));
  s.voiceRoutes = text.split(' ').map((r) => {
    const [, name, priority, usages] = /^(\w+)@(\d+)\[([\w,]+)\]$/.exec(r)!;
    return {
      name: name!,
      numberPattern: '^\\+\\d+$',
      priority: Number(priority),
      gateways: ['sbc1.contoso.com'],
      pstnUsages: usages!.split(','),
      description: markDescription(undefined),
    };
  });
  return s;
}

/** The per-user lists of a state (what the simulated tenant's users hold). */
const usersOf = (s: TenantVoiceState) => Object.fromEntries(USER_KINDS.map(({ list }) => [list, s[list]]));

describe('plan properties', () => {
  it('diff(s, s) is empty', () => {
    fc.assert(
      fc.property(ints, (seed) => {
        const s = randomVoiceState(seed);
        const d = diffTenant(s, structuredClone(s), { prune: true });
        expect(d.changes).toEqual([]);
      }),
      { numRuns: 200, seed: 20261201 },
    );
  });

  it('applying diff(a → b) to a tenant in state a yields b (every step accepted by the simulated tenant)', () => {
    fc.assert(
      fc.property(ints, ints, (seedA, seedB) => roundTrip(randomVoiceState(seedA), randomVoiceState(seedB))),
      // Seeded, so a run is repeatable; 100,000 unseeded pairs passed when the route-order cases below were fixed.
      { numRuns: 300, seed: 20261127 },
    );
  });

  // Counterexamples the property found (routes as name@priority[usages]): a route created at its desired
  // priority among routes that keep theirs; an update for another reason that moved a route; and, while
  // those were being fixed, routes kept in one usage but moved in another (the last two).
  it.each([
    ['R2@0[U1]', 'R1@3[U1] R2@2[U1] R3@1[U1]'],
    ['R2@1[U2,U3] R3@1[U1,U2]', 'R2@0[U2,U3] R3@0[U2]'],
    ['R1@0[U4,U2] R2@2[U4,U2]', 'R1@0[U1] R2@0[U2,U1] R3@0[U1]'],
    ['R1@3[U3] R3@3[U3]', 'R1@0[U2] R2@1[U1] R3@0[U1,U2]'],
  ])('keeps the order of routes within each usage: %s → %s', (a, b) => roundTrip(routes(a), routes(b)));

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
      { numRuns: 100, seed: 20261202 },
    );
  });
});
