// Onboarding through --tenant teams (real pwsh + stand-in module + sim serve): counts pwsh
// invocations of the CLI and cmdlet calls at the server, next to the naive count (one cmdlet per
// object, and per user per operation). Prints one JSON line.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveSim } from './sim-serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin/voiceform');
const { callsForChange } = await import('../dist/backends/teams/teams-write-map.js');
const { teamsKind } = await import('../dist/backends/teams/teams-kinds.js');
/** Naive cmdlets of one change: its calls; one for a kind a module of its own writes (voice apps, the LIS). */
const naiveCalls = (c) => {
  const k = teamsKind(c.kind);
  return k.voiceApp || k.lis ? 1 : Math.max(1, callsForChange(c).length);
};

function onboardingSpec(users) {
  const sites = Array.from({ length: 5 }, (_, i) => ({
    name: `Site${i + 1}`,
    country: 'GB',
    template: 'country-standard',
    params: { areaCode: '20' },
    gateways: ['sbc1.bench.example'],
    numberRanges: [{ from: `+4420${7100 + i}0000`, to: `+4420${7100 + i}0999` }],
  }));
  return {
    apiVersion: 'voiceform/v1',
    customer: { name: 'Bench', tenantId: '0b5e7c1a-1d2e-4f3a-8b9c-0d1e2f3a4b5c', domain: 'bench.example' },
    gateways: [{ fqdn: 'sbc1.bench.example', sipSignalingPort: 5061, enabled: true }],
    sites,
    licensing: { assign: true, sku: 'MCOEV' },
    users: Array.from({ length: users }, (_, i) => ({
      upn: `user${i}@bench.example`,
      phoneNumber: 'auto',
      site: `Site${(i % 5) + 1}`,
    })),
  };
}

/** New starters: no licence, no usage location (so onboarding sets both, then the number). */
function newStarters(spec) {
  return { users: spec.users.map((u) => ({ upn: u.upn, licensed: false, usageLocation: null })) };
}

async function measure(specFile, seedFile, serveArgs = []) {
  const dir = mkdtempSync(path.join(tmpdir(), 'vf-bench-pwsh-'));
  const cli = (args, env = {}) =>
    execFileSync(process.execPath, [bin, ...args], {
      cwd: dir,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 1 << 28,
    });
  cli(['sim', 'init', '--users-from', specFile, ...(seedFile ? ['--seed', seedFile] : [])]);
  const plan = JSON.parse(cli(['plan', specFile, '--format', 'json']));
  // Licences are Graph's: counted with the Graph figures, not as cmdlets.
  const naive = plan.changes.reduce((n, c) => n + (c.kind === 'userLicense' ? 0 : naiveCalls(c)), 0);
  const sim = await serveSim(dir, serveArgs);
  const env = sim.env;
  const before = await sim.stats();
  const t0 = Date.now();
  const out = await new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [bin, 'apply', specFile, '--tenant', 'teams', '--auto-approve'], {
      cwd: dir,
      env: { ...process.env, ...env },
    });
    let err = '';
    p.stdout.resume();
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) =>
      code === 0 ? resolve(err) : reject(new Error(`apply exited ${code}: ${err.slice(-2000)}`)),
    );
  });
  const ms = Date.now() - t0;
  const after = await sim.stats();
  sim.stop();
  if (process.env.VOICEFORM_BENCH_DETAIL) console.error(`journal in ${dir}`);
  const pwsh = Number(/in (\d+) PowerShell invocation/.exec(out)?.[1]);
  const users = new Set(plan.changes.filter((c) => c.kind.startsWith('user')).map((c) => c.name)).size;
  // Naive Graph, per user, one request per operation: read it, (set its location, assign its
  // licence,) assign its number and poll that 202 operation once to learn how it ended.
  const naiveGraph = users * (1 + (plan.changes.some((c) => c.kind === 'userLicense') ? 2 : 0) + 2);
  // Naive service requests: one per tenant-wide object, and per user one each to read it, set its
  // usage location, assign its licence, assign its number and grant each policy it gets.
  const objects = plan.changes.filter((c) => !c.kind.startsWith('user')).length;
  const perUser = plan.changes
    .filter((c) => c.kind.startsWith('user'))
    .reduce((n, c) => {
      if (c.kind === 'userLicense') return n + 2;
      if (c.kind === 'userNumber') return n + 1;
      return n + c.diff.filter((d) => d.attribute !== 'upn').length;
    }, 0);
  const naiveService = objects + users + perUser;
  const service = after.cmdlet - before.cmdlet + (after.graph - before.graph);
  if (process.env.VOICEFORM_BENCH_DETAIL)
    console.error(
      JSON.stringify(
        Object.fromEntries(Object.entries(after.byCmdlet).map(([k, v]) => [k, v - (before.byCmdlet[k] ?? 0)])),
      ),
    );
  return {
    changes: plan.changes.length,
    pwshCalls: pwsh,
    naiveCalls: naive,
    graphRequests: after.graph - before.graph,
    naiveGraphRequests: naiveGraph,
    serviceRequests: service,
    naiveServiceRequests: naiveService,
    applyMs: ms,
  };
}

const dir = mkdtempSync(path.join(tmpdir(), 'vf-bench-specs-'));
const results = {};
const only = process.argv[2];
for (const [name, file] of [
  ['small', path.join(root, 'samples/small-business.json')],
  ['enterprise', path.join(root, 'samples/enterprise.json')],
])
  if (!only) results[name] = await measure(file);
const users1k = path.join(dir, 'onboard-1k.json');
const seed1k = path.join(dir, 'onboard-1k-seed.json');
const spec1k = onboardingSpec(1000);
writeFileSync(users1k, JSON.stringify(spec1k));
writeFileSync(seed1k, JSON.stringify(newStarters(spec1k)));
if (only !== 'strict') results.users1k = await measure(users1k, seed1k);
// The same onboarding against the emulator in strict realism with 200 ms per request.
if (only !== 'lenient')
  results.users1kStrict = await measure(users1k, seed1k, [
    '--realism',
    'strict',
    '--latency-ms',
    '200',
    '--visibility-ms',
    '1500',
  ]);
console.log(JSON.stringify(results));
