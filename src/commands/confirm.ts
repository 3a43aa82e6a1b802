import { PreconditionFailed } from '../errors.js';
import type { IoHost } from '../io/io-host.js';

/**
 * Asks before a command writes to a tenant (apply, rollback, resume): `yes` on a terminal, or
 * `--auto-approve`; without a terminal and without the flag, nothing is written (exit 4).
 */
export async function confirmWrite(
  autoApprove: boolean | undefined,
  io: IoHost,
  what: 'apply' | 'rollback' | 'resume',
): Promise<void> {
  if (autoApprove) return;
  if (!io.interactive)
    throw new PreconditionFailed(
      `refusing to ${what} without confirmation: no terminal to ask on`,
      'review the plan, then run again with --auto-approve',
    );
  const question =
    what === 'apply'
      ? 'Apply these changes?'
      : what === 'rollback'
        ? 'Roll back these changes?'
        : 'Resume with these changes?';
  const answer = (await io.prompt(`${question} Only "yes" is accepted: `)).trim();
  if (answer !== 'yes') throw new PreconditionFailed(`${what} cancelled`, 'nothing was changed');
}
