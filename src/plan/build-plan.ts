import { identityKey, sameName } from '../kinds/identity.js';
import { voiceAppPeople } from '../kinds/voice-app-accounts.js';
import type { Problem } from '../errors.js';
import type { DesiredState } from '../model/desired-state.js';
import type { CurrentState } from '../model/tenant-state.js';
import { diffTenant } from './diff-tenant.js';
import { findDrift, numberPolicyDrift, unlistedNumberHolders } from './drift.js';
import { fingerprintState } from './fingerprint.js';
import { PLAN_FORMAT_VERSION, type Change, type Plan } from './plan-types.js';
import { checkPreflight } from './preflight.js';
import { resolveAutoNumbers } from './resolve-numbers.js';
import { resolveLicenses } from './resolve-licenses.js';
import { resolveVoiceAppTargets } from './resolve-targets.js';

export interface PlanInputs {
  desired: DesiredState;
  current: CurrentState;
  specHash: string;
  backend: string;
  toolVersion: string;
  /** The clock, passed in (plans are pure). */
  now: Date;
}

/**
 * The plan for a spec against a tenant: resolve "auto" numbers, diff, check readiness. Pure.
 * Preflight problems come back beside the plan (the command decides to refuse, exit 4).
 */
export function buildPlan({ desired, current, specHash, backend, toolVersion, now }: PlanInputs): {
  plan: Plan;
  problems: Problem[];
} {
  const { userNumbers, resourceAccountNumbers, problems: numberProblems } = resolveAutoNumbers(desired, current);
  const { userLicenses, problems: licenceProblems } = resolveLicenses(desired, current);
  const { callQueues, autoAttendants, problems: targetProblems } = resolveVoiceAppTargets(desired.voice, current.voice);
  const voice = { ...desired.voice, userNumbers, resourceAccountNumbers, userLicenses, callQueues, autoAttendants };
  const { changes, unchanged, unmanaged } = diffTenant(voice, current.voice, {
    prune: desired.prune,
    absent: desired.absentUsers,
  });
  const problems = [
    ...numberProblems,
    ...licenceProblems,
    ...targetProblems,
    ...checkPreflight(desired, current, changes),
  ];
  if (!sameName(current.tenantId, desired.tenantId)) {
    problems.unshift({
      path: '/customer/tenantId',
      rule: 'preflight.tenant',
      message: `the spec is for tenant ${desired.tenantId} but ${backend} is tenant ${current.tenantId}`,
    });
  }
  const users = planUsers(desired);
  const plan = assemblePlan({
    changes,
    unchanged,
    unmanaged,
    current,
    users,
    specHash,
    backend,
    toolVersion,
    now,
    prune: desired.prune,
  });
  const drift = [
    ...findDrift(voice, current.voice, desired.prune),
    ...unlistedNumberHolders(desired.ranges, current.directory.assignedNumbers, new Set(desired.userPaths.keys())),
    ...numberPolicyDrift(voice, current.directory.numberPolicies),
  ];
  if (drift.length > 0) plan.drift = drift;
  return { plan, problems };
}

/**
 * The users a plan reads and its fingerprint covers: the spec's, its leavers, and the people its
 * voice apps send calls to (each once).
 */
export function planUsers(desired: DesiredState): string[] {
  const named = [...desired.voice.userNumbers.map((u) => u.upn), ...desired.absentUsers];
  const known = new Set(named.map(identityKey));
  const people = voiceAppPeople(desired.voice).filter((p) => !known.has(identityKey(p.upn)));
  return [...named, ...people.map((p) => p.upn)];
}

export interface PlanParts {
  changes: Change[];
  unchanged: number;
  unmanaged: string[];
  current: CurrentState;
  users: string[];
  specHash: string;
  backend: string;
  toolVersion: string;
  now: Date;
  prune: boolean;
}

/** The plan document around a list of ordered changes (also used for rollback and resume plans). Pure. */
export function assemblePlan({
  changes,
  unchanged,
  unmanaged,
  current,
  users,
  specHash,
  backend,
  toolVersion,
  now,
  prune,
}: PlanParts): Plan {
  const count = (...actions: string[]) => changes.filter((c) => actions.includes(c.action)).length;
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    toolVersion,
    tenant: { id: current.tenantId, backend },
    specHash,
    stateFingerprint: fingerprintState(current.tenantId, current.voice),
    users,
    createdAt: now.toISOString(),
    prune,
    summary: {
      add: count('create', 'replace'),
      change: count('update'),
      destroy: count('delete', 'replace'),
      replace: count('replace'),
      unchanged,
      unmanaged: unmanaged.length,
    },
    unmanaged,
    changes,
  };
}
