import path from 'node:path';
import lockfile from 'proper-lockfile';
import { promises as fs } from 'node:fs';
import type { Config } from '../config.js';
import { PreconditionFailed } from '../errors.js';
import { openEmbedded, openPostgres, redactUrl, type Database } from './database.js';
import { migrate } from './migrations.js';
import { drainOutbox } from './outbox.js';
import { insertRuns } from './runs.js';

/** What the outbox calls the configured database: `embedded`, or the shared one's URL without password. */
export const storeTarget = (config: Pick<Config, 'databaseUrl'>): string =>
  config.databaseUrl ? redactUrl(config.databaseUrl) : 'embedded';

/**
 * Opens the run-history database (PostgreSQL with --database / VOICEFORM_DATABASE_URL, else PGlite
 * under VOICEFORM_HOME), brings its schema up to date and moves the runs waiting in the outbox
 * into it; `fn` gets it, and it is closed after. The embedded database is one process's at a time
 * (PGlite has no server): others wait for it.
 */
export async function withStore<T>(
  config: Pick<Config, 'home' | 'databaseUrl'>,
  fn: (db: Database) => Promise<T>,
): Promise<T> {
  let release: (() => Promise<void>) | undefined;
  let db: Database;
  if (config.databaseUrl) {
    db = await openPostgres(config.databaseUrl).catch((err: Error) => {
      throw new PreconditionFailed(
        `cannot reach the database ${redactUrl(config.databaseUrl!)}: ${err.message}`,
        'check --database / VOICEFORM_DATABASE_URL and that the server accepts connections',
      );
    });
  } else {
    const dir = path.join(config.home, 'history');
    await fs.mkdir(dir, { recursive: true });
    release = await lockfile.lock(path.join(dir, 'pglite'), {
      realpath: false,
      stale: 60_000,
      update: 10_000,
      retries: { retries: 600, minTimeout: 100, maxTimeout: 1000 },
    });
    db = await openEmbedded(path.join(dir, 'pglite')).catch(async (err: Error) => {
      await release!();
      throw err;
    });
  }
  try {
    await migrate(db);
    await drainOutbox(config.home, storeTarget(config), (runs) => db.transaction((tx) => insertRuns(tx, runs)));
    return await fn(db);
  } finally {
    await db.close().catch(() => undefined);
    await release?.();
  }
}
