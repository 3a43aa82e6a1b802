import { mkdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * The narrow SQL surface Voiceform's stores use, the same for the embedded PGlite (WASM
 * PostgreSQL under VOICEFORM_HOME) and a shared PostgreSQL server: parameterized queries only
 * (values are always bound, never spliced into SQL text) and one transaction helper.
 */
export interface Database {
  /** `embedded` (PGlite) or `postgres` (a server; its URL without the password). */
  readonly description: string;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  transaction<T>(fn: (tx: Pick<Database, 'query' | 'exec'>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The embedded database: a PGlite data folder. Opening it is ~1 s (and ~10 s the first time), so only commands that need it open it. */
export async function openEmbedded(dir: string): Promise<Database> {
  await mkdir(path.dirname(dir), { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(dir);
  await db.waitReady;
  const wrap = (q: Pick<typeof db, 'query' | 'exec'>): Pick<Database, 'query' | 'exec'> => ({
    query: async <T>(sql: string, params: unknown[] = []) => (await q.query<T>(sql, params)).rows,
    exec: async (sql: string) => void (await q.exec(sql)),
  });
  return {
    description: `embedded database ${dir}`,
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  };
}

/** A PostgreSQL server (`postgres://…`): one connection, since a command runs one thing at a time. */
export async function openPostgres(url: string): Promise<Database> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, application_name: 'voiceform' });
  await client.connect();
  // A server gone away must not crash the process from an 'error' event; the next query fails instead.
  client.on('error', () => undefined);
  const query = async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[];
  const exec = async (sql: string) => void (await client.query(sql));
  return {
    description: `PostgreSQL ${redactUrl(url)}`,
    query,
    exec,
    async transaction(fn) {
      await client.query('BEGIN');
      try {
        const result = await fn({ query, exec });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    },
    close: () => client.end(),
  };
}

/** A database URL fit to print: the password (if any) replaced. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const k of [...u.searchParams.keys()]) if (/pass|secret|key/i.test(k)) u.searchParams.set(k, '***');
    return u.toString();
  } catch {
    return '(an unreadable database URL)';
  }
}
