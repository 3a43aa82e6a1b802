import type { Problem } from '../errors.js';
import { checkTarget, targetOf, type CallTarget, type CallTargetSpec } from './call-target.js';
import { identityKey } from './identity.js';
import type { KindDef } from './kind-def.js';
import { checkLanguage, checkTimeZone } from './voice-app-lists.js';
import { voiceAppAccountOf } from './voice-app-accounts.js';

export const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Day = (typeof DAYS)[number];

/** Business hours per day: `HH:MM-HH:MM` ranges (a day left out is closed). */
export type BusinessHours = Partial<Record<Day, string[]>>;

export type DirectorySearch = 'none' | 'byName' | 'byExtension';

/** A menu: the prompt read to callers and what each key does (key → target). */
export interface AutoAttendantMenu {
  prompt: string | null;
  directorySearch: DirectorySearch;
  options: Record<string, CallTarget>;
}

export interface Holiday {
  /** Whole days, `YYYY-MM-DD`, in the attendant's time zone. */
  dates: string[];
  greeting: string | null;
  transferTo: CallTarget;
}

/**
 * `*-CsAutoAttendant` with the objects Teams builds it from: the default call flow (greeting and
 * menu), an after-hours call flow tied to a weekly schedule, one call flow and date schedule per
 * holiday (`New-CsOnlineSchedule`, `New-CsAutoAttendantCallHandlingAssociation`), the operator,
 * and the resource accounts associated with it. Nested records are keyed by what the spec names
 * (a day, a holiday, a key) so a plan shows one changed option, not a changed attendant.
 */
export interface AutoAttendant {
  name: string;
  language: string;
  timeZone: string;
  resourceAccounts: string[];
  greeting: string | null;
  menu: AutoAttendantMenu;
  /** null: open around the clock (no after-hours call flow). */
  businessHours: BusinessHours | null;
  afterHours: { greeting: string | null; transferTo: CallTarget } | null;
  holidays: Record<string, Holiday>;
  operator: CallTarget | null;
}

export interface AutoAttendantSpec {
  name: string;
  language: string;
  timeZone: string;
  resourceAccounts: string[];
  greeting?: string;
  businessHours?: BusinessHours;
  holidays?: { name: string; dates: string[]; greeting?: string; transferTo?: CallTargetSpec }[];
  menu: {
    prompt?: string;
    directorySearch?: DirectorySearch;
    options?: { key: string; transferTo: CallTargetSpec }[];
  };
  afterHours?: { greeting?: string; transferTo?: CallTargetSpec };
  operator?: CallTargetSpec;
}

