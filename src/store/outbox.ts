import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { RunRecord } from './runs.js';

/**
 * Runs waiting to go into a database, one JSON line each, in VOICEFORM_HOME/history. Opening the
 * embedded database costs ~1 s (~10 s the first time, ~39 MB on disk), far more than a plan: so
 * plan/apply/rollback/resume only append here (one small fsynced write), and whatever opens the
 * database next (`history`, `health`) moves the waiting runs in first. A shared database that
 * could not be reached leaves its runs here too, for the next command that reaches it.
 */
interface OutboxLine {
  /** `embedded`, or the shared database's URL without its password. */
  target: string;
  run: RunRecord;
}

const dirOf = (home: string) => path.join(home, 'history');
const OUTBOX = 'outbox.jsonl';

export async function appendOutbox(home: string, target: string, runs: RunRecord[]): Promise<void> {
  if (runs.length === 0) return;
  await fs.mkdir(dirOf(home), { recursive: true });
  const fh = await fs.open(path.join(dirOf(home), OUTBOX), 'a', 0o600);
  try {
    // One write: appends of several processes never interleave within it.
    await fh.write(runs.map((run) => `${JSON.stringify({ target, run } satisfies OutboxLine)}\n`).join(''));
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Hands the waiting runs of `target` to `insert`, then forgets them; runs of other targets stay.
 * The outbox is first renamed aside, so appends made meanwhile go to a new one; a drain that died
 * halfway leaves its file aside and the next drain takes it too (inserts ignore runs already in).
 */
export async function drainOutbox(
  home: string,
  target: string,
  insert: (runs: RunRecord[]) => Promise<void>,
): Promise<number> {
  const dir = dirOf(home);
  await fs
    .rename(path.join(dir, OUTBOX), path.join(dir, `draining-${randomUUID()}.jsonl`))
    .catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  const files = (await fs.readdir(dir).catch(() => [] as string[])).filter((f) => f.startsWith('draining-'));
  let moved = 0;
  for (const f of files) {
    const text = await fs.readFile(path.join(dir, f), 'utf8').catch(() => '');
    const lines = text
      .split('\n')
      .filter(Boolean)
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as OutboxLine];
        } catch {
          return []; // a line cut by a crash mid-write: nothing to keep
        }
      });
    const mine = lines.filter((l) => l.target === target).map((l) => l.run);
    await insert(mine);
    const others = lines.filter((l) => l.target !== target);
    for (const t of new Set(others.map((l) => l.target)))
      await appendOutbox(
        home,
        t,
        others.filter((l) => l.target === t).map((l) => l.run),
      );
    await fs.rm(path.join(dir, f), { force: true });
    moved += mine.length;
  }
  return moved;
}
