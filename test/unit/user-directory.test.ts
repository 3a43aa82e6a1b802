import { describe, expect, it } from 'vitest';
import type { TeamsRunner } from '../../src/backends/teams/teams-runner.js';
import { UserDirectory } from '../../src/backends/teams/user-directory.js';

/** A runner whose Graph answers readUsers from a table and counts the lookups. */
function fakeRunner(known: Record<string, string>) {
  const lookups: string[][] = [];
  const graph = {
    readUsers: async (upns: string[]) => {
      lookups.push(upns);
      return new Map(
        upns.map((u) => [
          u.toLowerCase(),
          known[u.toLowerCase()] ? { id: known[u.toLowerCase()]!, userPrincipalName: u } : null,
        ]),
      );
    },
    readSkus: async () => [{ skuId: 's1', skuPartNumber: 'MCOEV', enabled: 1, consumed: 0, servicePlans: [] }],
  };
  const runner = { open: async () => undefined, graph } as unknown as TeamsRunner;
  return { runner, lookups };
}

describe('UserDirectory', () => {
  it('gives the object ids a write needs: from earlier reads, else looked up once (whatever the case of the UPN)', async () => {
    const { runner, lookups } = fakeRunner({ 'a@x.com': 'id-a', 'b@x.com': 'id-b' });
    const directory = new UserDirectory(runner);
    directory.remember([{ upn: 'A@X.com', id: 'id-a' }]);
    const idOf = await directory.idsOf(['a@x.com', 'B@x.com', 'nobody@x.com']);
    expect([idOf('a@x.com'), idOf('b@x.com'), idOf('nobody@x.com')]).toEqual(['id-a', 'id-b', undefined]);
    expect(lookups).toEqual([['B@x.com', 'nobody@x.com']]);
    await directory.idsOf(['b@X.COM']);
    expect(lookups).toHaveLength(1);
  });

  it('reads the SKU names once', async () => {
    const { runner } = fakeRunner({});
    const directory = new UserDirectory(runner);
    expect([...(await directory.skus())]).toEqual([['s1', 'MCOEV']]);
    directory.rememberSkus([]);
    expect((await directory.skus()).size).toBe(0);
  });
});
