import { parseTarget, type CallTarget } from '../kinds/call-target.js';
import { identityKey } from '../kinds/identity.js';
import type { Problem } from '../errors.js';
import type { TenantVoiceState } from '../kinds/registry.js';

/**
 * Transfers to a queue or attendant the spec does not define go to the tenant's app of that name,
 * through its resource account (as Teams transfers to a voice app); one the tenant lacks too is a
 * problem naming the spec's entry. Pure.
 */
export function resolveVoiceAppTargets(
  desired: TenantVoiceState,
  current: TenantVoiceState,
): {
  callQueues: TenantVoiceState['callQueues'];
  autoAttendants: TenantVoiceState['autoAttendants'];
  problems: Problem[];
} {
  const problems: Problem[] = [];
  const accountOf = (type: string, name: string) =>
    (type === 'callQueue' ? current.callQueues : current.autoAttendants).find(
      (a) => identityKey(a.name) === identityKey(name),
    )?.resourceAccounts[0];
  const resolve = (target: CallTarget, where: string): CallTarget => {
    const { type, value } = parseTarget(target);
    if (type !== 'callQueue' && type !== 'autoAttendant') return target;
    const account = accountOf(type, value);
    if (account) return `resourceAccount:${account}`;
    problems.push({
      path: where,
      rule: 'preflight.voice-app-target',
      message: `${type === 'callQueue' ? 'call queue' : 'auto attendant'} ${value} is neither in the spec nor a voice app of the tenant with a resource account`,
    });
    return target;
  };
  const callQueues = desired.callQueues.map((q, i) => ({
    ...q,
    overflow: { ...q.overflow, transferTo: resolve(q.overflow.transferTo, `/callQueues/${i}/overflow/transferTo`) },
    timeout: { ...q.timeout, transferTo: resolve(q.timeout.transferTo, `/callQueues/${i}/timeout/transferTo`) },
  }));
  const autoAttendants = desired.autoAttendants.map((a, i) => {
    const at = `/autoAttendants/${i}`;
    return {
      ...a,
      menu: {
        ...a.menu,
        options: Object.fromEntries(
          Object.entries(a.menu.options).map(([key, t]) => [key, resolve(t, `${at}/menu/options`)]),
        ),
      },
      afterHours: a.afterHours
        ? { ...a.afterHours, transferTo: resolve(a.afterHours.transferTo, `${at}/afterHours`) }
        : null,
      holidays: Object.fromEntries(
        Object.entries(a.holidays).map(([name, h]) => [
          name,
          { ...h, transferTo: resolve(h.transferTo, `${at}/holidays`) },
        ]),
      ),
      operator: a.operator ? resolve(a.operator, `${at}/operator`) : null,
    };
  });
  return { callQueues, autoAttendants, problems };
}
