import type { Config } from '../config.js';
import { InternalError, PreconditionFailed, TenantNotReady } from '../errors.js';
import type { IoHost } from '../io/io-host.js';
import { openReader, simTenantPath } from '../backends/open/open-tenant.js';
import { checkOutputTarget } from '../io/output-target.js';
import { sameName } from '../kinds/identity.js';
import { savePlan } from '../load/plan-file.js';
import { readSpec, specFromDoc } from '../load/read-spec.js';
import { buildExportSpec } from '../model/export-spec.js';
import { adopt } from '../plan/adopt.js';
import { computePlan } from '../plan/compute-plan.js';
import { formatPlan, type PlanFormat } from '../plan/format-plan.js';

export interface AdoptOptions {
  into?: string;
  tenant?: string;
  deviceCode?: boolean;
  cloud?: string;
  format: PlanFormat;
  out?: string;
  templates?: string;
  force?: boolean;
}

/**
 * `voiceform adopt [--into SPEC]`: the tenant's hand-made objects that the spec names (none named:
 * all of them but the org-wide Globals) become Voiceform's, as a plan that adds the ownership
 * marker to their Description and changes nothing else. The plan carries the tenant's own
 * configuration as its spec, so `apply PLANFILE` checks it like any saved plan.
 */
export async function adoptCommand(options: AdoptOptions, io: IoHost, config: Config): Promise<number> {
  if (options.out) {
    const tenantFile = options.tenant === 'teams' ? undefined : simTenantPath(options.tenant, config.home);
    await checkOutputTarget(options.out, { kind: 'plan', inputs: [options.into, tenantFile], force: options.force });
  }
  const spec = options.into ? await readSpec(options.into, options.templates) : undefined;
  const reader = await openReader(options.tenant, config, {
    tenantId: spec?.desired.tenantId,
    deviceCode: options.deviceCode,
    cloud: options.cloud,
    say: (t) => io.err(t),
  });
  try {
    const current = await reader.read({ users: [] });
    if (spec && !sameName(spec.desired.tenantId, current.tenantId))
      throw new PreconditionFailed(
        `${options.into} is for tenant ${spec.desired.tenantId} but ${reader.description} is tenant ${current.tenantId}`,
      );
    const adoption = adopt(current.voice, spec?.desired.voice);
    if (adoption.problems.length > 0)
      throw new TenantNotReady(
        `${adoption.problems.length} object(s) to adopt use objects that would stay unmanaged; nothing was adopted`,
        adoption.problems,
        'adopt the objects they use as well (name them in the spec), or leave these out',
      );
    for (const m of adoption.missing)
      io.err(`${m} is not in the tenant: nothing to adopt (a plan of the spec creates it)`);
    if (adoption.adopted.length === 0) {
      io.err("Nothing to adopt: every object named is Voiceform's already, marked owned: false, or not in the tenant.");
      return 0;
    }
    const customer = (spec?.raw as { customer?: { name?: string } } | undefined)?.customer?.name ?? 'Adopted tenant';
    const adopted = await specFromDoc(
      '(the adopted tenant)',
      buildExportSpec({ ...current, voice: adoption.voice }, customer),
      options.templates,
    );
    const plan = await computePlan(adopted, { description: reader.description, read: async () => current });
    // Adoption writes the marker and nothing else: anything more would be a bug, never applied.
    const other = plan.changes.find((c) => c.action !== 'update' || c.diff.some((d) => d.attribute !== 'description'));
    if (other) throw new InternalError(`adopting would change ${other.address} beyond its Description`);
    io.out(formatPlan(plan, options.format, io.color));
    io.err(`${adoption.adopted.length} object(s) to adopt: ${adoption.adopted.join(', ')}.`);
    if (options.out) {
      await savePlan(options.out, plan);
      io.err(`Saved the plan to ${options.out}. Apply it with: voiceform apply ${options.out}`);
    }
    return 0;
  } finally {
    await reader.close();
  }
}
