import type { Config } from '../config.js';
import { Address } from '../addr/address.js';
import { PreconditionFailed, SpecInvalid } from '../errors.js';
import type { IoHost } from '../io/io-host.js';
import { watchInterrupt } from '../io/interrupt.js';
import { identityKey } from '../kinds/identity.js';
import { listOf, type TenantKind, type VoiceObject } from '../kinds/registry.js';
import { nameOf } from '../addr/address.js';
import { openWriter } from '../backends/open/open-tenant.js';
import type { TenantReaderWriter } from '../backends/backend.js';
import { computePlan } from '../plan/compute-plan.js';
import { attributeDiff } from '../plan/diff-tenant.js';
import { comparable } from '../plan/same-object.js';
import type { Plan } from '../plan/plan-types.js';
import { specFromDoc } from '../load/read-spec.js';
import { runJournalled } from '../apply/run-journalled.js';
import { displayValue } from '../plan/display.js';
import { TOOL_VERSION } from '../version.js';
import {
  CONFORMANCE_KINDS,
  conformanceName,
  GRANTED_BY,
  stageSpec,
  STAGES,
  withDependencies,
  type Stage,
} from './conformance-specs.js';

export interface ConformanceOptions {
  tenant?: string;
  prefix: string;
  kinds?: string;
  format: 'text' | 'json';
  keep?: boolean;
  user?: string;
  cloud?: string;
  deviceCode?: boolean;
}

/** One claim checked: a kind's object after a stage reads back as written (or is gone, or granted). */
export interface ClaimResult {
  kind: TenantKind | 'userPolicy';
  /** The test object (or the test user). */
  name: string;
  stage: Stage;
  claim: string;
  result: 'agree' | 'differ' | 'skipped';
  /** How long the stage's writes took, read-backs included (until they showed). */
  ms?: number;
  /** What was read instead (differ), or why (skipped). */
  observed?: string;
}

export interface ConformanceReport {
  formatVersion: 1;
  tenant: string;
  prefix: string;
  startedAt: string;
  results: ClaimResult[];
  /** Test objects that could not be removed (named so the admin can). */
  leftBehind: string[];
}

const PREFIX = /^[a-z][a-z0-9-]{1,19}-$/;

/**
 * `voiceform conformance`: for every kind, a namespaced test object is created with every
 * attribute Voiceform manages, read back, changed, cleared, granted to a test user and taken back,
 * deleted and confirmed gone — each stage planned and applied through the same code as `apply`
 * (journal, executor, read-backs), then read again and compared with what was written. The report
 * is the proof a tenant's owner can attach to a bug report. Nothing is left behind: cleanup runs
 * on failure and on Ctrl-C, and what could not be removed is listed.
 */
