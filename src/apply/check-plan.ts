import { sameName } from '../kinds/identity.js';
import path from 'node:path';
import { StalePlan } from '../errors.js';
import type { TenantReaderWriter } from '../backends/backend.js';
import { loadJsonFile } from '../io/json-file.js';
import { asPlan, looksLikePlan } from '../load/plan-file.js';
import { specFromDoc } from '../load/read-spec.js';
import { canonicalJson } from '../plan/canonical-json.js';
import { computePlan } from '../plan/compute-plan.js';
import { fingerprintState, hashSpec } from '../plan/fingerprint.js';
import { PLAN_FORMAT_VERSION, type Change, type Plan } from '../plan/plan-types.js';

/*
 * The checks a plan passes before anything is written (Terraform checks plan files in its local
 * backend, not in a command): a saved plan's version and spec hash when it is loaded, and under
 * the tenant lock, the tenant's identity and state fingerprint and that the saved changes are what
 * their own spec computes (a file edited by hand is refused).
 */

/** The plan to apply: computed now from a spec, or a saved plan checked for version, spec and spec hash. */
export async function planOrLoad(
  file: string,
  doc: unknown,
  backend: TenantReaderWriter,
  templates?: string,
): Promise<Plan> {
  if (!looksLikePlan(doc)) {
    const spec = await specFromDoc(file, doc, templates);
    return { ...(await computePlan(spec, backend)), specFile: path.resolve(file) };
  }
  const plan = asPlan(doc, file);
  if (plan.formatVersion !== PLAN_FORMAT_VERSION)
    throw new StalePlan(
      `plan ${file} has format version ${plan.formatVersion}; this Voiceform applies version ${PLAN_FORMAT_VERSION}`,
      'plan again with this version',
    );
  if (!plan.rendered)
    throw new StalePlan(
      `plan ${file} does not carry the spec it was computed from, so it cannot be checked`,
      'plan again with `voiceform plan SPEC --out FILE`',
    );
  if (plan.specFile) {
    const raw = await loadJsonFile(plan.specFile).catch(() => undefined);
    if (raw !== undefined && hashSpec(raw) !== plan.specHash) {
      throw new StalePlan(
        `the spec hash no longer matches: ${plan.specFile} changed since the plan was made`,
        `plan again: voiceform plan ${plan.specFile} --out ${file}`,
      );
    }
  }
  return plan;
}

/**
 * Refuses a plan whose tenant or state moved on since it was computed (re-read under the lock),
 * and a saved plan whose changes are not what its own spec computes against that state (a plan
 * file edited by hand: what was reviewed would not be what runs).
 */
export async function checkFresh(
  plan: Plan,
  backend: TenantReaderWriter,
  saved: boolean,
  file: string,
  templates?: string,
): Promise<void> {
  const current = await backend.read({ users: plan.users });
  if (!sameName(current.tenantId, plan.tenant.id)) {
    throw new StalePlan(
      `the plan is for tenant ${plan.tenant.id} but ${backend.description} is tenant ${current.tenantId}`,
    );
  }
  if (fingerprintState(current.tenantId, current.voice) !== plan.stateFingerprint) {
    throw new StalePlan(
      'the state fingerprint no longer matches: the tenant changed since the plan was made',
      'plan again and review the new plan',
    );
  }
  if (!saved) return;
  const recomputed = await computePlan(await specFromDoc(file, plan.rendered, templates), {
    description: backend.description,
    read: async () => current,
  });
  const differs = firstDifference(plan.changes, recomputed.changes);
  if (differs !== undefined) {
    const where = plan.changes[differs]?.address ?? recomputed.changes[differs]?.address ?? '';
    throw new StalePlan(
      `${file} does not match the spec it was computed from: changes[${differs}] (${where}) differs from what that spec plans against the tenant; the file was edited`,
      'plan again and review the new plan; never edit a saved plan',
    );
  }
}

/** The index of the first change that differs (by content), or undefined when both lists agree. */
function firstDifference(a: Change[], b: Change[]): number | undefined {
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if (canonicalJson(a[i] ?? null) !== canonicalJson(b[i] ?? null)) return i;
  return undefined;
}
