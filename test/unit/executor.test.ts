/**
 * The executor's two safety checks and its patience: before a write the object must still be as
 * planned; after it the tenant must show the planned result — within a budget, because Teams
 * shows writes late (reference/teams-graph-fidelity.md §5.3).
 */
import { describe, expect, it } from 'vitest';
import type { BatchOutcome, TenantReaderWriter } from '../../src/backends/backend.js';
import type { VoiceObject } from '../../src/kinds/registry.js';
import { executeChanges, type ReadBackPolicy } from '../../src/apply/executor.js';
import type { Change } from '../../src/plan/plan-types.js';

const usage = (name: string): Change => ({
  address: `pstnUsage["${name}"]`,
  kind: 'pstnUsage',
  name,
  action: 'create',
  before: null,
  after: { name },
  diff: [],
});

/** A tenant holding usages; a write shows in reads only after `lag` further reads; `drop` writes never show. */
function tenant(options: { lag?: number; drop?: boolean; existing?: string[] } = {}) {
  const stored = new Map<string, VoiceObject>((options.existing ?? []).map((n) => [`pstnUsage["${n}"]`, { name: n }]));
  const pending = new Map<string, { value: VoiceObject; reads: number }>();
  const writes: string[] = [];
  const backend: TenantReaderWriter = {
    description: 'fake',
    read: async () => {
      throw new Error('not used');
    },
    readObjects: async (addresses) =>
      addresses.map((a) => {
        const p = pending.get(a);
        if (p && p.reads++ >= (options.lag ?? 0)) {
          stored.set(a, p.value);
          pending.delete(a);
        }
        return stored.get(a) ?? null;
      }),
    writeMany: async (changes): Promise<BatchOutcome[]> =>
      changes.map((c) => {
        writes.push(c.address);
        if (!options.drop) pending.set(c.address, { value: c.after!, reads: 0 });
        return { status: 'done' };
      }),
    close: async () => undefined,
  };
  return { backend, writes };
}

const quick = (budgetMs: number): ReadBackPolicy => ({ delaysMs: [1], budgetMs: () => budgetMs });

describe('executeChanges', () => {
  it('waits for a write that shows late (eventual consistency) instead of calling it a failure', async () => {
    const { backend } = tenant({ lag: 3 });
    const result = await executeChanges([usage('A'), usage('B')], backend, { listeners: [], readBack: quick(5_000) });
    expect(result).toEqual({ status: 'applied', done: 2 });
  });

  it('fails a write that never shows once the budget is spent (a cmdlet that "succeeds" without effect)', async () => {
    const { backend } = tenant({ drop: true });
    const result = await executeChanges([usage('A')], backend, { listeners: [], readBack: quick(50) });
    expect(result.status).toBe('failed');
    expect(result.failed?.error).toMatch(/does not show the planned result/);
  });

  it('refuses to write an object that changed since the plan (someone else created it)', async () => {
    const { backend, writes } = tenant({ existing: ['A'] });
    const result = await executeChanges([usage('A')], backend, { listeners: [], readBack: quick(50) });
    expect(result.status).toBe('failed');
    expect(result.failed?.error).toMatch(/changed in the tenant since the plan was made/);
    expect(writes).toEqual([]);
  });
});

