import type { VoiceObject } from '../backends/backend.js';
import { closeSync, fsyncSync, openSync, promises as fs, writeSync } from 'node:fs';
import path from 'node:path';
import { PreconditionFailed, SpecInvalid } from '../errors.js';
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
 * Append-only NDJSON journal: every line written and fsynced before the next step proceeds, so a
 * crash loses at most the outcome of the step under way (which rollback/resume then re-read).
 */
export class JournalWriter {
  private fd: number | undefined;

  constructor(readonly file: string) {}

  static async create(dir: string, header: JournalHeader): Promise<JournalWriter> {
    await fs.mkdir(dir, { recursive: true });
    const writer = new JournalWriter(path.join(dir, `${header.id}.ndjson`));
    writer.append(header);
    return writer;
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
    writeSync(this.fd, `${this.pending.join('\n')}\n`);
    this.pending = [];
    fsyncSync(this.fd);
  }

  /**
   * The listener that journals executor events: the intents of a batch are durable before its
   * first write, its outcomes after it (one fsync per checkpoint, not per line: a 30,000-change
   * apply would otherwise spend its time in fsync).
   */
  listener(now: () => Date = () => new Date()): ApplyListener {
    return (e: ApplyEvent) => {
      const at = now().toISOString();
      if (e.type === 'step-started') this.pending.push(JSON.stringify({ type: 'intent', step: e.step, address: e.change.address, action: e.change.action, at }));
      else if (e.type === 'step-done') this.pending.push(JSON.stringify({ type: 'outcome', step: e.step, address: e.change.address, status: 'done', at }));
      else if (e.type === 'step-failed') this.pending.push(JSON.stringify({ type: 'outcome', step: e.step, address: e.change.address, status: 'failed', error: e.error, at }));
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

/** Reads a journal; a torn last line (crash mid-write) is ignored, anything else malformed is invalid input. */
export async function readJournal(file: string): Promise<{ header: JournalHeader; records: JournalRecord[] }> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new SpecInvalid(`cannot read journal ${file}`);
  }
  const lines = text.split('\n');
  const records: JournalRecord[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      records.push(JSON.parse(line) as JournalRecord);
    } catch {
      if (i < lines.length - 2) throw new SpecInvalid(`journal ${file} is damaged at line ${i + 1}`);
    }
  });
  const header = records[0];
  if (header?.type !== 'header' || header.journalVersion !== JOURNAL_VERSION) throw new SpecInvalid(`${file} is not a Voiceform journal (version ${JOURNAL_VERSION})`);
  return { header, records };
}

export function journalDir(home: string, tenantId: string): string {
  return path.join(home, 'journals', tenantId.toLowerCase());
}

/** A journal's state, from its records. */
export function journalStatus(records: JournalRecord[]): { ended?: string; closed?: string } {
  const end = records.findLast((r) => r.type === 'end');
  const closed = records.findLast((r) => r.type === 'closed');
  return { ended: end?.type === 'end' ? end.status : undefined, closed: closed?.type === 'closed' ? closed.reason : undefined };
}

/**
 * The newest apply journal of a tenant that `want` accepts: for rollback, one not already rolled
 * back; for resume, one that never reached its end.
 */
export async function findLatestJournal(home: string, tenantId: string, want: 'rollback' | 'resume'): Promise<string> {
  const dir = journalDir(home, tenantId);
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.ndjson')).sort().reverse();
  for (const name of names) {
    const file = path.join(dir, name);
    const { header, records } = await readJournal(file);
    if (header.mode !== 'apply') continue;
    const { ended, closed } = journalStatus(records);
    if (closed) continue;
    if (want === 'rollback') return file;
    if (ended === undefined || ended === 'interrupted') return file;
    if (ended === 'applied' || ended === 'failed') {
      throw new PreconditionFailed(`the latest apply journal ${file} ${ended === 'applied' ? 'completed' : 'failed and was handled'}; nothing to resume`);
    }
  }
  throw new PreconditionFailed(`no apply journal to ${want} for tenant ${tenantId} under ${dir}`);
}
