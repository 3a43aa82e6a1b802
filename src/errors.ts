/**
 * Typed errors. Every failure a user can meet is one of these; `cli/main.ts` is the only place
 * that turns them into exit codes (DESIGN.md: 0 ok · 1 error · 2 changes · 3 invalid input ·
 * 4 precondition · 5 rolled back · 6 rollback incomplete · 130 interrupted).
 */
export interface Problem {
  /** JSON Pointer of the offending value, e.g. `/voiceRoutes/0/gateways/1`. */
  path: string;
  /** Short rule id, e.g. `reference`, `unique-name`, `schema.required`. */
  rule: string;
  message: string;
  /** The file the problem is in, when known. */
  file?: string;
  /** A warning is reported but does not make the spec invalid (default: error). */
  severity?: 'warning';
}

export class VoiceformError extends Error {
  readonly code: string = 'error';
  readonly exitCode: number = 1;
  constructor(
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A spec, plan file, manifest or template input that cannot be used. */
export class SpecInvalid extends VoiceformError {
  override readonly code: string = 'spec-invalid';
  override readonly exitCode = 3;
  constructor(
    message: string,
    readonly problems: Problem[] = [],
    hint?: string,
  ) {
    super(message, hint);
  }
}

/** A template failed to render or produced an invalid fragment. */
export class TemplateError extends SpecInvalid {
  override readonly code = 'template-error';
}

/** A saved plan no longer matches the tenant, spec or tool. */
export class StalePlan extends VoiceformError {
  override readonly code = 'stale-plan';
  override readonly exitCode = 4;
}

/** Another apply/rollback/resume holds the tenant's lock. */
export class LockHeld extends VoiceformError {
  override readonly code = 'lock-held';
  override readonly exitCode = 4;
}

/** Preflight found the tenant not ready (users, licences, domains…), or the user declined. */
export class TenantNotReady extends VoiceformError {
  override readonly code = 'tenant-not-ready';
  override readonly exitCode = 4;
  constructor(
    message: string,
    readonly problems: Problem[] = [],
    hint?: string,
  ) {
    super(message, hint);
  }
}

/** A precondition other than readiness: no TTY for a prompt, the user said no, nothing to resume. */
export class PreconditionFailed extends VoiceformError {
  override readonly code = 'precondition';
  override readonly exitCode = 4;
}

export type BackendErrorKind =
  'not-found' | 'already-exists' | 'in-use' | 'invalid' | 'propagation' | 'throttled' | 'auth' | 'other';

/** The tenant (real or simulated) refused or failed an operation. */
export class BackendError extends VoiceformError {
  override readonly code: string = 'backend';
  constructor(
    message: string,
    readonly kind: BackendErrorKind = 'other',
    options?: { cause?: unknown; hint?: string; retryable?: boolean },
  ) {
    super(message, options?.hint, options);
    this.retryable = options?.retryable ?? (kind === 'throttled' || kind === 'propagation');
  }
  readonly retryable: boolean;
}

/** An apply failed and the automatic rollback restored every touched object. */
export class ApplyFailed extends VoiceformError {
  override readonly code = 'apply-failed';
  override readonly exitCode = 5;
}

/**
 * A rollback or resume did all it could but left objects alone that someone else changed after
 * Voiceform: restoring them would overwrite that person's change.
 */
export class ChangedElsewhere extends VoiceformError {
  override readonly code = 'changed-elsewhere';
  override readonly exitCode = 5;
}

/** An apply (or rollback) failed and the tenant could not be fully restored. */
export class RollbackIncomplete extends VoiceformError {
  override readonly code = 'rollback-incomplete';
  override readonly exitCode = 6;
}

/** The user interrupted (Ctrl-C); the current step finished and the journal is closed. */
export class Interrupted extends VoiceformError {
  override readonly code = 'interrupted';
  override readonly exitCode = 130;
}

/** A bug in Voiceform: printed with its stack and a request to report it. */
export class InternalError extends VoiceformError {
  override readonly code = 'internal';
}

/** A write refused because its object is no longer what the plan saw (someone else changed it): never overwritten. */
export const changedSincePlan = (address: string): BackendError =>
  new BackendError(`${address} changed in the tenant since the plan was made; not touching it`, 'invalid', {
    hint: 'plan again',
  });
