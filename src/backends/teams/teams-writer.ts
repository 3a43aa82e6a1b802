import { BackendError } from '../../errors.js';
import type { UserLicense } from '../../model/tenant-state.js';
import type { Change } from '../../plan/plan-types.js';
import type { BatchOutcome } from '../backend.js';
import { writeGrantsInBatches } from './batch-grants.js';
import { classifyPwshError } from './classify-error.js';
import { numberSteps } from './number-steps.js';
import { callsForChange } from './teams-write-map.js';
import type { TeamsRunner } from './teams-runner.js';
import type { UserDirectory } from './user-directory.js';
import { TeamsVoiceApps, VOICE_APP_KINDS } from './teams-voice-apps.js';
import { LIS_KINDS, TeamsLis } from './teams-lis.js';
import type { TenantKind } from '../../kinds/registry.js';

const outcomes = (errors: (Error | undefined)[]): BatchOutcome[] =>
  errors.map((e) => (e ? { status: 'failed', error: e } : { status: 'done' }));

/**
 * Writes planned changes to a real tenant, a batch of one kind at a time: Cs* objects in one pwsh
 * invocation (stopping at the first failure), grants as batch policy assignments, numbers and
 * licences through Graph (numbers through PowerShell outside the global cloud or when asked).
 */
export class TeamsWriter {
  private readonly voiceApps: TeamsVoiceApps;
  private readonly lis: TeamsLis;

  constructor(
    private readonly runner: TeamsRunner,
    private readonly directory: UserDirectory,
  ) {
    this.voiceApps = new TeamsVoiceApps(runner, directory);
    this.lis = new TeamsLis(runner);
  }

  async writeMany(changes: Change[]): Promise<BatchOutcome[]> {
    await this.runner.open();
    if (changes.every((c) => VOICE_APP_KINDS.has(c.kind))) return this.voiceApps.write(changes);
    if (changes.every((c) => LIS_KINDS.has(c.kind as TenantKind))) return this.lis.write(changes);
    if (changes.every((c) => c.kind === 'userLicense')) return this.writeLicencesViaGraph(changes);
    if (changes.every((c) => c.kind === 'userNumber') && !this.runner.numberCmdletsAvailable)
      return changes.map(() => ({
        status: 'failed',
        error: new BackendError(
          `phone numbers cannot be assigned in the ${this.runner.cloud} cloud: Set-/Remove-CsPhoneNumberAssignment are not offered there`,
          'invalid',
          { hint: 'assign them in the Teams admin center, then list them in the spec as they are' },
        ),
      }));
    if (changes.every((c) => c.kind === 'userNumber'))
      // Graph's assignNumber documents no extensions; Set-CsPhoneNumberAssignment does
      // ("+1206555000;ext=1234"): a batch that touches one goes through PowerShell, whole, so its
      // removals still come before its assignments (fidelity review N9).
      return this.runner.numbersViaGraph && !changes.some(touchesExtension)
        ? this.writeNumbersViaGraph(changes)
        : this.writeNumbersViaPwsh(changes);
    if (
      changes.length > 1 &&
      changes.every((c) => c.kind === 'pstnUsage' && (c.action === 'create' || c.action === 'delete'))
    )
      return this.writeUsages(changes);
    if (changes.every((c) => c.kind === 'userPolicy'))
      return writeGrantsInBatches(
        changes,
        (calls) => this.runner.run(calls, false),
        await this.directory.idsOf(changes.map((c) => c.name)),
      );
    const calls = changes.map((c) => callsForChange(c));
    const results = await this.runner.run(calls.flat(), true);
    let k = 0;
    return calls.map((cs): BatchOutcome => {
      const mine = results.slice(k, (k += cs.length));
      const failed = mine.find((r) => !r.ok);
      if (failed) return { status: 'failed', error: classifyPwshError(failed.error ?? 'unknown error') };
      return mine.length < cs.length ? { status: 'skipped' } : { status: 'done' };
    });
  }