const RANGE = /^([01]\d|2[0-3]):([0-5]\d)-(([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

/** Minutes since midnight of both ends of `HH:MM-HH:MM`, or undefined when it is not one. */
export function parseRange(range: string): [number, number] | undefined {
  if (!RANGE.test(range)) return undefined;
  const [start, end] = range.split('-').map((t) => {
    const [h, m] = t.split(':').map(Number);
    return h! * 60 + m!;
  });
  return [start!, end!];
}

/** New-CsOnlineTimeRange: "The start bound of the range must be less than its end bound"; 15-minute boundaries; no overlap. */
function checkHours(hours: BusinessHours, where: (suffix: string) => string): Problem[] {
  const problems: Problem[] = [];
  for (const day of DAYS) {
    const ranges = hours[day] ?? [];
    const seen: [number, number, number][] = [];
    ranges.forEach((r, i) => {
      const path = where(`/businessHours/${day}/${i}`);
      const parsed = parseRange(r);
      if (!parsed) {
        problems.push({ path, rule: 'business-hours.format', message: `"${r}" is not HH:MM-HH:MM within one day` });
        return;
      }
      const [start, end] = parsed;
      if (start >= end) problems.push({ path, rule: 'business-hours.order', message: `"${r}" ends before it starts` });
      else if (start % 15 !== 0 || end % 15 !== 0)
        problems.push({
          path,
          rule: 'business-hours.boundary',
          message: `"${r}": Teams' weekly schedules align with 15-minute boundaries`,
        });
      const overlap = seen.find(([s, e]) => start < e && s < end);
      if (overlap)
        problems.push({
          path,
          rule: 'business-hours.overlap',
          message: `"${r}" overlaps "${ranges[overlap[2]]}" on ${day}`,
        });
      seen.push([start, end, i]);
    });
  }
  return problems;
}

const KEY = /^[0-9*#]$/;

function checkAttendant(a: AutoAttendantSpec, where: (suffix: string) => string): Problem[] {
  const problems = [...checkLanguage(a.language, where('/language')), ...checkTimeZone(a.timeZone, where('/timeZone'))];
  if (a.businessHours) problems.push(...checkHours(a.businessHours, where));
  if (a.afterHours && !a.businessHours)
    problems.push({
      path: where('/afterHours'),
      rule: 'auto-attendant.after-hours',
      message: `auto attendant ${a.name} has after-hours handling but no businessHours`,
    });
  const keys = new Map<string, number>();
  (a.menu.options ?? []).forEach((o, i) => {
    const path = where(`/menu/options/${i}`);
    if (!KEY.test(o.key))
      problems.push({
        path: `${path}/key`,
        rule: 'auto-attendant.key',
        message: `"${o.key}" is not a key: 0-9, * or #`,
      });
    const prev = keys.get(o.key);
    if (prev !== undefined)
      problems.push({
        path: `${path}/key`,
        rule: 'auto-attendant.key',
        message: `key ${o.key} is already used by option ${prev}`,
      });
    keys.set(o.key, i);
    problems.push(...checkTarget(o.transferTo, `${path}/transferTo`));
  });
  const holidays = new Map<string, number>();
  (a.holidays ?? []).forEach((h, i) => {
    const prev = holidays.get(identityKey(h.name));
    if (prev !== undefined)
      problems.push({
        path: where(`/holidays/${i}/name`),
        rule: 'unique-name',
        message: `holiday ${JSON.stringify(h.name)} is already defined at ${where(`/holidays/${prev}`)}`,
      });
    holidays.set(identityKey(h.name), i);
    h.dates.forEach((d, j) => {
      if (Number.isNaN(Date.parse(`${d}T00:00:00Z`)) || new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d)
        problems.push({
          path: where(`/holidays/${i}/dates/${j}`),
          rule: 'auto-attendant.date',
          message: `"${d}" is not a date (YYYY-MM-DD)`,
        });
    });
    problems.push(...checkTarget(h.transferTo, where(`/holidays/${i}/transferTo`)));
  });
  problems.push(...checkTarget(a.afterHours?.transferTo, where('/afterHours/transferTo')));
  problems.push(...checkTarget(a.operator, where('/operator')));
  return problems;
}

/** Every target an attendant can send a call to: menu options, after hours, holidays, the operator. */
export function attendantTargets(a: AutoAttendant): CallTarget[] {
  return [
    ...Object.values(a.menu.options),
    ...(a.afterHours ? [a.afterHours.transferTo] : []),
    ...Object.values(a.holidays).map((h) => h.transferTo),
    ...(a.operator ? [a.operator] : []),
  ];
}

/** The model of a spec's auto attendant; `spec` resolves queues and attendants to their resource accounts. */
export function attendantOf(a: AutoAttendantSpec, accountOf: Parameters<typeof targetOf>[1]): AutoAttendant {
  const target = (t: CallTargetSpec | undefined) => targetOf(t, accountOf);
  const hours = a.businessHours
    ? Object.fromEntries(
        DAYS.filter((d) => (a.businessHours![d] ?? []).length > 0).map((d) => [d, a.businessHours![d]!]),
      )
    : null;
  return {
    name: a.name,
    language: a.language,
    timeZone: a.timeZone,
    resourceAccounts: [...a.resourceAccounts],
    greeting: a.greeting ?? null,
    menu: {
      prompt: a.menu.prompt ?? null,
      directorySearch: a.menu.directorySearch ?? 'none',
      options: Object.fromEntries((a.menu.options ?? []).map((o) => [o.key, target(o.transferTo)])),
    },
    businessHours: hours,
    afterHours: hours
      ? { greeting: a.afterHours?.greeting ?? null, transferTo: target(a.afterHours?.transferTo) }
      : null,
    holidays: Object.fromEntries(
      (a.holidays ?? []).map((h) => [
        h.name,
        { dates: [...h.dates].sort(), greeting: h.greeting ?? null, transferTo: target(h.transferTo) },
      ]),
    ),
    operator: a.operator ? target(a.operator) : null,
  };
}

export const autoAttendantKind: KindDef<'autoAttendant', 'autoAttendants', AutoAttendant, AutoAttendantSpec> = {
  kind: 'autoAttendant',
  list: 'autoAttendants',
  label: 'auto attendant',
  identity: 'name',
  ownership: 'resource-account',
  dependsOn: ['resourceAccount'],
  caseless: ['resourceAccounts'],
  fromSpec: (spec) => (spec.autoAttendants ?? []).map((a) => attendantOf(a, voiceAppAccountOf(spec))),
  uses: (a) => a.resourceAccounts.map((upn) => ({ kind: 'resourceAccount', name: upn })),
  references: (a) =>
    a.resourceAccounts.map((upn, i) => ({ kind: 'resourceAccount', name: upn, path: `/resourceAccounts/${i}` })),
  checkSpecEntry: checkAttendant,
};
