import { InternalError, SpecInvalid, TenantNotReady, VoiceformError } from '../errors.js';
import type { IoHost } from './io-host.js';

/**
 * The one place an error becomes an exit code (DESIGN.md): says what went wrong through `io`.
 * cli/main uses it for a command, batch for each tenant.
 */
export function reportError(err: unknown, io: IoHost, debug: boolean): number {
  const e = asVoiceformError(err);
  io.err(`Error: ${e.message}`);
  if (e instanceof SpecInvalid || e instanceof TenantNotReady) {
    for (const p of e.problems) io.err(`  ${p.file ? `${p.file}: ` : ''}${p.path || '/'}: ${p.message} [${p.rule}]`);
  }
  if (e.hint) io.err(`Hint: ${e.hint}`);
  if (e instanceof InternalError) {
    const cause = e.cause instanceof Error ? e.cause : e;
    io.err(cause.stack ?? String(cause));
    io.err('This is a bug in Voiceform; please report it with the output above.');
  } else if (debug) io.err(e.stack ?? '');
  return e.exitCode;
}

/** Any error as Voiceform's: one it did not expect is an InternalError (a bug). */
const asVoiceformError = (err: unknown): VoiceformError =>
  err instanceof VoiceformError
    ? err
    : new InternalError(String((err as Error)?.message ?? err), undefined, { cause: err });

/** The exit code an error will end in, without reporting it (the run history records it first). */
export const exitCodeOf = (err: unknown): number => asVoiceformError(err).exitCode;