describe('independent kinds', () => {
  const number = (upn: string): Change => ({
    address: `userNumber["${upn}"]`,
    kind: 'userNumber',
    name: upn,
    action: 'update',
    before: { upn, phoneNumber: null, phoneNumberType: null },
    after: { upn, phoneNumber: '+442071000001', phoneNumberType: 'DirectRouting' },
    diff: [],
  });
  const grant = (upn: string): Change =>
    ({
      address: `userPolicy["${upn}"]`,
      kind: 'userPolicy',
      name: upn,
      action: 'update',
      before: { upn, voiceRoutingPolicy: null },
      after: { upn, voiceRoutingPolicy: 'P' },
      diff: [],
    }) as Change;

  /** A tenant whose number writes wait until a grant write has started: only a concurrent executor finishes. */
  function rendezvous(failGrants = false) {
    const stored = new Map<string, VoiceObject>([
      ['userNumber["a@x"]', number('a@x').before!],
      ['userPolicy["a@x"]', grant('a@x').before!],
    ]);
    let grantStarted: () => void = () => undefined;
    const grantsStarted = new Promise<void>((r) => (grantStarted = r));
    const backend: TenantReaderWriter = {
      description: 'fake',
      read: async () => {
        throw new Error('not used');
      },
      readObjects: async (addresses) => addresses.map((a) => stored.get(a) ?? null),
      writeMany: async (changes) => {
        if (changes[0]!.kind === 'userNumber')
          await Promise.race([
            grantsStarted,
            new Promise((_, reject) =>
              setTimeout(() => reject(new Error('grants never started beside numbers')), 2000),
            ),
          ]);
        else grantStarted();
        return changes.map((c): BatchOutcome => {
          if (failGrants && c.kind === 'userPolicy') return { status: 'failed', error: new Error('grant refused') };
          stored.set(c.address, c.after!);
          return { status: 'done' };
        });
      },
      close: async () => undefined,
    };
    return backend;
  }

  it('writes a user number and its grants at the same time (neither needs the other)', async () => {
    const result = await executeChanges([number('a@x'), grant('a@x')], rendezvous(), {
      listeners: [],
      readBack: quick(50),
    });
    expect(result).toEqual({ status: 'applied', done: 2 });
  });

  it('reports the failed kind of a concurrent batch and counts the other as done', async () => {
    const result = await executeChanges([number('a@x'), grant('a@x')], rendezvous(true), {
      listeners: [],
      readBack: quick(50),
    });
    expect(result.status).toBe('failed');
    expect(result.done).toBe(1);
    expect(result.failed?.change.kind).toBe('userPolicy');
  });
});

describe('ownership at execution', () => {
  const route = (name: string, description: string) => ({
    name,
    description,
    numberPattern: '^\\+44\\d+$',
    priority: 0,
    gateways: ['sbc1.x'],
    pstnUsages: ['U'],
  });
  const deleteRoute = (o: ReturnType<typeof route>): Change =>
    ({
      address: `voiceRoute["${o.name}"]`,
      kind: 'voiceRoute',
      name: o.name,
      action: 'delete',
      before: o,
      after: null,
      diff: [],
    }) as Change;
  function holding(o: ReturnType<typeof route>) {
    const stored = new Map<string, VoiceObject>([[`voiceRoute["${o.name}"]`, o]]);
    const writes: string[] = [];
    const backend: TenantReaderWriter = {
      description: 'fake',
      read: async () => {
        throw new Error('not used');
      },
      readObjects: async (addresses) => addresses.map((a) => stored.get(a) ?? null),
      writeMany: async (changes) =>
        changes.map((c): BatchOutcome => {
          writes.push(c.address);
          stored.delete(c.address);
          return { status: 'done' };
        }),
      close: async () => undefined,
    };
    return { backend, writes };
  }

  it("an apply never deletes an object without Voiceform's marker, whatever the plan says", async () => {
    const theirs = route('Admin-Route', 'made by hand');
    const { backend, writes } = holding(theirs);
    const result = await executeChanges([deleteRoute(theirs)], backend, { listeners: [], readBack: quick(50) });
    expect(result.status).toBe('failed');
    expect(result.failed?.error).toMatch(/is not Voiceform's .*refusing to delete it/);
    expect(writes).toEqual([]);
  });

  it('deletes its own (marked) objects', async () => {
    const ours = route('R-Ours', '[voiceform] ours');
    const { backend, writes } = holding(ours);
    expect((await executeChanges([deleteRoute(ours)], backend, { listeners: [], readBack: quick(50) })).status).toBe(
      'applied',
    );
    expect(writes).toEqual(['voiceRoute["R-Ours"]']);
  });
});
