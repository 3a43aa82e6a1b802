import { identityKey } from '../kinds/identity.js';
import { Address } from '../addr/address.js';
import type { VoiceObject } from '../kinds/registry.js';
import { closeSync, fsyncSync, openSync, promises as fs, writeSync } from 'node:fs';
import path from 'node:path';
import { PreconditionFailed, SpecInvalid } from '../errors.js';
import { fsReason } from '../io/json-file.js';
import { typedChanges } from '../load/plan-file.js';
import type { Plan } from '../plan/plan-types.js';
import type { ApplyEvent, ApplyListener } from './apply-events.js';

export const JOURNAL_VERSION = 1;
export type JournalMode = 'apply' | 'rollback' | 'resume';

export interface JournalHeader {
  type: 'header';
  journalVersion: number;
  id: string;
  mode: JournalMode;
  tenant: { id: string; backend: string };
  toolVersion: string;
  createdAt: string;
  /** Who ran it (user@host); absent in journals of older versions. */
  by?: string;
  /** For rollback/resume: the journal whose apply this one undoes or finishes. */
  parent?: string;
  plan: Plan;
  /** Every object the plan touches, as it was before (null: did not exist). */
  preImage: Record<string, VoiceObject | null>;
}

export type JournalRecord =
  | JournalHeader
  | { type: 'intent'; step: number; address: string; action: string; at: string }
  | { type: 'outcome'; step: number; address: string; status: 'done' | 'failed'; error?: string; at: string }
  | { type: 'end'; status: 'applied' | 'failed' | 'interrupted'; at: string }
  | { type: 'closed'; reason: 'rolled-back' | 'resumed'; by: string; at: string };

/**
 * A second place every journal line goes: the shared database when a queue's worker applies, so
 * that another worker can resume the apply of one that died. `sync` makes the lines durable there
 * before the step they precede is written, as the fsync does for the file.
 */
export interface JournalMirror {
  append(journal: { id: string; tenantId: string }, text: string): Promise<void>;
}

/**
 * Append-only NDJSON journal: every line written and fsynced before the next step proceeds, so a
 * crash loses at most the outcome of the step under way (which rollback/resume then re-read).
 */
export class JournalWriter {
  private fd: number | undefined;
  /** Lines on disk that the mirror does not have yet. */
  private unsent = '';

  constructor(
    readonly file: string,
    private readonly mirror?: JournalMirror,
  ) {}

  static async create(dir: string, header: JournalHeader, mirror?: JournalMirror): Promise<JournalWriter> {
    await fs.mkdir(dir, { recursive: true });
    const writer = new JournalWriter(path.join(dir, `${header.id}.ndjson`), mirror);
    writer.append(header);
    await writer.sync();
    return writer;
  }

  /** Hands the mirror (if any) every line written since the last sync, and waits until it has them. */
  async sync(): Promise<void> {
    if (!this.mirror || this.unsent === '') return;
    const text = this.unsent;
    this.unsent = '';
    // The journal's folder is named by its tenant (journalDir).
    await this.mirror.append(
      { id: path.basename(this.file, '.ndjson'), tenantId: path.basename(path.dirname(this.file)) },
      text,
    );
  }

  private pending: string[] = [];

  /** Writes a record and makes it durable (fsync). */
  append(record: JournalRecord): void {
    this.pending.push(JSON.stringify(record));
    this.flush();
  }

  /** Writes the buffered records in one write and one fsync. */
  private flush(): void {
    if (this.pending.length === 0) return;
    this.fd ??= openSync(this.file, 'a', 0o600);
    const text = `${this.pending.join('\n')}\n`;
    writeSync(this.fd, text);
    this.pending = [];
    fsyncSync(this.fd);
    if (this.mirror) this.unsent += text;
  }

