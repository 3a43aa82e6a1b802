import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { TenantReaderWriter } from '../backends/backend.js';
import type { Plan } from '../plan/plan-types.js';
import { TOOL_VERSION } from '../version.js';
import type { ApplyListener } from './apply-events.js';
import { executeChanges, type ExecutionResult } from './executor.js';
import { journalDir, JournalWriter, type JournalMirror, type JournalMode } from './journal.js';

export interface JournalledRun {
  backend: TenantReaderWriter;
  plan: Plan;
  mode: JournalMode;
  home: string;
  parent?: string;
  listeners: ApplyListener[];
  interrupted?: () => boolean;
  now?: () => Date;
  /** Where the journal's lines also go (a queue's shared database). */
  mirror?: JournalMirror;
}

/** A sortable, unique journal id: time first so `ls` shows the order. */
export function newJournalId(mode: JournalMode, now: Date): string {
  return `${now.toISOString().replace(/[:.]/g, '-')}-${mode}-${randomBytes(3).toString('hex')}`;
}

/**
 * Runs a plan's changes with a journal: the header (plan + pre-image of every touched object) is
 * on disk before the first write; the journal listens to the executor's events.
 */
export async function runJournalled(run: JournalledRun): Promise<{ result: ExecutionResult; journal: string }> {
  const now = run.now ?? (() => new Date());
  const start = now();
  const journal = await JournalWriter.create(
    journalDir(run.home, run.plan.tenant.id),
    {
      type: 'header',
      journalVersion: 1,
      id: newJournalId(run.mode, start),
      mode: run.mode,
      tenant: run.plan.tenant,
      toolVersion: TOOL_VERSION,
      createdAt: start.toISOString(),
      by: runBy(),
      ...(run.parent ? { parent: run.parent } : {}),
      plan: run.plan,
      preImage: Object.fromEntries(run.plan.changes.map((c) => [c.address, c.before])),
    },
    run.mirror,
  );
  try {
    const result = await executeChanges(run.plan.changes, run.backend, {
      listeners: [journal.listener(now), ...run.listeners],
      interrupted: run.interrupted,
      recovery: run.mode !== 'apply',
      checkpoint: () => journal.sync(),
    });
    return { result, journal: journal.file };
  } finally {
    journal.close();
    await journal.sync();
  }
}

/** Who ran it, as rollback names the apply it would undo: the OS user and the machine. */
function runBy(): string {
  try {
    return `${os.userInfo().username}@${os.hostname()}`;
  } catch {
    return `?@${os.hostname()}`;
  }
}
