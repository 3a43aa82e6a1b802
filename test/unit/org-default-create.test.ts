/**
 * Teams keeps the org-wide Global instance of each policy kind itself: it can be taken over with
 * Set-, never created. Voiceform refuses such a create at plan time (preflight.global, exit 4), and
 * the simulated tenant refuses it as Teams does, so a plan that slipped past would fail there too.
 */
import { describe, expect, it } from 'vitest';
import { readSimState } from '../../src/backends/sim/sim-read.js';
import { SimTenant } from '../../src/backends/sim/sim-tenant.js';
import { buildDesiredState } from '../../src/model/desired-state.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { validateSpec } from '../../src/validate/validate-spec.js';
import { builtinLibrary, validSpec } from '../support/builders.js';
import { bareSimState } from '../support/sim-builders.js';

async function planFor(extra: object, seedGlobal = false) {
  const verdict = validateSpec({ ...validSpec(), ...extra }, await builtinLibrary());
  if (!verdict.ok) throw new Error(JSON.stringify(verdict.problems));
  const desired = buildDesiredState(verdict.rendered);
  const state = bareSimState();
  state.tenantId = desired.tenantId;
  if (seedGlobal) state.voice.voiceRoutingPolicies.push({ name: 'Global', pstnUsages: [], description: '' });
  const current = readSimState(new SimTenant(state), { users: 'all' });
  return buildPlan({ desired, current, specHash: 'h', backend: 'sim:test', toolVersion: 'test', now: new Date(0) });
}

describe('the org-wide Global is never created', () => {
  it('a spec naming a Global dial plan the tenant lacks: preflight.global at the spec path, whatever the case', async () => {
    const { plan, problems } = await planFor({ dialPlans: [{ name: 'gLoBaL', normalizationRules: [] }] });
    expect(plan.changes.some((c) => c.kind === 'dialPlan' && c.action === 'create')).toBe(true);
    expect(problems.filter((p) => p.rule === 'preflight.global')).toEqual([
      expect.objectContaining({ path: '/dialPlans/0/name', message: expect.stringContaining('cannot be created') }),
    ]);
  });

  it('taking over a Global the tenant has is no problem', async () => {
    const { plan, problems } = await planFor(
      {
        voiceRoutingPolicies: [
          ...validSpec().voiceRoutingPolicies!,
          { name: 'Global', pstnUsages: ['Contoso-Special'] },
        ],
      },
      true,
    );
    expect(plan.changes.find((c) => c.kind === 'voiceRoutingPolicy' && c.name === 'Global')?.action).toBe('update');
    expect(problems.filter((p) => p.rule === 'preflight.global')).toEqual([]);
  });

  it('the simulated tenant refuses New- of a Global, as Teams does, and keeps its own', () => {
    const tenant = new SimTenant(bareSimState());
    expect(() => tenant.create('dialPlan', { name: 'Global', description: '', normalizationRules: [] })).toThrow(
      /Global .*cannot be created/,
    );
    expect(() =>
      tenant.create('callingLineIdentity', {
        name: 'global',
        description: '',
        callingIdSubstitute: 'Anonymous',
        resourceAccount: null,
        companyName: '',
        enableUserOverride: false,
        blockIncomingPstnCallerId: false,
      }),
    ).toThrow(/cannot be created/);
    expect(readSimState(tenant, { users: [] }).voice.dialPlans.map((d) => d.name)).toEqual([]);
  });
});
