import { promises as fs } from 'node:fs';
import path from 'node:path';
import { journalDir, type JournalMirror } from './journal.js';
import type { Database } from '../store/database.js';

/**
 * A queue job's journals in the shared database: every line the worker's journal writes is
 * appended here before the step it precedes runs, so the worker that takes the job over when this
 * one dies finds the apply exactly as far as it got.
 */
export function databaseJournalMirror(db: Pick<Database, 'query'>, jobKey: string): JournalMirror {
  return {
    async append(journal, text) {
      await db.query(
        `INSERT INTO voiceform_journals (id, job_key, tenant_id, content) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET content = voiceform_journals.content || EXCLUDED.content`,
        [journal.id, jobKey, journal.tenantId, text],
      );
    },
  };
}

/**
 * Writes a job's journals from the database into this worker's journal folder (the database is
 * the truth: a local copy from an earlier attempt is replaced); returns their files, oldest first.
 */
export async function restoreJournals(db: Pick<Database, 'query'>, jobKey: string, home: string): Promise<string[]> {
  const rows = await db.query<{ id: string; tenant_id: string; content: string }>(
    'SELECT id, tenant_id, content FROM voiceform_journals WHERE job_key = $1 ORDER BY id',
    [jobKey],
  );
  const files: string[] = [];
  for (const r of rows) {
    // Ids and tenant ids came from journal names Voiceform made; refuse anything that would leave the folder.
    if (!/^[\w.-]+$/.test(r.id) || !/^[\w.-]+$/.test(r.tenant_id)) continue;
    const dir = journalDir(home, r.tenant_id);
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, `${r.id}.ndjson`);
    await fs.writeFile(file, r.content, { mode: 0o600 });
    files.push(file);
  }
  return files;
}
