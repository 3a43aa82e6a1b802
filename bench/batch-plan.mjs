// batchPlanMs30: `voiceform batch plan` over 30 simulated tenants (concurrency 4), beside one tenant
// planned by the CLI (median of 3 runs) times 30. Prints one JSON line.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin/voiceform');
const dir = mkdtempSync(path.join(tmpdir(), 'vf-bench-fleet-'));
const cli = (...args) =>
  spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
mkdirSync(path.join(dir, 'tenants'));
copyFileSync(path.join(root, 'samples/small-business.json'), path.join(dir, 'spec.json'));
execFileSync(process.execPath, [bin, 'sim', 'init', '--tenant', 'sim:tenants/t0.json', '--users-from', 'spec.json'], {
  cwd: dir,
  stdio: 'ignore',
});
const names = Array.from({ length: 30 }, (_, i) => `t${i}`);
for (const n of names.slice(1)) copyFileSync(path.join(dir, 'tenants/t0.json'), path.join(dir, `tenants/${n}.json`));
writeFileSync(
  path.join(dir, 'fleet.json'),
  JSON.stringify({
    apiVersion: 'voiceform/v1',
    kind: 'Fleet',
    defaults: { concurrency: 4 },
    tenants: names.map((name) => ({ name, spec: 'spec.json', tenant: `sim:tenants/${name}.json` })),
  }),
);

const timed = (f) => {
  const t = process.hrtime.bigint();
  f();
  return Number((process.hrtime.bigint() - t) / 1_000_000n);
};
const singles = [0, 1, 2]
  .map(() => timed(() => cli('plan', 'spec.json', '--tenant', 'sim:tenants/t0.json')))
  .sort((a, b) => a - b);
const batchPlanMs30 = timed(() => cli('batch', 'plan', 'fleet.json', '--report-dir', 'report'));
console.log(JSON.stringify({ batchPlanMs30, singlePlanMs: singles[1] }));
