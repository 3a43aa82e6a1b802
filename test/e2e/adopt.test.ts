/**
 * #27 `voiceform adopt` on a simulated tenant with hand-made objects (an SBC, a route, the Global
 * policy): the objects a spec names become Voiceform's through a plan that adds the ownership
 * marker and nothing else, even where the spec wants other values; a named route whose SBC would
 * stay unmanaged is refused, naming both; without a spec every hand-made object but the Global is
 * adopted; the saved plan applies and the spec then plans its own changes only.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

let dir: string;
type Spec = Record<string, { owned?: boolean; numberPattern?: string }[]>;
let exported: Spec;
const tenant = () => JSON.parse(readFileSync(path.join(dir, '.voiceform/sim-tenant.json'), 'utf8'));
const write = (name: string, doc: unknown) => writeFileSync(path.join(dir, name), JSON.stringify(doc, null, 2));

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vf-adopt-'));
  writeFileSync(path.join(dir, 'spec.json'), readFileSync(path.join(ROOT, 'samples/small-business.json')));
  expect(runCli(['sim', 'init', '--users-from', 'spec.json'], { cwd: dir }).code).toBe(0);
  const r = runCli(['export'], { cwd: dir });
  expect(r.code).toBe(0);
  exported = JSON.parse(r.stdout) as Spec;
});

/** The export with `owned: false` taken off the entries of these arrays: the spec names them as Voiceform's. */
const naming = (...lists: string[]) => {
  const doc = structuredClone(exported);
  for (const l of lists) for (const o of doc[l] ?? []) delete o.owned;
  return doc;
};

describe('voiceform adopt', () => {
  it('refuses a route whose SBC would stay unmanaged, naming both, and adopts nothing', () => {
    write('route.json', naming('voiceRoutes'));
    const r = runCli(['adopt', '--into', 'route.json'], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(
      'voiceRoute["Legacy-AllCalls"] uses gateway["sbc-legacy.fabrikam.co.uk"], which would stay unmanaged',
    );
    expect(tenant().voice.voiceRoutes[0].description).toBe('Catch-all from the first rollout');
  });

  it('marks exactly the named objects, whatever else the spec wants; the saved plan applies; the spec then plans its own change', () => {
    const doc = naming('voiceRoutes', 'gateways');
    doc.voiceRoutes![0]!.numberPattern = '^\\+44\\d+$';
    write('adopt.json', doc);
    const before = tenant();
    const r = runCli(['adopt', '--into', 'adopt.json', '--format', 'json', '--out', 'adopt.plan.json'], { cwd: dir });
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as {
      changes: { address: string; action: string; diff: { attribute: string }[] }[];
    };
    expect(plan.changes.map((c) => [c.address, c.action, c.diff.map((d) => d.attribute)])).toEqual([
      ['gateway["sbc-legacy.fabrikam.co.uk"]', 'update', ['description']],
      ['voiceRoute["Legacy-AllCalls"]', 'update', ['description']],
    ]);
    expect(runCli(['apply', 'adopt.plan.json', '--auto-approve'], { cwd: dir }).code).toBe(0);
    const after = tenant();
    expect(after.voice.voiceRoutes[0]).toEqual({
      ...before.voice.voiceRoutes[0],
      description: '[voiceform] Catch-all from the first rollout',
    });
    expect(after.voice.gateways[0].description).toBe('[voiceform] Old carrier SBC, set up by hand in 2021');
    // Nothing else moved: the Global policy and the usages are as they were.
    expect(after.voice.voiceRoutingPolicies).toEqual(before.voice.voiceRoutingPolicies);
    expect(after.voice.pstnUsages).toEqual(before.voice.pstnUsages);
    // Now Voiceform's, the route takes the spec's own change in a normal plan.
    const next = runCli(['plan', 'adopt.json', '--format', 'json'], { cwd: dir });
    const changes = (JSON.parse(next.stdout) as { changes: { address: string; diff: { attribute: string }[] }[] })
      .changes;
    expect(changes.map((c) => [c.address, c.diff.map((d) => d.attribute)])).toEqual([
      ['voiceRoute["Legacy-AllCalls"]', ['numberPattern']],
    ]);
  });

  it('without a spec, every hand-made object but the org-wide Global; twice, nothing more', () => {
    const r = runCli(['adopt', '--out', 'all.plan.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      '2 object(s) to adopt: gateway["sbc-legacy.fabrikam.co.uk"], voiceRoute["Legacy-AllCalls"].',
    );
    expect(runCli(['apply', 'all.plan.json', '--auto-approve'], { cwd: dir }).code).toBe(0);
    const again = runCli(['adopt'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Nothing to adopt');
    expect(tenant().voice.voiceRoutingPolicies[0].description).toBe('');
  });
});