  /**
   * The listener that journals executor events: the intents of a batch are durable before its
   * first write, its outcomes after it (one fsync per checkpoint, not per line: a 30,000-change
   * apply would otherwise spend its time in fsync).
   */
  listener(now: () => Date = () => new Date()): ApplyListener {
    return (e: ApplyEvent) => {
      const at = now().toISOString();
      if (e.type === 'step-started')
        this.pending.push(
          JSON.stringify({ type: 'intent', step: e.step, address: e.change.address, action: e.change.action, at }),
        );
      else if (e.type === 'step-done')
        this.pending.push(
          JSON.stringify({ type: 'outcome', step: e.step, address: e.change.address, status: 'done', at }),
        );
      else if (e.type === 'step-failed')
        this.pending.push(
          JSON.stringify({
            type: 'outcome',
            step: e.step,
            address: e.change.address,
            status: 'failed',
            error: e.error,
            at,
          }),
        );
      else if (e.type === 'checkpoint') this.flush();
      else if (e.type === 'finish') this.append({ type: 'end', status: e.status, at });
    };
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * Reads a journal. A torn last line (crash mid-write) is expected; another damaged line is
 * skipped and reported in `damaged` (rollback then treats every step of the plan as started,
 * which is safe because it restores only objects still as Voiceform left them). A damaged header
 * cannot be worked around: it holds the plan and every pre-image.
 */
export async function readJournal(
  file: string,
): Promise<{ header: JournalHeader; records: JournalRecord[]; damaged: number[] }> {
  let text: string;
  try {
    const stat = await fs.stat(file);
    if (stat.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new SpecInvalid(
      `cannot read journal ${file}: ${fsReason(err)}`,
      [],
      'name a journal file under $VOICEFORM_HOME/journals/<tenant>/, or leave it out to use the latest',
    );
  }
  const lines = text.split('\n');
  const records: JournalRecord[] = [];
  const damaged: number[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      records.push(JSON.parse(line) as JournalRecord);
    } catch {
      if (i === 0) records.push({ type: 'damaged' } as unknown as JournalRecord);
      else if (i < lines.length - 2) damaged.push(i + 1);
    }
  });
  const header = records[0];
  if (header?.type !== 'header') {
    const torn = (header as { type?: string } | undefined)?.type === 'damaged';
    throw new SpecInvalid(
      torn
        ? `journal ${file} is damaged in its first line, the header that holds the plan and the state of every object before the apply`
        : `${file} is not a Voiceform journal (its first line is no journal header)`,
      [],
      torn
        ? 'without the header Voiceform cannot know what to restore: restore the file from a backup, or run `voiceform plan SPEC` for the spec you want and apply it'
        : 'name a journal file under $VOICEFORM_HOME/journals/<tenant>/',
    );
  }
  if (header.journalVersion !== JOURNAL_VERSION)
    throw new SpecInvalid(
      `journal ${file} has version ${String(header.journalVersion)}; this Voiceform reads version ${JOURNAL_VERSION}`,
    );
  const typed = { ...header, plan: { ...header.plan, changes: typedChanges(header.plan.changes, file) } };
  records[0] = typed;
  return { header: typed, records, damaged };
}

export function journalDir(home: string, tenantId: string): string {
  return path.join(home, 'journals', identityKey(tenantId));
}

/** A journal's state, from its records. */
export function journalStatus(records: JournalRecord[]): { ended?: string; closed?: string } {
  const end = records.findLast((r) => r.type === 'end');
  const closed = records.findLast((r) => r.type === 'closed');
  return {
    ended: end?.type === 'end' ? end.status : undefined,
    closed: closed?.type === 'closed' ? closed.reason : undefined,
  };
}

/**
 * The newest apply journal of a tenant that `want` accepts: for rollback, one not already rolled
 * back; for resume, one that never reached its end.
 */
export async function findLatestJournal(home: string, tenantId: string, want: 'rollback' | 'resume'): Promise<string> {
  const dir = journalDir(home, tenantId);
  const names = (await fs.readdir(dir).catch(() => [] as string[]))
    .filter((n) => n.endsWith('.ndjson'))
    .sort()
    .reverse();
  let undone: { file: string; header: JournalHeader } | undefined;
  for (const name of names) {
    const file = path.join(dir, name);
    const { header, records } = await readJournal(file);
    if (header.mode !== 'apply') continue;
    const { ended, closed } = journalStatus(records);
    // Never reach past an apply already rolled back to an older one on its own: a second
    // `rollback` once undid the first apply too (112 deletions). That one must be named.
    if (want === 'rollback' && closed === 'rolled-back') {
      undone ??= { file, header };
      continue;
    }
    if (closed) continue;
    if (want === 'rollback' && undone) {
      throw new PreconditionFailed(
        `the latest apply (${undone.file}, ${describeRun(undone.header)}) is already rolled back; the one before it is ${file} (${describeRun(header)})`,
        `to roll that one back too, name it: voiceform rollback ${file}`,
      );
    }
    if (want === 'rollback') return file;
    if (ended === undefined || ended === 'interrupted') return file;
    if (ended === 'applied' || ended === 'failed') {
      throw new PreconditionFailed(
        `the latest apply journal ${file} ${ended === 'applied' ? 'completed' : 'failed and was handled'}; nothing to resume`,
      );
    }
  }
  throw new PreconditionFailed(`no apply journal to ${want} for tenant ${tenantId} under ${dir}`);
}

/** An apply as a person recognises it: when, who, how many changes, from which spec. */
export function describeRun(header: JournalHeader): string {
  const who = header.by ? ` by ${header.by}` : '';
  return `${header.createdAt}${who}, ${header.plan.changes.length} change(s), spec ${header.plan.specHash.slice(0, 19)}…`;
}

/** The objects (`Address.key`) a journal's run started writing (an intent is journalled before each write). */
export function startedKeys(records: JournalRecord[]): Set<string> {
  return new Set(records.flatMap((r) => (r.type === 'intent' ? [Address.parse(r.address)?.key ?? r.address] : [])));
}

/**
 * Journals of this tenant written after `header`'s run that wrote some of the same objects
 * (applies and resumes not undone since, other than `header`'s own rollbacks and resumes): rolling
 * `header`'s run back would undo their work too.
 */
export async function laterJournalsTouching(home: string, header: JournalHeader, keys: Set<string>): Promise<string[]> {
  const dir = journalDir(home, header.tenant.id);
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.ndjson')).sort();
  const later: string[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const journal = await readJournal(file).catch(() => undefined);
    if (!journal || journal.header.id === header.id || journal.header.parent === header.id) continue;
    if (journal.header.createdAt <= header.createdAt || journal.header.mode === 'rollback') continue;
    if (journalStatus(journal.records).closed === 'rolled-back') continue;
    if ([...startedKeys(journal.records)].some((k) => keys.has(k))) later.push(file);
  }
  return later;
}
