import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { BIN, ROOT } from './run-cli.js';

export const STANDIN_MODULE = path.join(ROOT, 'test/fixtures/pwsh/MicrosoftTeams/MicrosoftTeams.psd1');

/** pwsh must be there: CI installs it (.ci/run), and these suites never skip. */
export function requirePwsh(): void {
  const probe = spawnSync('pwsh', ['-NoProfile', '-NonInteractive', '-Command', '$PSVersionTable.PSVersion.Major'], {
    encoding: 'utf8',
  });
  if (probe.status !== 0) {
    throw new Error(
      'pwsh is required for the integration suite: dotnet tool install --global PowerShell --version 7.6.9 && export PATH="$PATH:$HOME/.dotnet/tools"',
    );
  }
}

export interface ServedTenant {
  child: ChildProcess;
  info: { url: string; caCertPath: string; tenantId: string; clientId: string; clientSecret: string };
  /** Environment for a CLI run against it with --tenant teams. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * The integration suite runs the emulator in strict realism (asynchronous operations, writes that
 * show late, documented shapes) with short delays, so it stays quick.
 */
export const STRICT = ['--realism', 'strict', '--visibility-ms', '300'];

/** Starts `voiceform sim serve` in `cwd` and waits for its JSON line. */
export async function serveSimTenant(
  cwd: string,
  env: Record<string, string> = {},
  args: string[] = STRICT,
): Promise<ServedTenant> {
  const child = spawn(process.execPath, [BIN, 'sim', 'serve', ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const info = await new Promise<ServedTenant['info']>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line && out.includes('\n')) resolve(JSON.parse(line));
    });
    child.on('exit', (code) => reject(new Error(`sim serve exited ${code}: ${err}`)));
  });
  return {
    child,
    info,
    env: {
      NODE_EXTRA_CA_CERTS: info.caCertPath,
      VOICEFORM_AUTHORITY_HOST: info.url,
      VOICEFORM_SIM_URL: info.url,
      VOICEFORM_GRAPH_ENDPOINT: info.url,
      VOICEFORM_CLIENT_ID: info.clientId,
      VOICEFORM_CLIENT_SECRET: info.clientSecret,
      VOICEFORM_TEAMS_MODULE: STANDIN_MODULE,
      // Propagation retries sized to the short visibility delay above.
      VOICEFORM_RETRY_DELAYS_MS: '300,600,1200,2400,4800',
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
