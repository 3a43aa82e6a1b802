import { mkdirSync, mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimStore } from '../../src/backends/sim/sim-store.js';
import { bareSimState } from '../support/sim-builders.js';

describe('the simulated tenant file lock', () => {
  it('takes over a lock a killed process left, once, however many writes of this process wait on it', async () => {
    for (let round = 0; round < 20; round++) {
      const dir = mkdtempSync(path.join(tmpdir(), 'vf-stale-'));
      const file = path.join(dir, 'tenant.json');
      const store = new SimStore(file);
      await store.save(bareSimState());
      // The lock a SIGKILLed writer left behind, already older than the stale limit.
      mkdirSync(`${file}.lock`);
      const old = new Date(Date.now() - 60_000);
      utimesSync(`${file}.lock`, old, old);
      const writes = Array.from({ length: 30 }, (_, i) =>
        store.update((s) => void s.domains.push({ id: `d${i}.example`, isVerified: true })),
      );
      await expect(Promise.all(writes)).resolves.toHaveLength(30);
      expect((await new SimStore(file).load()).domains).toHaveLength(bareSimState().domains.length + 30);
    }
  });
});
