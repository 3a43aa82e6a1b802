import os from 'node:os';
import { LockHeld, PreconditionFailed } from '../errors.js';
import { openPostgres, redactUrl } from './database.js';
import { migrate } from './migrations.js';

/** The advisory-lock class of tenant locks (the second key is the tenant id's hash). */
const TENANT_LOCK_CLASS = 0x7666; // 'vf'

/**
 * The tenant lock in a shared PostgreSQL, so two machines never apply to one tenant at once: a
 * session advisory lock on a connection held for the lock's life. The server drops it when that
 * connection ends, so a killed holder's lock frees itself (no stale locks to age out); a row in
 * voiceform_tenant_locks names the holder for the one who has to wait. `key` is the tenant's id
 * (lower case) for Teams, its file for a simulated tenant.
 */
export async function acquireDatabaseLock(
  url: string,
  key: string,
  tenantId: string,
  command: string,
): Promise<() => Promise<void>> {
  const db = await openPostgres(url).catch((err: Error) => {
    throw new PreconditionFailed(
      `cannot reach the database ${redactUrl(url)} for the tenant lock: ${err.message}`,
      'check --database / VOICEFORM_DATABASE_URL',
    );
  });
  try {
    await migrate(db);
    const [row] = await db.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [
      TENANT_LOCK_CLASS,
      key,
    ]);
    if (!row?.locked) {
      const [holder] = await db.query<{ pid: number; host: string; command: string; since: Date }>(
        'SELECT pid, host, command, since FROM voiceform_tenant_locks WHERE tenant_id = $1',
        [key],
      );
      const who = holder
        ? `pid ${holder.pid} on ${holder.host} (${holder.command}) since ${new Date(holder.since).toISOString()}`
        : 'another process';
      throw new LockHeld(
        `tenant ${tenantId} is locked in ${db.description} by ${who}`,
        'wait for it to finish; a holder that died lets go when its connection ends',
      );
    }
    await db.query(
      `INSERT INTO voiceform_tenant_locks (tenant_id, pid, host, command, since) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (tenant_id) DO UPDATE SET pid = EXCLUDED.pid, host = EXCLUDED.host, command = EXCLUDED.command, since = EXCLUDED.since`,
      [key, process.pid, os.hostname(), command],
    );
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  return async () => {
    await db
      .query('DELETE FROM voiceform_tenant_locks WHERE tenant_id = $1 AND pid = $2 AND host = $3', [
        key,
        process.pid,
        os.hostname(),
      ])
      .catch(() => undefined);
    await db.query('SELECT pg_advisory_unlock($1, hashtext($2))', [TENANT_LOCK_CLASS, key]).catch(() => undefined);
    await db.close().catch(() => undefined);
  };
}