  /**
   * Usages added to (or removed from) the one Global list in a single Set-CsOnlinePstnUsage
   * (`@{Add=…}` / `@{Remove=…}` take lists): the executor batches creates apart from deletes.
   */
  private async writeUsages(changes: Change[]): Promise<BatchOutcome[]> {
    const names = changes.map((c) => c.name);
    const edit = changes[0]!.action === 'delete' ? { Remove: names } : { Add: names };
    const [result] = await this.runner.run(
      [{ cmdlet: 'Set-CsOnlinePstnUsage', params: { Identity: 'Global', Usage: edit } }],
      true,
    );
    const error = result?.ok ? undefined : classifyPwshError(result?.error ?? 'unknown error');
    return outcomes(changes.map(() => error));
  }

  /** Usage locations and licences through Graph, batched. */
  private async writeLicencesViaGraph(changes: Change[]): Promise<BatchOutcome[]> {
    const graph = this.runner.graph;
    if (!graph) throw new BackendError('licences need Graph (VOICEFORM_GRAPH is off)', 'invalid');
    const [skuParts, idOf] = await Promise.all([
      this.directory.skus(),
      this.directory.idsOf(changes.map((c) => c.name)),
    ]);
    const idOfPart = new Map([...skuParts].map(([id, part]) => [part, id]));
    const writes = changes.map((c) => {
      const next = c.after as UserLicense | null;
      const prev = c.before as UserLicense | null;
      const had = prev?.licenses ?? [];
      const want = next?.licenses ?? [];
      return {
        userId: idOf(c.name) ?? c.name,
        usageLocation:
          next?.usageLocation && next.usageLocation !== prev?.usageLocation ? next.usageLocation : undefined,
        add: want.filter((l) => !had.includes(l)).map((l) => idOfPart.get(l) ?? l),
        remove: had.filter((l) => !want.includes(l)).map((l) => idOfPart.get(l) ?? l),
        clearUsageLocation: !next?.usageLocation && Boolean(prev?.usageLocation),
      };
    });
    return outcomes(await graph.writeLicenses(writes));
  }

  /**
   * Number changes as Graph assignNumber / unassignNumber operations, batched and polled: every
   * unassignment first (a change of number type needs it), then every assignment.
   */
  private async writeNumbersViaGraph(changes: Change[]): Promise<BatchOutcome[]> {
    const idOf = await this.directory.idsOf(changes.map((c) => c.name));
    const steps = changes.map((c) =>
      c.kind === 'userNumber'
        ? numberSteps(c.name, c.before, c.after, idOf(c.name))
        : new BackendError(`${c.address} is not a number change`, 'invalid'),
    );
    const errors: (Error | undefined)[] = steps.map((s) => (s instanceof Error ? s : undefined));
    for (const action of ['unassignNumber', 'assignNumber'] as const) {
      const todo = steps.flatMap((s, i) => {
        const body = s instanceof Error || errors[i] ? undefined : action === 'assignNumber' ? s.assign : s.unassign;
        return body ? [{ i, op: { action, body: body as Record<string, unknown> } }] : [];
      });
      const results = todo.length ? await this.runner.graph!.numberOperations(todo.map((t) => t.op)) : [];
      results.forEach((e, k) => (errors[todo[k]!.i] ??= e));
    }
    return outcomes(errors);
  }

  /**
   * Numbers through Set-/Remove-CsPhoneNumberAssignment: every Remove of the batch first, then
   * every Set, so a number one user gives up can go to another in the same batch.
   */
  private async writeNumbersViaPwsh(changes: Change[]): Promise<BatchOutcome[]> {
    const calls = changes.map((c) => callsForChange(c));
    const errors: (Error | undefined)[] = changes.map(() => undefined);
    for (const phase of ['Remove-', 'Set-']) {
      const todo = calls.flatMap((cs, i) =>
        errors[i] ? [] : cs.filter((c) => c.cmdlet.startsWith(phase)).map((call) => ({ i, call })),
      );
      if (todo.length === 0) continue;
      const results = await this.runner.run(
        todo.map((t) => t.call),
        false,
      );
      todo.forEach((t, k) => {
        const r = results[k];
        if (!r?.ok) errors[t.i] ??= classifyPwshError(r?.error ?? 'not run');
      });
    }
    return outcomes(errors);
  }
}

const touchesExtension = (c: Change): boolean =>
  [c.before, c.after].some((n) => String((n as { phoneNumber?: unknown } | null)?.phoneNumber ?? '').includes(';ext='));
