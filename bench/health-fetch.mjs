// healthMs100k: N call records (argv[2]) served by `sim serve` (its own process) and fetched +
// aggregated by health-client.mjs (another process, so its peak RSS is the client's alone).
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const n = Number(process.argv[2] ?? 100000);
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin/voiceform');
const dir = mkdtempSync(path.join(tmpdir(), 'vf-bench-health-'));
const cli = (...args) => execFileSync(process.execPath, [bin, ...args], { cwd: dir, stdio: 'ignore' });
copyFileSync(path.join(root, 'samples/small-business.json'), path.join(dir, 'spec.json'));
cli('sim', 'init', '--users-from', 'spec.json');
// Spread over 23 h, fetched over the last 24: every call is in the window.
cli('sim', 'calls', '--trunk', 'sbc1.fabrikam.co.uk', '--calls', String(n), '--failure-rate', '0.1', '--since', '23h');
const server = spawn(process.execPath, [bin, 'sim', 'serve'], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
const info = await new Promise((resolve) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]));
  });
});
try {
  const client = (await import('node:child_process')).spawnSync(
    process.execPath,
    [fileURLToPath(new URL('./health-client.mjs', import.meta.url)), JSON.stringify(info)],
    { encoding: 'utf8', env: { ...process.env, NODE_EXTRA_CA_CERTS: info.caCertPath } },
  );
  if (client.status !== 0) throw new Error(client.stderr);
  const r = JSON.parse(client.stdout.trim().split('\n').pop());
  if (r.calls !== n) throw new Error(`counted ${r.calls} of ${n} calls`);
  console.log(JSON.stringify({ calls: n, healthMs: r.ms, rssMb: r.rssMb }));
} finally {
  server.kill('SIGTERM');
}