export async function conformanceCommand(options: ConformanceOptions, io: IoHost, config: Config): Promise<number> {
  if (!PREFIX.test(options.prefix))
    throw new SpecInvalid(
      `--prefix must be 2–20 lower-case letters, digits or hyphens, starting with a letter and ending with "-", got ${JSON.stringify(options.prefix)}`,
    );
  const kinds = kindsOf(options.kinds);
  const backend = await openWriter(options.tenant, config, {
    tenantId: config.tenantId,
    cloud: options.cloud,
    deviceCode: options.deviceCode,
    say: (m) => io.err(m),
  });
  const report: ConformanceReport = {
    formatVersion: 1,
    tenant: backend.description,
    prefix: options.prefix,
    startedAt: new Date().toISOString(),
    results: [],
    leftBehind: [],
  };
  const interrupt = watchInterrupt(() => io.err('Interrupted: finishing this step, then cleaning up…'));
  try {
    const current = await backend.read({ users: options.user ? [options.user] : 'all' });
    const clash = prefixed(current.voice, options.prefix);
    if (clash.length > 0)
      throw new PreconditionFailed(
        `the tenant already has ${clash.length} object(s) named with the prefix ${options.prefix}: ${clash.join(', ')}`,
        'choose another --prefix, or remove them (a kit run that was killed leaves its objects named this way)',
      );
    const domain = current.directory.verifiedDomains.find((d) => !/\.onmicrosoft\.(com|us|cn)$/i.test(d));
    if (!domain)
      throw new PreconditionFailed(
        'the tenant has no verified domain enabled for Teams for the test SBC',
        'verify a domain and enable it for Teams (a Teams Phone user in it), or run against another tenant',
      );
    const user = testUser(current, options.user);
    if (!user.upn) io.err(`Grants are skipped: ${user.why}.`);
    const input = {
      prefix: options.prefix,
      tenantId: current.tenantId,
      domain,
      kinds,
      user: user.upn && user.phoneNumber ? { upn: user.upn, phoneNumber: user.phoneNumber } : undefined,
    };
    let deleted = false;
    try {
      for (const stage of STAGES) {
        if (interrupt.interrupted()) break;
        if ((stage === 'grant' || stage === 'ungrant') && !input.user) {
          for (const k of kinds.filter((k) => GRANTED_BY[k]))
            report.results.push({
              kind: k,
              name: conformanceName(k, options.prefix, domain),
              stage,
              claim: claimOf(stage),
              result: 'skipped',
              observed: user.why,
            });
          continue;
        }
        if (stage === 'delete' && options.keep) break;
        io.err(`Conformance: ${stage}…`);
        const { results, failed } = await runStage(stage, input, backend, config, interrupt.interrupted);
        report.results.push(...results);
        if (stage === 'delete') deleted = true;
        // A stage that did not apply leaves nothing sure to build on: clean up and report.
        if (failed) {
          io.err(`Conformance: ${stage} failed: ${failed}`);
          break;
        }
      }
    } finally {
      if (!options.keep) {
        if (!deleted) {
          io.err('Conformance: cleaning up…');
          await runStage('delete', input, backend, config, () => false).catch((err: Error) =>
            io.err(`Cleanup failed: ${err.message}`),
          );
        }
        await removeLeftovers(options.prefix, backend, config).catch((err: Error) =>
          io.err(`Cleanup failed: ${err.message}`),
        );
        report.leftBehind = prefixed((await backend.read({ users: [] }).catch(() => current)).voice, options.prefix);
      }
    }
  } finally {
    interrupt.dispose();
    await backend.close();
  }
  io.out(options.format === 'json' ? JSON.stringify(report, null, 2) : formatConformance(report));
  if (report.leftBehind.length > 0)
    io.err(
      `Could not remove: ${report.leftBehind.join(', ')} — remove them by hand (each is named ${options.prefix}…).`,
    );
  if (interrupt.interrupted()) return 130;
  return report.results.some((r) => r.result === 'differ') || report.leftBehind.length > 0 ? 1 : 0;
}

function kindsOf(list: string | undefined): TenantKind[] {
  if (!list) return [...CONFORMANCE_KINDS];
  const asked = list.split(',').map((k) => k.trim());
  const unknown = asked.filter((k) => !CONFORMANCE_KINDS.includes(k as TenantKind));
  if (unknown.length > 0)
    throw new SpecInvalid(`--kinds: unknown kind(s) ${unknown.join(', ')} (kinds: ${CONFORMANCE_KINDS.join(', ')})`);
  return asked as TenantKind[];
}

/** The kit's objects are the ones named with its prefix (compared as Teams compares names). */
const carriesPrefix = (name: string, prefix: string): boolean => identityKey(name).startsWith(prefix);

/** Every object of the kit's kinds (in the order given) whose name carries the prefix. */
function kitObjects(
  voice: Parameters<typeof listOf>[0],
  prefix: string,
  kinds: readonly TenantKind[] = CONFORMANCE_KINDS,
): { kind: TenantKind; name: string; object: VoiceObject }[] {
  return kinds.flatMap((kind) =>
    (listOf(voice, kind) as VoiceObject[])
      .map((object) => ({ kind, name: nameOf(kind, object), object }))
      .filter((o) => carriesPrefix(o.name, prefix)),
  );
}

/** Their addresses, for messages and the report. */
const prefixed = (voice: Parameters<typeof listOf>[0], prefix: string): string[] =>
  kitObjects(voice, prefix).map((o) => String(Address.of(o.kind, o.name)));

/**
 * The grants' test user: the one named, or the first enabled user with Teams Phone who holds none
 * of the grants the kit tests (so taking them back leaves the user as found).
 */
