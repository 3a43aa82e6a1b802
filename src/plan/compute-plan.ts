import { identityKey } from '../kinds/identity.js';
import { TenantNotReady } from '../errors.js';
import type { ReadSpec } from '../model/desired-state.js';
import type { CurrentState, UserPolicy } from '../model/tenant-state.js';
import { TOOL_VERSION } from '../version.js';
import { buildPlan, planUsers } from './build-plan.js';
import { checkGrantedDeletes, deletesGrantedPolicy } from './preflight.js';
import { hashSpec } from './fingerprint.js';
import { unlistedGrantHolders } from './drift.js';
import type { Plan } from './plan-types.js';

/** What computing a plan needs of a tenant: a read (structurally a backend's TenantReader; plan/ imports no backend). */
export interface StateSource {
  readonly description: string;
  read(scope: { users: readonly string[] | 'all' }): Promise<CurrentState>;
  /** Users holding a voice policy of their own (see TenantReader.readGrantHolders). */
  readGrantHolders?(): Promise<UserPolicy[]>;
}

/** Reads the tenant for a spec and builds its plan; refuses (exit 4) when preflight fails. */
export async function computePlan(spec: ReadSpec, reader: StateSource, now = new Date()): Promise<Plan> {
  const current = await reader.read({ users: planUsers(spec.desired) });
  const { plan, problems } = buildPlan({
    desired: spec.desired,
    current,
    specHash: hashSpec(spec.raw),
    backend: reader.description,
    toolVersion: TOOL_VERSION,
    now,
  });
  // Users outside the spec may hold a policy the plan deletes (a site removed): found now, not
  // by a failed Remove-* halfway through the apply.
  if (deletesGrantedPolicy(plan.changes)) {
    const everyone = await reader.read({ users: 'all' });
    const named = new Set(plan.users.map((u) => identityKey(u)));
    const outside = {
      voice: {
        ...everyone.voice,
        userPolicies: everyone.voice.userPolicies.filter((u) => !named.has(identityKey(u.upn))),
      },
    };
    problems.push(...checkGrantedDeletes(plan.changes, outside, (upn) => named.has(identityKey(upn))));
  }
  // People the spec no longer lists who still hold its policies: drift, never touched.
  if (reader.readGrantHolders) {
    const extra = unlistedGrantHolders(spec.desired, await reader.readGrantHolders());
    if (extra.length > 0) plan.drift = [...(plan.drift ?? []), ...extra];
  }
  const errors = problems.filter((p) => p.severity !== 'warning');
  plan.rendered = spec.rendered.spec;
  const warnings = problems
    .filter((p) => p.severity === 'warning')
    .map(({ path, rule, message }) => ({ path, rule, message }));
  if (warnings.length > 0) plan.warnings = warnings;
  if (errors.length > 0) {
    throw new TenantNotReady(
      `the tenant is not ready for ${spec.file}: ${errors.length} problem(s)`,
      errors.map((p) => ({ ...p, file: spec.file })),
      'fix the users, licences or domains in the tenant (or the spec), then plan again',
    );
  }
  return plan;
}
