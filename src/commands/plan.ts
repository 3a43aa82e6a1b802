import path from 'node:path';
import type { Config } from '../config.js';
import type { IoHost } from '../io/io-host.js';
import { openReader } from '../backends/open/open-tenant.js';
import { computePlan } from '../plan/compute-plan.js';
import { formatPlan, type PlanFormat } from '../plan/format-plan.js';
import { savePlan } from '../load/plan-file.js';
import type { Plan } from '../plan/plan-types.js';
import { readSpec } from '../load/read-spec.js';

export interface PlanOptions {
  tenant?: string;
  deviceCode?: boolean;
  cloud?: string;
  format: PlanFormat;
  out?: string;
  detailedExitcode?: boolean;
  templates?: string;
  /** Told the plan once computed (batch: the tenant's summary). */
  onPlan?: (plan: Plan) => void;
}

/** `voiceform plan SPEC`: the diff, Terraform-style; `--detailed-exitcode` exits 2 on changes or drift. */
export async function planCommand(file: string, options: PlanOptions, io: IoHost, config: Config): Promise<number> {
  const spec = await readSpec(file, options.templates);
  const reader = await openReader(options.tenant, config, {
    tenantId: spec.desired.tenantId,
    deviceCode: options.deviceCode,
    cloud: options.cloud,
    say: (t) => io.err(t),
  });
  try {
    const plan = { ...(await computePlan(spec, reader)), specFile: path.resolve(file) };
    options.onPlan?.(plan);
    io.out(formatPlan(plan, options.format, io.color));
    if (options.out) {
      await savePlan(options.out, plan);
      io.err(`Saved the plan to ${options.out}. Apply it with: voiceform apply ${options.out}`);
    }
    // Drift the plan cannot change still means the tenant is not what the spec says.
    return options.detailedExitcode && (plan.changes.length > 0 || (plan.drift?.length ?? 0) > 0) ? 2 : 0;
  } finally {
    await reader.close();
  }
}
