import { identityKey } from '../../kinds/identity.js';
import type { GraphSku, GraphUser } from '../graph/graph-directory.js';
import type { Raw } from './teams-fields.js';
import { userOf, type TeamsRunner } from './teams-runner.js';

/**
 * Users' object ids and the tenant's SKU names, which writes need (batch policy assignment and
 * Graph take object ids: a UPN that differs from the SIP address fails; licences are SKU ids).
 * Reads fill it as they go; what a write needs and no read has given is looked up then (Graph, or
 * Get-CsOnlineUser without it), so what a write sends never depends on the order of earlier calls.
 */
export class UserDirectory {
  private readonly ids = new Map<string, string>();
  private skuParts: Map<string, string> | undefined;

  constructor(private readonly runner: TeamsRunner) {}

  /** What a read learnt: each user's object id. */
  remember(users: Iterable<{ upn: string; id: string | undefined }>): void {
    for (const u of users) if (u.id) this.ids.set(identityKey(u.upn), u.id);
  }

  /** Users as Get-CsOnlineUser returns them (`Identity` is the object id). */
  rememberUsers(users: { upn: string; user: Raw | null }[]): void {
    this.remember(users.map((u) => ({ upn: u.upn, id: u.user?.Identity ? String(u.user.Identity) : undefined })));
  }

  rememberGraphUsers(users: Iterable<[string, GraphUser | null]>): void {
    this.remember([...users].map(([upn, u]) => ({ upn, id: u?.id })));
  }

  /** The object id a read gave, if any. */
  known(upn: string): string | undefined {
    return this.ids.get(identityKey(upn));
  }

  /** Object ids of these users, looking up the ones no read gave; a user that does not exist has none. */
  async idsOf(upns: string[]): Promise<(upn: string) => string | undefined> {
    const unknown = [...new Set(upns.filter((upn) => !this.known(upn)))];
    if (unknown.length > 0) {
      await this.runner.open();
      if (this.runner.graph) this.rememberGraphUsers(await this.runner.graph.readUsers(unknown));
      else
        this.rememberUsers(
          (
            await this.runner.run(
              unknown.map((upn) => ({ cmdlet: 'Get-CsOnlineUser', params: { Identity: upn } })),
              false,
            )
          ).map((r, i) => userOf(unknown[i]!, r)),
        );
    }
    return (upn) => this.known(upn);
  }

  /** SKU id → part number (`MCOEV`), as a read gave it or looked up now. */
  async skus(): Promise<Map<string, string>> {
    if (this.skuParts) return this.skuParts;
    await this.runner.open();
    return this.runner.graph ? this.rememberSkus(await this.runner.graph.readSkus()) : new Map();
  }

  rememberSkus(skus: GraphSku[]): Map<string, string> {
    this.skuParts = new Map(skus.map((k) => [k.skuId, k.skuPartNumber]));
    return this.skuParts;
  }
}
