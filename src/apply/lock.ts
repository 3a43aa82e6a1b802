import { identityKey } from '../kinds/identity.js';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { LockHeld } from '../errors.js';
import type { Config } from '../config.js';
import { acquireDatabaseLock } from '../store/tenant-lock.js';

interface Holder {
  pid: number;
  host: string;
  since: string;
  command: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A per-tenant lock around apply / rollback / resume (proper-lockfile). A second holder gets
 * LockHeld (exit 4) naming the first (pid, host, since when). A lock whose holder died on this
 * host is stale and taken over; elsewhere proper-lockfile's mtime check ages it out. With a shared
 * database (--database) the lock is held there instead (store/tenant-lock.ts).
 */
export async function acquireTenantLock(
  config: Pick<Config, 'home' | 'databaseUrl'>,
  tenantId: string,
  command: string,
  backend?: { sharedFile?: string },
): Promise<() => Promise<void>> {
  // With a shared database the lock lives there (machines share it); a sim file keeps its own as
  // well. A simulated tenant is its file (copies are other tenants, whatever id they carry).
  const key = backend?.sharedFile ? `sim:${path.resolve(backend.sharedFile)}` : identityKey(tenantId);
  const shared = config.databaseUrl ? await acquireDatabaseLock(config.databaseUrl, key, tenantId, command) : undefined;
  if (shared && !backend?.sharedFile) return shared;
  try {
    const local = await acquireFileLock(config.home, tenantId, command, backend);
    return async () => {
      await local();
      await shared?.();
    };
  } catch (err) {
    await shared?.();
    throw err;
  }
}

async function acquireFileLock(
  home: string,
  tenantId: string,
  command: string,
  backend?: { sharedFile?: string },
): Promise<() => Promise<void>> {
  // A tenant that is a file (the sim) may be shared by several VOICEFORM_HOMEs: its lock lives beside it.
  const target = backend?.sharedFile
    ? `${path.resolve(backend.sharedFile)}.apply`
    : path.join(home, 'locks', `${identityKey(tenantId)}`);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const holderFile = `${target}.holder.json`;
  const options = { realpath: false, stale: 30_000, update: 5_000 };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(target, options);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    const holder = await fs.readFile(holderFile, 'utf8').then(
      (t) => JSON.parse(t) as Holder,
      () => undefined,
    );
    if (holder && holder.host === os.hostname() && !alive(holder.pid)) {
      // The holder was killed (crash, SIGKILL): its lock is stale; take it over.
      // proper-lockfile only unlocks its own locks; a dead holder's is its `.lock` folder.
      await fs.rm(`${target}.lock`, { recursive: true, force: true });
      release = await lockfile.lock(target, options);
    } else {
      const who = holder
        ? `pid ${holder.pid} on ${holder.host} (${holder.command}) since ${holder.since}`
        : 'another process';
      throw new LockHeld(
        `tenant ${tenantId} is locked by ${who}`,
        'wait for it to finish; if it died on another host, the lock expires 30 s after its last heartbeat',
      );
    }
  }
  const holder: Holder = { pid: process.pid, host: os.hostname(), since: new Date().toISOString(), command };
  await fs.writeFile(holderFile, JSON.stringify(holder));
  return async () => {
    await fs.rm(holderFile, { force: true });
    await release().catch(() => undefined);
  };
}
