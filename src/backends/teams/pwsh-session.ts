import { spawnSync } from 'node:child_process';
import { PowerShell } from 'node-powershell';
import { BackendError } from '../../errors.js';
import { RUNNER_SCRIPT } from './runner-script.js';

export interface PwshCall {
  cmdlet: string;
  params?: Record<string, unknown>;
  /** Build in-memory objects (normalization rules) and pass them as this parameter. */
  inMemory?: { param: string; calls: PwshCall[] };
  /** Page a Get- cmdlet with -Top N -Skip until a short page. */
  page?: number;
  /**
   * Objects built in memory first, in order (runner-script.ts `Invoke-VfBuild`); a parameter
   * value `{ $vf: name, property? }` is one of them. `from` + `set`: a built object with properties set.
   */
  build?: BuildStep[];
}

export type BuildStep =
  | { name: string; cmdlet: string; params?: Record<string, unknown> }
  | { name: string; from: string; set: Record<string, unknown> };

/** A parameter value naming an object built earlier in the same call. */
export const built = (name: string, property?: string) => ({ $vf: name, ...(property ? { property } : {}) });

export interface PwshResult {
  ok: boolean;
  output?: Record<string, unknown>[];
  error?: string;
  errorId?: string;
}

export interface SessionConfig {
  module: string;
  tenantId: string;
  graphToken: string;
  teamsToken: string;
  /** The child's environment before the tokens are added: no secrets (config.ts's allow-list). */
  env: Record<string, string>;
  timeoutMs?: number;
}

/** Fails early (and clearly) when pwsh is missing: node-powershell would crash Node instead. */
export function assertPwshAvailable(): void {
  const probe = spawnSync('pwsh', ['-NoProfile', '-NonInteractive', '-Command', '$PSVersionTable.PSVersion.Major'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (probe.error || probe.status !== 0) {
    throw new BackendError('PowerShell 7 (pwsh) is not installed or not on PATH', 'other', {
      hint: 'install it: dotnet tool install --global PowerShell --version 7.6.9 (then add ~/.dotnet/tools to PATH)',
    });
  }
}

/**
 * One long-lived `pwsh -NoProfile -NonInteractive` per tenant. Tokens reach it through its
 * environment (removed right after Connect-MicrosoftTeams), never through script text or logs.
 * A timed-out call leaves the command running, so the session is disposed and reopened.
 */
export class PwshSession {
  private shell: PowerShell | undefined;
  /** Round trips from Node to pwsh (for the benchmark). */
  invocations = 0;

  constructor(private readonly config: SessionConfig) {}

  private async open(): Promise<PowerShell> {
    if (this.shell) return this.shell;
    assertPwshAvailable();
    const shell = new PowerShell({
      pwsh: true,
      executableOptions: { '-NoProfile': true, '-NonInteractive': true },
      invocationTimeout: this.config.timeoutMs ?? 300_000,
      throwOnInvocationError: false,
      spawnOptions: {
        // Never process.env: the client secret, certificate password and the parent's tokens stay out of the child.
        env: {
          ...this.config.env,
          TERM: 'dumb',
          VOICEFORM_TEAMS_MODULE: this.config.module,
          VOICEFORM_TENANT_ID: this.config.tenantId,
          VOICEFORM_GRAPH_TOKEN: this.config.graphToken,
          VOICEFORM_TEAMS_TOKEN: this.config.teamsToken,
        },
      },
    });
    this.shell = shell;
    try {
      this.decode((await shell.invoke(RUNNER_SCRIPT)).raw, 'connect');
    } catch (err) {
      await this.dispose();
      throw err;
    }
    return shell;
  }

  /** Runs calls in one invocation; each gets its own result (or all stop at the first failure). */
  async run(calls: PwshCall[], stopOnError = false): Promise<PwshResult[]> {
    const shell = await this.open();
    const payload = Buffer.from(JSON.stringify({ calls, stopOnError }), 'utf8').toString('base64');
    this.invocations++;
    let raw: string;
    try {
      raw = (await shell.invoke(`Invoke-VfBatch '${payload}'`)).raw;
    } catch (err) {
      await this.dispose();
      throw new BackendError(`PowerShell call failed or timed out: ${(err as Error).message}`, 'other', { cause: err });
    }
    return this.decode(raw, calls.map((c) => c.cmdlet).join(', ')).results;
  }

  private decode(raw: string, what: string): { results: PwshResult[] } {
    const m = /VFOUT:([A-Za-z0-9+/=]*):VFEND/.exec(raw);
    if (!m)
      throw new BackendError(
        `PowerShell gave no result for ${what}: ${raw
          .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
          .trim()
          .slice(0, 500)}`,
        'other',
      );
    return JSON.parse(Buffer.from(m[1]!, 'base64').toString('utf8')) as { results: PwshResult[] };
  }

  async dispose(): Promise<void> {
    const shell = this.shell;
    this.shell = undefined;
    if (shell) await shell.dispose().catch(() => undefined);
  }
}
