// `npm run bench [-- --json]`: prints a table of figures; with --json, one JSON object as the last line.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const json = process.argv.includes('--json');
const run = (script, ...args) =>
  JSON.parse(
    execFileSync(process.execPath, [here(script), ...args], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop(),
  );

const start = run('./start-up.mjs');
const p1k = run('./plan-once.mjs', '1000');
const p10k = run('./plan-once.mjs', '10000');
const p100k = run('./plan-once.mjs', '100000');
const apply10k = run('./apply-sim.mjs', '10000');
const fleet = run('./batch-plan.mjs');
const health10k = run('./health-fetch.mjs', '10000');
const health100k = run('./health-fetch.mjs', '100000');
let pwsh;
let conformance;
try {
  execFileSync('pwsh', ['-NoProfile', '-NonInteractive', '-Command', '1'], { stdio: 'ignore' });
  pwsh = run('./pwsh-onboarding.mjs');
  conformance = run('./conformance-strict.mjs');
} catch (err) {
  if (err.code !== 'ENOENT') throw err;
  console.error('pwsh not found: PowerShell figures left out (install it to measure them)');
}
const figures = {
  nodeMs: start.nodeMs,
  startMs: start.startMs,
  validateMsSmall: start.validateMsSmall,
  startToNodeRatio: Number((start.startMs / start.nodeMs).toFixed(2)),
  validateToNodeRatio: Number((start.validateMsSmall / start.nodeMs).toFixed(2)),
  planMs1k: p1k.planMs,
  planCpuMs1k: p1k.cpuMs,
  planRssMb1k: p1k.rssMb,
  planMs10k: p10k.planMs,
  planCpuMs10k: p10k.cpuMs,
  planRssMb10k: p10k.rssMb,
  diffCpuMs10k: p10k.diffCpuMs,
  planTimeRatio10kTo1k: Number((p10k.planMs / Math.max(1, p1k.planMs)).toFixed(2)),
  planMs100k: p100k.planMs,
  planRssMb100k: p100k.rssMb,
  planTimeRatio100kTo10k: Number((p100k.planMs / Math.max(1, p10k.planMs)).toFixed(2)),
  applyMs10kSim: apply10k.applyMs,
  applyToPlanRatio10k: Number((apply10k.applyMs / Math.max(1, p10k.planMs)).toFixed(1)),
  routes: p10k.routes,
  batchPlanMs30: fleet.batchPlanMs30,
  singlePlanMs: fleet.singlePlanMs,
  batchToSingleRatio30: Number((fleet.batchPlanMs30 / (fleet.singlePlanMs * 30)).toFixed(3)),
  healthMs100k: health100k.healthMs,
  healthMs10k: health10k.healthMs,
  healthRssMb100k: health100k.rssMb,
  healthRssMb10k: health10k.rssMb,
  ...(pwsh && {
    pwshCallsSmallBusiness: pwsh.small.pwshCalls,
    pwshCallsEnterprise: pwsh.enterprise.pwshCalls,
    pwshCalls1k: pwsh.users1k.pwshCalls,
    naiveCalls1k: pwsh.users1k.naiveCalls,
    pwshToNaiveRatio1k: Number((pwsh.users1k.pwshCalls / pwsh.users1k.naiveCalls).toFixed(3)),
    applyMs1kViaPwsh: pwsh.users1k.applyMs,
    graphRequests1k: pwsh.users1k.graphRequests,
    naiveGraphRequests1k: pwsh.users1k.naiveGraphRequests,
    graphToNaiveRatio1k: Number((pwsh.users1k.graphRequests / pwsh.users1k.naiveGraphRequests).toFixed(4)),
    serviceRequests1k: pwsh.users1k.serviceRequests,
    naiveServiceRequests1k: pwsh.users1k.naiveServiceRequests,
    serviceToNaiveRatio1k: Number((pwsh.users1k.serviceRequests / pwsh.users1k.naiveServiceRequests).toFixed(4)),
    applyMs1kStrict: pwsh.users1kStrict.applyMs,
    naiveMs1kStrict: pwsh.users1kStrict.naiveServiceRequests * 200,
    strictToNaiveRatio1k: Number(
      (pwsh.users1kStrict.applyMs / (pwsh.users1kStrict.naiveServiceRequests * 200)).toFixed(4),
    ),
  }),
  ...(conformance && {
    conformanceMsStrict: conformance.conformanceMs,
    conformanceServiceRequests: conformance.serviceRequests,
  }),
};
if (!json) {
  console.log(
    `start-up (median of 10 fresh processes): node -e 0 ${start.nodeMs} ms; voiceform --version ${start.startMs} ms (${figures.startToNodeRatio}×, target ≤ 2.5×); validate samples/small-business.json ${start.validateMsSmall} ms (${figures.validateToNodeRatio}×, target ≤ 6×)\n`,
  );
  console.log('Plan of a generated spec (50 sites, %d routes) against a simulated tenant', p10k.routes);
  console.log('users    plan ms   cpu ms   peak RSS MB   changes');
  for (const p of [p1k, p10k, p100k])
    console.log(
      `${String(p.users).padStart(6)} ${String(p.planMs).padStart(9)} ${String(p.cpuMs).padStart(8)} ${String(p.rssMb).padStart(13)} ${String(p.changes).padStart(9)}`,
    );
  console.log(
    `of which read + diff + preflight at 10k users: ${p10k.diffMs} ms (${p10k.diffCpuMs} ms CPU); the rest is validation and templates`,
  );
  if (pwsh) {
    console.log(
      '\nApply through --tenant teams (real pwsh, stand-in module, sim serve): pwsh invocations vs the naive one cmdlet per object / per user per operation',
    );
    for (const [name, r] of Object.entries(pwsh)) {
      console.log(
        `${name.padEnd(12)} changes ${String(r.changes).padStart(5)}  pwsh ${String(r.pwshCalls).padStart(5)} (naive ${String(r.naiveCalls).padStart(5)})  graph ${String(r.graphRequests).padStart(4)} (naive ${String(r.naiveGraphRequests).padStart(5)})  ${r.applyMs} ms`,
      );
    }
  }
  if (conformance)
    console.log(
      `conformance kit, every kind and stage, through pwsh against the strict emulator: ${conformance.conformanceMs} ms, ${conformance.serviceRequests} service requests`,
    );
  console.log(
    `10k/1k time ratio: ${figures.planTimeRatio10kTo1k}, 100k/10k: ${figures.planTimeRatio100kTo10k} (linear would be 10)`,
  );
  console.log(
    `apply of the 10k-user spec on the embedded sim: ${apply10k.applyMs} ms for ${apply10k.changes} changes (${figures.applyToPlanRatio10k}× the plan)`,
  );
  console.log(
    `health: ${health100k.calls} Direct Routing call records fetched from the emulator (real Graph client, pages of 1,000) and aggregated in ${health100k.healthMs} ms, peak RSS ${health100k.rssMb} MB (10,000: ${health10k.healthMs} ms, ${health10k.rssMb} MB: memory does not grow with the window); planMs10k ${p10k.planMs} ms for scale`,
  );
  console.log(
    `batch plan of 30 sim tenants (concurrency 4): ${fleet.batchPlanMs30} ms; one tenant by the CLI: ${fleet.singlePlanMs} ms × 30 (ratio ${figures.batchToSingleRatio30}, target ≤ 0.35)`,
  );
}
console.log(JSON.stringify(figures));