function testUser(
  current: Awaited<ReturnType<TenantReaderWriter['read']>>,
  named: string | undefined,
): { upn?: string; phoneNumber: string | null; why: string } {
  const grants = Object.values(GRANTED_BY);
  const holdsNone = (upn: string) => {
    const p = current.voice.userPolicies.find((u) => identityKey(u.upn) === identityKey(upn)) as
      Record<string, unknown> | undefined;
    return !p || grants.every((g) => p[g] === null || p[g] === undefined);
  };
  const numberOf = (upn: string) =>
    current.voice.userNumbers.find((u) => identityKey(u.upn) === identityKey(upn))?.phoneNumber ?? null;
  // A spec's user has a number: the test user's own is written back as it is, so it must have one.
  const candidates = current.directory.users.filter(
    (u) =>
      u.exists &&
      u.enabled &&
      u.hasTeamsPhone &&
      numberOf(u.upn) !== null &&
      (!named || identityKey(u.upn) === identityKey(named)),
  );
  const user = candidates.find((u) => holdsNone(u.upn));
  if (user) return { upn: user.upn, phoneNumber: numberOf(user.upn), why: '' };
  const wanted = 'an enabled Teams Phone user with a phone number who holds none of the tested grants';
  if (named) return { phoneNumber: null, why: `${named} is not ${wanted}` };
  return { phoneNumber: null, why: `the tenant has no ${wanted} (name one with --user)` };
}

const claimOf = (stage: Stage): string =>
  ({
    create: 'created with every attribute, reads back as written',
    update: 'every attribute changed, reads back as written',
    clear: 'optional attributes cleared, reads back cleared',
    grant: 'granted to the test user, reads back granted',
    ungrant: 'taken back, the user reads back as found',
    delete: 'deleted, reads back gone',
  })[stage];

/** Plans a stage's spec, applies only the kit's own changes through the journalled executor, and checks each kind by reading it back. */
async function runStage(
  stage: Stage,
  input: Parameters<typeof stageSpec>[1],
  backend: TenantReaderWriter,
  config: Config,
  interrupted: () => boolean,
): Promise<{ results: ClaimResult[]; failed?: string }> {
  const read = await specFromDoc(`conformance:${stage}`, stageSpec(stage, input));
  // The plan sees only the kit's own objects: prune then removes nothing else, and no other
  // object's state (a policy granted elsewhere) can stop it.
  const plan = await computePlan(read, {
    description: backend.description,
    read: async (scope) => {
      const state = await backend.read(scope);
      for (const k of CONFORMANCE_KINDS) {
        const list = listOf(state.voice, k) as object[];
        list.splice(0, list.length, ...list.filter((o) => carriesPrefix(nameOf(k, o), input.prefix)));
      }
      return state;
    },
  });
  const ours = (c: Plan['changes'][number]) =>
    c.kind === 'userPolicy'
      ? Boolean(input.user) && identityKey(c.name) === identityKey(input.user!.upn)
      : CONFORMANCE_KINDS.includes(c.kind as TenantKind) && carriesPrefix(c.name, input.prefix);
  const changes = plan.changes.filter(ours);
  const started = Date.now();
  const { result } = await runJournalled({
    backend,
    plan: { ...plan, changes, summary: { ...plan.summary } },
    mode: 'apply',
    home: config.home,
    listeners: [],
    interrupted,
  });
  const ms = Date.now() - started;
  // Each kind's test object (or the user's grants) as read now, against what the stage wrote.
  const kinds = withDependencies(input.kinds);
  const grantStage = stage === 'grant' || stage === 'ungrant';
  const subjects = grantStage
    ? [{ kind: 'userPolicy' as const, name: input.user!.upn }]
    : kinds.flatMap((k) => {
        const wanted = listOf(read.desired.voice, k) as object[];
        const names =
          stage === 'delete'
            ? changes.filter((c) => c.kind === k).map((c) => c.name)
            : wanted.map((o) => nameOf(k, o)).filter((n) => carriesPrefix(n, input.prefix));
        return names.map((name) => ({ kind: k, name }));
      });
  const seen = await backend.readObjects(subjects.map((s) => Address.of(s.kind, s.name)));
  const results = subjects.map((s, i): ClaimResult => {
    const want =
      stage === 'delete'
        ? null
        : ((listOf(read.desired.voice, s.kind) as object[]).find(
            (o) => identityKey(nameOf(s.kind, o)) === identityKey(s.name),
          ) ?? null);
    const got = seen[i] ?? null;
    const failed =
      result.status !== 'applied' && result.failed?.change.name === s.name ? result.failed.error : undefined;
    const agree = !failed && comparable(s.kind, want as VoiceObject | null) === comparable(s.kind, got);
    return {
      kind: s.kind,
      name: s.name,
      stage,
      claim: claimOf(stage),
      result: agree ? 'agree' : 'differ',
      ms,
      ...(agree ? {} : { observed: failed ?? observedDiff(want, got) }),
    };
  });
  return {
    results,
    ...(result.status === 'applied'
      ? {}
      : { failed: result.failed ? `${result.failed.change.address}: ${result.failed.error}` : result.status }),
  };
}

