/**
 * The executor's two safety checks and its patience: before a write the object must still be as
 * planned; after it the tenant must show the planned result — within a budget, because Teams
 * shows writes late (reference/teams-graph-fidelity.md §5.3).
 */
import { describe, expect, it } from 'vitest';
import type { BatchOutcome, TenantReaderWriter, VoiceObject } from '../../src/backends/backend.js';
import { executeChanges, type ReadBackPolicy } from '../../src/apply/executor.js';
import type { Change } from '../../src/plan/plan-types.js';

const usage = (name: string): Change => ({ address: `pstnUsage["${name}"]`, kind: 'pstnUsage', name, action: 'create', before: null, after: { name }, diff: [] });

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
