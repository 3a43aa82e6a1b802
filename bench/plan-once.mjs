// One plan of a generated spec against a seeded in-memory simulated tenant; prints
// {"users", "planMs", "rssMb"} as JSON. Run in its own process so peak memory is its own.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { generateSpec } from './generate-spec.mjs';

const users = Number(process.argv[2] ?? 1000);
const { loadTemplateLibrary } = await import('../dist/load/template-library.js');
const { validateSpec } = await import('../dist/validate/validate-spec.js');
const { buildDesiredState } = await import('../dist/model/desired-state.js');
const { seedSimTenant } = await import('../dist/backends/sim/seed-sim-tenant.js');
const { SimTenant } = await import('../dist/backends/sim/sim-tenant.js');
const { readSimState } = await import('../dist/backends/sim/sim-read.js');
const { buildPlan } = await import('../dist/plan/build-plan.js');
const { hashSpec } = await import('../dist/plan/fingerprint.js');

const spec = generateSpec(users);
const library = await loadTemplateLibrary();
const state = seedSimTenant({ spec, newId: randomUUID, newSecret: () => 'x' });
const tenant = new SimTenant(state);

const cpu0 = process.cpuUsage();
const t0 = performance.now();
const verdict = validateSpec(spec, library);
if (!verdict.ok) throw new Error(JSON.stringify(verdict.problems.slice(0, 3)));
const desired = buildDesiredState(verdict.rendered);
const tValidated = performance.now();
const cpuValidated = process.cpuUsage(cpu0);
const current = readSimState(tenant, { users: desired.voice.userNumbers.map((u) => u.upn) });
const { plan, problems } = buildPlan({
  desired,
  current,
  specHash: hashSpec(spec),
  backend: 'sim:bench',
  toolVersion: 'bench',
  now: new Date(),
});
const planMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
if (problems.length) throw new Error(JSON.stringify(problems.slice(0, 3)));
const routes = verdict.rendered.spec.voiceRoutes.length;
const diffMs = performance.now() - tValidated;
const diffCpuMs = (cpu.user + cpu.system - cpuValidated.user - cpuValidated.system) / 1000;
console.log(
  JSON.stringify({
    users,
    routes,
    changes: plan.changes.length,
    planMs: Math.round(planMs),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    diffMs: Math.round(diffMs),
    diffCpuMs: Math.round(diffCpuMs),
    rssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
