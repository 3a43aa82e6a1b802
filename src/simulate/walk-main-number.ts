import { DAYS, parseRange, type AutoAttendant } from '../kinds/auto-attendant.js';
import { describeTarget, parseTarget, type CallTarget } from '../kinds/call-target.js';
import { identityKey } from '../kinds/identity.js';
import type { TenantVoiceState } from '../kinds/registry.js';

/** A wall-clock moment in a voice app's time zone. */
export interface LocalTime {
  /** YYYY-MM-DD */
  date: string;
  /** 0 = Monday … 6 = Sunday */
  weekday: number;
  /** Minutes since midnight. */
  minutes: number;
}

export interface CallStep {
  /** `resourceAccount`, `autoAttendant`, `callFlow`, `menu`, `callQueue`, `transfer`. */
  step: string;
  name: string;
  detail: string;
}

export interface MainNumberWalk {
  number: string;
  steps: CallStep[];
  /** Where the call ends up: `user:…`, `callQueue:Sales`, `autoAttendant:Main`, `pstn:…`, `voicemail:…`, `disconnect`, or `menu` (waiting for a key). */
  landsOn: string;
}

/**
 * Walks a call to a main number through the desired state: the resource account that owns the
 * number, its voice app, the attendant's call flow for the moment (holiday, business hours or
 * after hours), the menu key pressed, and on to the next app, until the call reaches a person, a
 * queue, the PSTN, a voicemail or is dropped. `clock(zone)` gives the local time in an
 * attendant's Windows time zone. Pure.
 */
export function walkMainNumber(
  voice: TenantVoiceState,
  number: string,
  clock: (windowsZone: string) => LocalTime,
  keys: string,
): MainNumberWalk | undefined {
  const line = voice.resourceAccountNumbers.find((n) => n.phoneNumber === number);
  if (!line) return undefined;
  const steps: CallStep[] = [];
  // A transfer to a voice app's resource account reads as the app, as the admin center shows it.
  const describe = (target: CallTarget): string => {
    const { type, value } = parseTarget(target);
    if (type !== 'resourceAccount') return describeTarget(target);
    const holds = (upns: string[]) => upns.some((u) => identityKey(u) === identityKey(value));
    const queue = voice.callQueues.find((q) => holds(q.resourceAccounts));
    const attendant = voice.autoAttendants.find((a) => holds(a.resourceAccounts));
    return queue ? `call queue ${queue.name}` : attendant ? `auto attendant ${attendant.name}` : describeTarget(target);
  };
  let pressed = [...keys];
  let account = line.upn;
  for (let hop = 0; hop < 10; hop++) {
    steps.push({ step: 'resourceAccount', name: account, detail: 'answers' });
    const attendant = voice.autoAttendants.find((a) =>
      a.resourceAccounts.some((u) => identityKey(u) === identityKey(account)),
    );
    const queue = voice.callQueues.find((q) => q.resourceAccounts.some((u) => identityKey(u) === identityKey(account)));
    if (queue) {
      steps.push({
        step: 'callQueue',
        name: queue.name,
        detail: `rings ${queue.agents.length} agent(s) (${queue.routingMethod}); over ${queue.overflow.threshold} waiting: ${describe(queue.overflow.transferTo)}; after ${queue.timeout.seconds} s: ${describe(queue.timeout.transferTo)}`,
      });
      return { number, steps, landsOn: `callQueue:${queue.name}` };
    }
    if (!attendant) return { number, steps, landsOn: 'disconnect' };
    const { target, rest } = walkAttendant(attendant, clock(attendant.timeZone), pressed, steps, describe);
    pressed = rest;
    if (target === null) return { number, steps, landsOn: 'menu' };
    steps.push({ step: 'transfer', name: describe(target), detail: target });
    const { type, value } = parseTarget(target);
    if (type !== 'resourceAccount') return { number, steps, landsOn: target };
    account = value;
  }
  return { number, steps, landsOn: 'disconnect' };
}

/** One attendant: which call flow the moment picks, then its menu. Null target: waits at the menu. */
function walkAttendant(
  a: AutoAttendant,
  now: LocalTime,
  keys: string[],
  steps: CallStep[],
  describe: (target: CallTarget) => string,
): { target: CallTarget | null; rest: string[] } {
  steps.push({ step: 'autoAttendant', name: a.name, detail: `${now.date} ${clockText(now.minutes)} ${a.timeZone}` });
  const holiday = Object.entries(a.holidays).find(([, h]) => h.dates.includes(now.date));
  if (holiday) {
    steps.push({ step: 'callFlow', name: `holiday ${holiday[0]}`, detail: greeting(holiday[1].greeting) });
    return { target: holiday[1].transferTo, rest: keys };
  }
  if (a.businessHours && !open(a, now)) {
    steps.push({ step: 'callFlow', name: 'after hours', detail: greeting(a.afterHours?.greeting ?? null) });
    return { target: a.afterHours?.transferTo ?? 'disconnect', rest: keys };
  }
  steps.push({ step: 'callFlow', name: 'business hours', detail: greeting(a.greeting) });
  const [key, ...rest] = keys;
  if (key === undefined) {
    steps.push({ step: 'menu', name: 'no key', detail: a.menu.prompt ?? '(no prompt)' });
    return { target: null, rest };
  }
  const option = a.menu.options[key];
  if (!option) {
    steps.push({ step: 'menu', name: `key ${key}`, detail: 'not an option: the menu is played again' });
    return { target: null, rest };
  }
  steps.push({ step: 'menu', name: `key ${key}`, detail: describe(option) });
  return { target: option, rest };
}

function open(a: AutoAttendant, now: LocalTime): boolean {
  const ranges = a.businessHours?.[DAYS[now.weekday]!] ?? [];
  return ranges.some((r) => {
    const [start, end] = parseRange(r) ?? [0, 0];
    return now.minutes >= start && now.minutes < end;
  });
}

const greeting = (text: string | null) => (text ? `"${text}"` : '(no greeting)');
const clockText = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
