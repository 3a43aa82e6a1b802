import { TenantNotReady } from '../errors.js';
import type { ReadSpec } from '../load/read-spec.js';
import type { CurrentState } from '../model/tenant-state.js';
import { TOOL_VERSION } from '../version.js';
import { buildPlan } from './build-plan.js';
import { hashSpec } from './fingerprint.js';
import type { Plan } from './plan-types.js';

/** What computing a plan needs of a tenant: a read (structurally a backend's TenantReader; plan/ imports no backend). */
export interface StateSource {
  readonly description: string;
  read(scope: { users: readonly string[] | 'all' }): Promise<CurrentState>;
}

/** Reads the tenant for a spec and builds its plan; refuses (exit 4) when preflight fails. */
export async function computePlan(spec: ReadSpec, reader: StateSource, now = new Date()): Promise<Plan> {
  const current = await reader.read({ users: spec.desired.voice.userNumbers.map((u) => u.upn) });
  const { plan, problems } = buildPlan({
    desired: spec.desired,
    current,
    specHash: hashSpec(spec.raw),
    backend: reader.description,
    toolVersion: TOOL_VERSION,
    now,
  });
  const errors = problems.filter((p) => p.severity !== 'warning');
  plan.rendered = spec.rendered.spec;
  const warnings = problems.filter((p) => p.severity === 'warning').map(({ path, rule, message }) => ({ path, rule, message }));
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
