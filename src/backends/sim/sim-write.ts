import { isUserKind } from '../../addr/address.js';
import type { TenantKind, UserKind } from '../../kinds/registry.js';
import type { Change, ChangeOf } from '../../plan/plan-types.js';
import { SIM_KINDS, type SimUserKind } from './sim-kinds.js';
import type { SimTenant } from './sim-tenant.js';

/**
 * Carries out one planned change on the simulated tenant through the cmdlet-shaped operations,
 * the same mapping the Teams backend makes to real cmdlets.
 */
export function applyChangeToSim(tenant: SimTenant, change: Change): void {
  if (change.action === 'no-op') return;
  if (isUserKind(change.kind)) {
    (SIM_KINDS[change.kind as UserKind] as SimUserKind<UserKind>).write(tenant, change as ChangeOf<UserKind>);
    return;
  }
  const { kind, name, action, after } = change as ChangeOf<TenantKind>;
  if (action === 'delete' || action === 'replace') tenant.remove(kind, name);
  if (action === 'create' || action === 'replace') tenant.create(kind, after!);
  if (action === 'update') tenant.update(kind, after!);
}

/** What a change gives up before any change of its batch takes anything (a user's old number), if anything. */
export function releaseOf(change: Change): ((tenant: SimTenant) => void) | undefined {
  if (!isUserKind(change.kind) || change.action === 'no-op') return undefined;
  const kind = SIM_KINDS[change.kind as UserKind] as SimUserKind<UserKind>;
  return kind.release ? (tenant) => kind.release!(tenant, change as ChangeOf<UserKind>) : undefined;
}
