export type BatchCommand = 'validate' | 'plan' | 'apply';

/**
 * ok: nothing to do, or done; changes: the plan found some; interrupted: Ctrl-C came before it
 * finished (not started, or still running elsewhere when the batch stopped waiting); the rest are
 * failures.
 */
export type TenantStatus =
  'ok' | 'changes' | 'invalid' | 'precondition' | 'failed' | 'rolled-back' | 'error' | 'interrupted';

/** Statuses that want another run: `--only-failed` picks them (an interrupted tenant among them). */
export const FAILED_STATUSES: readonly TenantStatus[] = [
  'invalid',
  'precondition',
  'failed',
  'rolled-back',
  'error',
  'interrupted',
];

/** Every status, worst first (the order reports list tenants in). */
export const STATUS_ORDER: readonly TenantStatus[] = [...FAILED_STATUSES, 'changes', 'ok'];

export interface TenantReport {
  name: string;
  tenantId: string | null;
  status: TenantStatus;
  exitCode: number;
  summary: { add: number; change: number; destroy: number } | null;
  durationMs: number;
  /** When the tenant's run began (absent for a tenant never started). */
  startedAt?: string;
  planFile: string | null;
  journal: string | null;
  /** What the command said on stderr (errors, warnings, progress), without colour. */
  messages: string[];
  /**
   * A queue's job that an earlier attempt (a worker that died) began: the journal of that apply,
   * which this run finished or undid. The summary is then that apply's, whole.
   */
  resumedFrom?: string;
}

export interface BatchReport {
  formatVersion: 1;
  command: BatchCommand;
  manifest: string;
  startedAt: string;
  finishedAt: string;
  /** Ctrl-C stopped the batch: tenants not started are reported as such. */
  interrupted: boolean;
  tenants: TenantReport[];
}

/** A command's exit code as a tenant's status (exit codes as in DESIGN.md). Pure. */
export function statusOf(exitCode: number): TenantStatus {
  switch (exitCode) {
    case 0:
      return 'ok';
    case 2:
      return 'changes';
    case 3:
      return 'invalid';
    case 4:
      return 'precondition';
    case 5:
      return 'rolled-back';
    case 6:
      return 'failed';
    case 130:
      return 'interrupted';
    default:
      return 'error';
  }
}

/**
 * The fleet's exit code: 130 when Ctrl-C stopped it, 1 when any tenant failed, 2 (with
 * --detailed-exitcode) when some tenant has changes, else 0. Pure.
 */
export function fleetExitCode(tenants: TenantReport[], detailed: boolean, interrupted = false): number {
  if (interrupted) return 130;
  if (tenants.some((t) => FAILED_STATUSES.includes(t.status))) return 1;
  return detailed && tenants.some((t) => t.status === 'changes') ? 2 : 0;
}
