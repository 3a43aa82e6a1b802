// `voiceform sim serve` for a benchmark: started in a folder, the environment that points the CLI
// at it (Teams through the stand-in module, Graph, sign-in), and its request counts.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const BIN = path.join(root, 'bin/voiceform');
const MODULE = path.join(root, 'test/fixtures/pwsh/MicrosoftTeams/MicrosoftTeams.psd1');

/** Serves the simulated tenant of `dir`; resolves once it printed where. */
export async function serveSim(dir, args = []) {
  const server = spawn(process.execPath, [BIN, 'sim', 'serve', ...args], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = await new Promise((resolve) =>
    server.stdout.once('data', (d) => resolve(JSON.parse(String(d).split('\n')[0]))),
  );
  return {
    info,
    env: {
      NODE_EXTRA_CA_CERTS: info.caCertPath,
      VOICEFORM_AUTHORITY_HOST: info.url,
      VOICEFORM_SIM_URL: info.url,
      VOICEFORM_GRAPH_ENDPOINT: info.url,
      VOICEFORM_CLIENT_ID: info.clientId,
      VOICEFORM_CLIENT_SECRET: info.clientSecret,
      VOICEFORM_TEAMS_MODULE: MODULE,
    },
    /** Requests the server has answered so far (`token`, `cmdlet`, `graph`, `byCmdlet`). */
    stats: () =>
      new Promise((resolve, reject) => {
        https
          .get(`${info.url}/_sim/stats`, { ca: readFileSync(info.caCertPath), agent: false }, (res) => {
            let text = '';
            res.on('data', (d) => (text += d));
            res.on('end', () => resolve(JSON.parse(text)));
          })
          .on('error', reject);
      }),
    stop: () => server.kill('SIGTERM'),
  };
}