/**
 * Whatever of the kit's is still there after the delete stage (a usage no route of Voiceform's
 * names any more is not Voiceform's to prune: a run cut short can leave one). The tenant had no
 * object with the prefix when the kit started, so each one is the kit's own: deleted as a
 * rollback deletes what its apply created, dependants first.
 */
async function removeLeftovers(prefix: string, backend: TenantReaderWriter, config: Config): Promise<void> {
  const state = await backend.read({ users: [] });
  // Dependants first: the reverse of the kit's dependency order.
  const changes = kitObjects(state.voice, prefix, [...CONFORMANCE_KINDS].reverse()).map((o) => ({
    address: Address.of(o.kind, o.name),
    kind: o.kind,
    name: o.name,
    action: 'delete' as const,
    before: o.object,
    after: null,
    diff: [],
  }));
  if (changes.length === 0) return;
  const plan = {
    formatVersion: 1,
    toolVersion: TOOL_VERSION,
    tenant: { id: state.tenantId, backend: backend.description },
    specHash: '',
    stateFingerprint: '',
    users: [],
    createdAt: new Date().toISOString(),
    prune: true,
    summary: { add: 0, change: 0, destroy: changes.length, replace: 0, unchanged: 0, unmanaged: 0 },
    unmanaged: [],
    changes,
  } as unknown as Plan;
  await runJournalled({ backend, plan, mode: 'rollback', home: config.home, listeners: [] });
}

function observedDiff(want: object | null, got: object | null): string {
  if (!got) return 'absent';
  if (!want) return `still there: ${displayValue(got)}`;
  return attributeDiff(want as Record<string, unknown>, got as Record<string, unknown>)
    .map((d) => `${d.attribute}: wrote ${displayValue(d.before)}, read ${displayValue(d.after)}`)
    .join('; ');
}

/** The report as a table: claim per kind and stage, agree/differ/skipped, timing; then what was left. Pure. */
export function formatConformance(report: ConformanceReport): string {
  const rows = report.results.map((r) => [
    r.kind,
    r.name,
    r.stage,
    r.result === 'agree' ? 'agree' : r.result === 'differ' ? 'DIFFER' : 'skipped',
    r.ms === undefined ? '' : `${(r.ms / 1000).toFixed(1)} s`,
    r.observed ?? '',
  ]);
  const width = (i: number) => Math.max(...rows.map((r) => r[i]!.length), 4);
  const lines = rows.map((r) =>
    [0, 1, 2, 3, 4, 5]
      .map((i) => (i === 4 ? r[i]!.padStart(width(i)) : i === 5 ? r[i]! : r[i]!.padEnd(width(i))))
      .join('  ')
      .trimEnd(),
  );
  const count = (x: ClaimResult['result']) => report.results.filter((r) => r.result === x).length;
  lines.push(
    '',
    `${report.tenant}: ${count('agree')} agree, ${count('differ')} differ, ${count('skipped')} skipped${report.leftBehind.length ? `; left behind: ${report.leftBehind.join(', ')}` : '; nothing left behind'}.`,
  );
  return lines.join('\n');
}
