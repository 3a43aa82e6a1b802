import type { Address } from '../../addr/address.js';
import type { VoiceObject } from '../../kinds/registry.js';
import type { CurrentState, UserPolicy } from '../../model/tenant-state.js';
import type { Change } from '../../plan/plan-types.js';
import type { BatchOutcome, ReadScope, TenantReaderWriter } from '../backend.js';
import { TeamsReader } from './teams-reader.js';
import { TeamsRunner, type TeamsRunnerOptions } from './teams-runner.js';
import { TeamsWriter } from './teams-writer.js';
import { UserDirectory } from './user-directory.js';

export type TeamsBackendOptions = TeamsRunnerOptions;

/**
 * The real backend: a reader and a writer over one signed-in runner (a long-lived pwsh session
 * with the MicrosoftTeams module, and Graph) and one user directory (object ids, SKU names).
 */
export class TeamsBackend implements TenantReaderWriter {
  readonly description = 'teams';
  private readonly runner: TeamsRunner;
  private readonly reader: TeamsReader;
  private readonly writer: TeamsWriter;

  constructor(options: TeamsBackendOptions) {
    this.runner = new TeamsRunner(options);
    const directory = new UserDirectory(this.runner);
    this.reader = new TeamsReader(this.runner, directory);
    this.writer = new TeamsWriter(this.runner, directory);
  }

  /** pwsh invocations so far (printed by apply, read by the benchmark). */
  get roundTrips(): number {
    return this.runner.invocations;
  }

  read(scope: ReadScope): Promise<CurrentState> {
    return this.reader.read(scope);
  }

  readObjects(addresses: readonly Address[]): Promise<(VoiceObject | null)[]> {
    return this.reader.readObjects(addresses);
  }

  readGrantHolders(): Promise<UserPolicy[]> {
    return this.reader.readGrantHolders();
  }

  writeMany(changes: Change[]): Promise<BatchOutcome[]> {
    return this.writer.writeMany(changes);
  }

  close(): Promise<void> {
    return this.runner.close();
  }
}
