import { promises as fs } from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { SpecInvalid } from '../../errors.js';
import { writeFileAtomically } from '../../io/atomic-file.js';
import { SIM_FORMAT_VERSION, upgradeSimState, type SimTenantState } from './sim-state.js';

function identityOf(stat: { ino: number; size: number; mtimeMs: number; ctimeMs: number }): string {
  return `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
}

/** The last update queued per tenant file in this process (see SimStore.update). */
const turns = new Map<string, Promise<unknown>>();

/**
 * The simulated tenant's file: versioned JSON, written atomically (temp file, fsync, rename,
 * fsync of the folder) under a lock, so a crash leaves either the old or the new tenant.
 */
export class SimStore {
  private cached: { state: SimTenantState; identity: string } | undefined;

  constructor(readonly file: string) {}

  async exists(): Promise<boolean> {
    return fs.stat(this.file).then(
      () => true,
      () => false,
    );
  }

  /**
   * The tenant as on disk. The parsed copy is reused only while the file is the very same file
   * (inode, size, modification and change times): any edit, in place or by rename, is read.
   */
  async load(): Promise<SimTenantState> {
    let stat;
    try {
      stat = await fs.stat(this.file);
    } catch {
      throw noSimTenant(this.file);
    }
    if (this.cached?.identity === identityOf(stat)) return this.cached.state;
    let state: SimTenantState;
    try {
      state = JSON.parse(await fs.readFile(this.file, 'utf8')) as SimTenantState;
    } catch (err) {
      throw new SpecInvalid(`simulated tenant ${this.file} is not valid JSON: ${(err as Error).message}`);
    }
    if (state?.formatVersion !== SIM_FORMAT_VERSION) {
      throw new SpecInvalid(
        `simulated tenant ${this.file} has format version ${String(state?.formatVersion)}; this Voiceform reads ${SIM_FORMAT_VERSION}`,
      );
    }
    this.cached = { state: upgradeSimState(state), identity: identityOf(stat) };
    return state;
  }

  /**
   * Runs `update` on the current state under the file lock and saves what it leaves. Updates from
   * this process take turns first: when a killed process left the lock behind, two callers of one
   * process waiting on it would both take it over as stale, and one would lose it mid-write
   * ("Lock is already released").
   */
  async update<T>(update: (state: SimTenantState) => T | Promise<T>): Promise<T> {
    const before = turns.get(this.file) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(() => this.updateLocked(update));
    turns.set(this.file, mine);
    try {
      return await mine;
    } finally {
      if (turns.get(this.file) === mine) turns.delete(this.file);
    }
  }

  private async updateLocked<T>(update: (state: SimTenantState) => T | Promise<T>): Promise<T> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const release = await lockfile.lock(this.file, {
      realpath: false,
      stale: 10_000,
      retries: { retries: 100, minTimeout: 10, maxTimeout: 200 },
    });
    try {
      const state = (await this.exists()) ? await this.load() : undefined;
      if (!state) throw noSimTenant(this.file);
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
    await writeFileAtomically(this.file, JSON.stringify(state), 0o600);
    this.cached = { state, identity: identityOf(await fs.stat(this.file)) };
  }
}

/** A missing tenant file is a missing input (exit 3), with both ways out. */
const noSimTenant = (file: string): SpecInvalid =>
  new SpecInvalid(
    `no simulated tenant at ${file}`,
    [],
    `create one with \`voiceform sim init --tenant sim:${file}\`, or name another with --tenant sim:PATH`,
  );
