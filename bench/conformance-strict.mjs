// The whole conformance kit (#23 §1) against the emulator in strict realism, through real pwsh and
// the stand-in module: how long proving every kind takes, and the service requests it makes.
// Prints one JSON line.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, serveSim } from './sim-serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'vf-bench-conformance-'));
copyFileSync(path.join(root, 'samples/small-business.json'), path.join(dir, 'spec.json'));
writeFileSync(
  path.join(dir, 'seed.json'),
  JSON.stringify({ users: [{ upn: 'conf.user@fabrikam.co.uk', phoneNumber: '+442071234050' }] }),
);
execFileSync(process.execPath, [BIN, 'sim', 'init', '--users-from', 'spec.json', '--seed', 'seed.json'], {
  cwd: dir,
  stdio: 'ignore',
});
const tenantId = JSON.parse(readFileSync(path.join(dir, 'spec.json'), 'utf8')).customer.tenantId;
// The same strict realism as the integration suite (writes show after the visibility delay).
const sim = await serveSim(dir, ['--realism', 'strict', '--visibility-ms', '300']);
const before = await sim.stats();
const t0 = Date.now();
const code = await new Promise((resolve) => {
  const p = spawn(process.execPath, [BIN, 'conformance', '--tenant', 'teams', '--format', 'json'], {
    cwd: dir,
    env: {
      ...process.env,
      ...sim.env,
      VOICEFORM_TENANT_ID: tenantId,
      VOICEFORM_RETRY_DELAYS_MS: '300,600,1200,2400,4800',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  p.on('exit', resolve);
});
const ms = Date.now() - t0;
const after = await sim.stats();
sim.stop();
if (code !== 0) throw new Error(`conformance exited ${code}`);
console.log(
  JSON.stringify({ conformanceMs: ms, serviceRequests: after.cmdlet - before.cmdlet + (after.graph - before.graph) }),
);
