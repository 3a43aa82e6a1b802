// The whole conformance kit (#23 §1) against the emulator in strict realism, through real pwsh and
// the stand-in module: how long proving every kind takes, and the service requests it makes.
// Prints one JSON line.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin/voiceform');
const dir = mkdtempSync(path.join(tmpdir(), 'vf-bench-conformance-'));
copyFileSync(path.join(root, 'samples/small-business.json'), path.join(dir, 'spec.json'));
writeFileSync(
  path.join(dir, 'seed.json'),
  JSON.stringify({ users: [{ upn: 'conf.user@fabrikam.co.uk', phoneNumber: '+442071234050' }] }),
);
execFileSync(process.execPath, [bin, 'sim', 'init', '--users-from', 'spec.json', '--seed', 'seed.json'], {
  cwd: dir,
  stdio: 'ignore',
});
const tenantId = JSON.parse(readFileSync(path.join(dir, 'spec.json'), 'utf8')).customer.tenantId;
// The same strict realism as the pwsh onboarding figures (writes show after the visibility delay).
const server = spawn(process.execPath, [bin, 'sim', 'serve', '--realism', 'strict', '--visibility-ms', '300'], {
  cwd: dir,
  stdio: ['ignore', 'pipe', 'inherit'],
});
const info = await new Promise((resolve) =>
  server.stdout.once('data', (d) => resolve(JSON.parse(String(d).split('\n')[0]))),
);
const stats = () =>
  new Promise((resolve, reject) => {
    https
      .get(`${info.url}/_sim/stats`, { ca: readFileSync(info.caCertPath), agent: false }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve(JSON.parse(text)));
      })
      .on('error', reject);
  });
const before = await stats();
const t0 = Date.now();
const code = await new Promise((resolve) => {
  const p = spawn(process.execPath, [bin, 'conformance', '--tenant', 'teams', '--format', 'json'], {
    cwd: dir,
    env: {
      ...process.env,
      NODE_EXTRA_CA_CERTS: info.caCertPath,
      VOICEFORM_AUTHORITY_HOST: info.url,
      VOICEFORM_SIM_URL: info.url,
      VOICEFORM_GRAPH_ENDPOINT: info.url,
      VOICEFORM_CLIENT_ID: info.clientId,
      VOICEFORM_CLIENT_SECRET: info.clientSecret,
      VOICEFORM_TENANT_ID: tenantId,
      VOICEFORM_TEAMS_MODULE: path.join(root, 'test/fixtures/pwsh/MicrosoftTeams/MicrosoftTeams.psd1'),
      VOICEFORM_RETRY_DELAYS_MS: '300,600,1200,2400,4800',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  p.on('exit', resolve);
});
const ms = Date.now() - t0;
const after = await stats();
server.kill('SIGTERM');
if (code !== 0) throw new Error(`conformance exited ${code}`);
console.log(
  JSON.stringify({ conformanceMs: ms, serviceRequests: after.cmdlet - before.cmdlet + (after.graph - before.graph) }),
);
