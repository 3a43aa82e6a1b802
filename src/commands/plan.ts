import path from 'node:path';
import { TenantNotReady } from '../errors.js';
import type { IoHost } from '../io/io-host.js';
import type { TenantReader } from '../backends/backend.js';
import { openBackend } from '../backends/open-backend.js';
import { TOOL_VERSION } from '../version.js';
import { buildPlan } from '../plan/build-plan.js';
import { hashSpec } from '../plan/fingerprint.js';
import { formatPlanHtml } from '../plan/format-html.js';
import { formatPlanMarkdown } from '../plan/format-markdown.js';
import { formatPlanText } from '../plan/format-text.js';
import { savePlan } from '../plan/plan-file.js';
import type { Plan } from '../plan/plan-types.js';
import { readSpec, type ReadSpec } from '../spec/read-spec.js';

export interface PlanOptions {
  tenant?: string;
  deviceCode?: boolean;
  cloud?: string;
  format: 'text' | 'json' | 'markdown' | 'html';
  out?: string;
  detailedExitcode?: boolean;
  templates?: string;
}

/** Reads the tenant for a spec and builds its plan; refuses (exit 4) when preflight fails. */
export async function computePlan(spec: ReadSpec, reader: TenantReader, now = new Date()): Promise<Plan> {
  const current = await reader.read({ users: spec.desired.voice.userNumbers.map((u) => u.upn) });
  const { plan, problems } = buildPlan({
    desired: spec.desired,
    current,
    specHash: hashSpec(spec.raw),
    backend: reader.description,
    toolVersion: TOOL_VERSION,
    now,
  });
  if (problems.length > 0) {
    throw new TenantNotReady(
      `the tenant is not ready for ${spec.file}: ${problems.length} problem(s)`,
      problems.map((p) => ({ ...p, file: spec.file })),
      'fix the users, licences or domains in the tenant (or the spec), then plan again',
    );
  }
  return plan;
}

export function renderPlan(plan: Plan, format: PlanOptions['format'], color: boolean): string {
  if (format === 'json') return JSON.stringify(plan, null, 2);
  if (format === 'markdown') return formatPlanMarkdown(plan);
  if (format === 'html') return formatPlanHtml(plan);
  return formatPlanText(plan, { color });
}

/** `voiceform plan SPEC`: the diff, Terraform-style; `--detailed-exitcode` exits 2 on changes. */
export async function planCommand(file: string, options: PlanOptions, io: IoHost): Promise<number> {
  const spec = await readSpec(file, options.templates);
  const backend = openBackend(options.tenant, { tenantId: spec.desired.tenantId, deviceCode: options.deviceCode, cloud: options.cloud, say: (t) => io.err(t) });
  try {
    const plan = { ...(await computePlan(spec, backend)), specFile: path.resolve(file) };
    io.out(renderPlan(plan, options.format, io.color));
    if (options.out) {
      await savePlan(options.out, plan);
      io.err(`Saved the plan to ${options.out}. Apply it with: voiceform apply ${options.out}`);
    }
    return options.detailedExitcode && plan.changes.length > 0 ? 2 : 0;
  } finally {
    await backend.close();
  }
}
