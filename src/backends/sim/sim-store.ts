import { closeSync, fsyncSync, openSync, promises as fs, writeSync } from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { BackendError, SpecInvalid } from '../../errors.js';
import { SIM_FORMAT_VERSION, upgradeSimState, type SimTenantState } from './sim-state.js';

/**
 * The simulated tenant's file: versioned JSON, written atomically (temp file, fsync, rename,
 * fsync of the folder) under a lock, so a crash leaves either the old or the new tenant.
 */
export class SimStore {
  private cached: { state: SimTenantState; mtimeMs: number; size: number } | undefined;

  constructor(readonly file: string) {}

  async exists(): Promise<boolean> {
    return fs.stat(this.file).then(() => true, () => false);
  }

  /** The tenant as on disk; re-read only when the file changed since the last load or save. */
  async load(): Promise<SimTenantState> {
    let stat;
    try {
      stat = await fs.stat(this.file);
    } catch {
      throw new BackendError(`no simulated tenant at ${this.file}`, 'not-found', { hint: 'create one with `voiceform sim init`' });
    }
    if (this.cached && this.cached.mtimeMs === stat.mtimeMs && this.cached.size === stat.size) return this.cached.state;
    let state: SimTenantState;
    try {
      state = JSON.parse(await fs.readFile(this.file, 'utf8')) as SimTenantState;
    } catch (err) {
      throw new SpecInvalid(`simulated tenant ${this.file} is not valid JSON: ${(err as Error).message}`);
    }
    if (state?.formatVersion !== SIM_FORMAT_VERSION) {
      throw new SpecInvalid(`simulated tenant ${this.file} has format version ${String(state?.formatVersion)}; this Voiceform reads ${SIM_FORMAT_VERSION}`);
    }
    this.cached = { state: upgradeSimState(state), mtimeMs: stat.mtimeMs, size: stat.size };
    return state;
  }

  /** Runs `update` on the current state under the file lock and saves what it leaves. */
  async update<T>(update: (state: SimTenantState) => T | Promise<T>): Promise<T> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const release = await lockfile.lock(this.file, {
      realpath: false,
      stale: 10_000,
      retries: { retries: 100, minTimeout: 10, maxTimeout: 200 },
    });
    try {
      const state = (await this.exists()) ? await this.load() : undefined;
      if (!state) throw new BackendError(`no simulated tenant at ${this.file}`, 'not-found', { hint: 'create one with `voiceform sim init`' });
      const result = await update(state);
      await this.save(state);
      return result;
    } finally {
      await release();
    }
  }

  /** Writes the whole tenant atomically. */
  async save(state: SimTenantState): Promise<void> {
    const dir = path.dirname(this.file);
    await fs.mkdir(dir, { recursive: true });
    const tmp = path.join(dir, `.${path.basename(this.file)}.${process.pid}.tmp`);
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(state));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    await fs.rename(tmp, this.file);
    const dirFd = openSync(dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
    const stat = await fs.stat(this.file);
    this.cached = { state, mtimeMs: stat.mtimeMs, size: stat.size };
  }
}
