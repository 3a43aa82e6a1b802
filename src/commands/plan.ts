import path from 'node:path';
import type { Config } from '../config.js';
import type { IoHost } from '../io/io-host.js';
import { openReader, simTenantPath } from '../backends/open/open-tenant.js';
import { checkOutputTarget, writeOutput } from '../io/output-target.js';
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
  /** Replace an --out file that is an input or not a plan Voiceform wrote. */
  force?: boolean;
  /** Say how to apply the saved plan (a batch says it once for all its plans). */
  applyHint?: boolean;
  /** Told the plan once computed (batch: the tenant's summary). */
  onPlan?: (plan: Plan) => void;
}

/** `voiceform plan SPEC`: the diff, Terraform-style; `--detailed-exitcode` exits 2 on changes or drift. */
export async function planCommand(file: string, options: PlanOptions, io: IoHost, config: Config): Promise<number> {
  // A page or markdown goes to --out as it is; otherwise --out saves the plan that `apply` takes.
  const view = options.format === 'html' || options.format === 'markdown';
  if (options.out) {
    const tenantFile = options.tenant === 'teams' ? undefined : simTenantPath(options.tenant, config.home);
    await checkOutputTarget(options.out, {
      kind: view ? 'plan-view' : 'plan',
      inputs: [file, tenantFile],
      force: options.force,
    });
  }
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
    const shown = formatPlan(plan, options.format, io.color);
    if (options.out && view) {
      await writeOutput(options.out, shown);
      io.err(
        `Wrote the plan's ${options.format} view to ${options.out} (to read; save a plan to apply with --out FILE.json and --format text or json)`,
      );
      return exitCode(plan, options);
    }
    io.out(shown);
    if (options.out) {
      await savePlan(options.out, plan);
      // apply PLANFILE uses the tenant the plan records, so the command needs no --tenant.
      io.err(
        `Saved the plan to ${options.out}.${options.applyHint === false ? '' : ` Apply it with: voiceform apply ${options.out}`}`,
      );
    }
    return exitCode(plan, options);
  } finally {
    await reader.close();
  }
}

// Drift the plan cannot change still means the tenant is not what the spec says.
const exitCode = (plan: Plan, options: PlanOptions): number =>
  options.detailedExitcode && (plan.changes.length > 0 || (plan.drift?.length ?? 0) > 0) ? 2 : 0;
