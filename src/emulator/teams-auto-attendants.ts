import { createHash, randomUUID } from 'node:crypto';
import type { SimTenant } from '../backends/sim/sim-tenant.js';
import type { SimAttendantLinks, SimSchedule } from '../backends/sim/sim-state.js';
import { BackendError } from '../errors.js';
import { DAYS, type AutoAttendant, type DirectorySearch } from '../kinds/auto-attendant.js';
import { parseTarget, type CallTarget } from '../kinds/call-target.js';
import { identityKey } from '../kinds/identity.js';
import { has, namedPage, need, str, text, type Params } from './cmdlet-params.js';

type Handler = (t: SimTenant, p: Params) => unknown[];
type Raw = Record<string, unknown>;

/**
 * Auto attendants (`*-CsAutoAttendant`) and the online schedules they use (`*-CsOnlineSchedule`)
 * over the simulated tenant, which keeps an attendant in Voiceform's model: the cmdlets translate
 * the module's object graph (New-CsAutoAttendant.md example 1: a default call flow with its menu,
 * an after-hours call flow tied to a weekly schedule of the business hours with -Complement,
 * holiday call flows tied to fixed schedules) to it and back.
 */

/** An id stable for a name in this tenant (the emulator keeps no other). */
export function stableId(t: SimTenant, what: string, name: string): string {
  const h = createHash('sha1')
    .update(`${t.state.tenantId}/${what}/${identityKey(name)}`)
    .digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const attendantId = (t: SimTenant, name: string) => stableId(t, 'autoAttendant', name);
const rows = (v: unknown): Raw[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]) as Raw[];

export function attendantById(t: SimTenant, id: string): AutoAttendant {
  const a = t.list('autoAttendant').find((x) => attendantId(t, x.name) === id.toLowerCase());
  if (!a) throw new BackendError(`Auto attendant "${id}" was not found.`, 'not-found');
  return a;
}

/** A callable entity `{Id, Type}` → the model's target. */
function targetOfEntity(t: SimTenant, e: Raw | undefined): CallTarget {
  const id = text(e?.Id);
  switch (text(e?.Type).toLowerCase()) {
    case 'user':
    case 'applicationendpoint': {
      const u = t.user(id);
      if (!u) throw new BackendError(`The call target ${id} was not found.`, 'not-found');
      return u.accountType === 'ResourceAccount' ? `resourceAccount:${u.upn}` : `user:${u.upn}`;
    }
    case 'externalpstn':
      return `pstn:${id.replace(/^tel:/i, '')}`;
    case 'sharedvoicemail':
      return `sharedVoicemail:${id}`;
    default:
      throw new BackendError(`A call target of type ${text(e?.Type)} is not simulated.`, 'invalid');
  }
}

function entityOf(t: SimTenant, target: CallTarget): Raw | null {
  const { type, value } = parseTarget(target);
  const idOf = (upn: string) => t.user(upn)?.id ?? upn;
  if (type === 'user') return { Id: idOf(value), Type: 'User' };
  if (type === 'resourceAccount') return { Id: idOf(value), Type: 'ApplicationEndpoint' };
  if (type === 'pstn') return { Id: `tel:${value}`, Type: 'ExternalPstn' };
  if (type === 'sharedVoicemail') return { Id: value, Type: 'SharedVoicemail' };
  return null;
}

const KEY: Record<string, string> = { tonestar: '*', tonepound: '#' };
const keyOf = (dtmf: string) => KEY[dtmf.toLowerCase()] ?? dtmf.replace(/^tone/i, '');
const dtmfOf = (key: string) => (key === '*' ? 'ToneStar' : key === '#' ? 'TonePound' : `Tone${key}`);

/** What a menu option does: its target, or disconnect. */
function optionTarget(t: SimTenant, o: Raw): CallTarget {
  const action = text(rows(o.Action)[0] ?? o.Action).toLowerCase();
  if (action === 'disconnectcall') return 'disconnect';
  if (action === 'transfercalltotarget') return targetOfEntity(t, o.CallTarget as Raw);
  throw new BackendError(`The menu option action ${action} is not simulated.`, 'invalid');
}

const prompt = (list: unknown): string | null => {
  const first = rows(list)[0];
  return first?.TextToSpeechPrompt ? text(first.TextToSpeechPrompt) : null;
};

/** A call flow with only an automatic option (after hours, a holiday): its greeting and target. */
function automatic(t: SimTenant, flow: Raw | undefined): { greeting: string | null; transferTo: CallTarget } {
  if (!flow)
    throw new BackendError('A call handling association names a call flow the attendant does not have.', 'invalid');
  const option = rows((flow.Menu as Raw | undefined)?.MenuOptions)[0];
  return { greeting: prompt(flow.Greetings), transferTo: option ? optionTarget(t, option) : 'disconnect' };
}

/**
 * A schedule by id. One made a moment ago is usable at once (New-CsAutoAttendant.md example 1
 * makes the schedule and the attendant in one script), so a missing one is a bad parameter here,
 * not a write that has yet to propagate.
 */
function schedule(t: SimTenant, id: string, missing: 'invalid' | 'not-found' = 'invalid'): SimSchedule {
  const s = (t.state.schedules ?? []).find((x) => x.id === id);
  if (!s) throw new BackendError(`Schedule ${id} was not found.`, missing);
  return s;
}

/** The model and links of an attendant from New-CsAutoAttendant's parameters or Set-'s instance. */
function attendantFrom(
  t: SimTenant,
  p: Raw,
  resourceAccounts: string[],
): { attendant: AutoAttendant; links: SimAttendantLinks } {
  const flow = p.DefaultCallFlow as Raw;
  const menu = (flow?.Menu ?? {}) as Raw;
  const options: Record<string, CallTarget> = {};
  for (const o of rows(menu.MenuOptions))
    options[keyOf(text(rows(o.DtmfResponse)[0] ?? o.DtmfResponse))] = optionTarget(t, o);
  const search = text(menu.DirectorySearchMethod).toLowerCase();
  const flows = rows(p.CallFlows);
  const links: SimAttendantLinks = { holidays: {} };
  let businessHours: AutoAttendant['businessHours'] = null;
  let afterHours: AutoAttendant['afterHours'] = null;
  const holidays: AutoAttendant['holidays'] = {};
  for (const a of rows(p.CallHandlingAssociations)) {
    const s = schedule(t, text(a.ScheduleId));
    const handled = automatic(
      t,
      flows.find((f) => text(f.Id) === text(a.CallFlowId)),
    );
    const link = { scheduleId: s.id, callFlowId: text(a.CallFlowId) };
    if (text(a.Type).toLowerCase() === 'afterhours') {
      if (!s.weekly || !s.complement)
        throw new BackendError(
          'Only a weekly schedule with -Complement (the business hours) is simulated for AfterHours.',
          'invalid',
        );
      businessHours = s.weekly;
      afterHours = handled;
      links.afterHours = link;
    } else {
      if (!s.dates) throw new BackendError('A Holiday association needs a fixed schedule.', 'invalid');
      holidays[s.name] = { dates: [...s.dates].sort(), ...handled };
      links.holidays[s.name] = link;
    }
  }
  const attendant: AutoAttendant = {
    name: text(p.Name),
    language: text(p.LanguageId),
    timeZone: text(p.TimeZoneId),
    resourceAccounts,
    greeting: prompt(flow?.Greetings),
    menu: {
      prompt: prompt(menu.Prompts),
      directorySearch: (search === 'byname'
        ? 'byName'
        : search === 'byextension'
          ? 'byExtension'
          : 'none') as DirectorySearch,
      options,
    },
    businessHours,
    afterHours,
    holidays,
    operator: p.Operator ? targetOfEntity(t, p.Operator as Raw) : null,
  };
  return { attendant, links };
}

const tts = (s: string | null) =>
  s === null ? [] : [{ ActiveType: 'TextToSpeech', TextToSpeechPrompt: s, AudioFilePrompt: null }];
const automaticFlow = (
  t: SimTenant,
  id: string,
  name: string,
  h: { greeting: string | null; transferTo: CallTarget },
) => ({
  Id: id,
  Name: name,
  Greetings: tts(h.greeting),
  Menu: {
    Name: `${name} menu`,
    Prompts: [],
    MenuOptions: [
      h.transferTo === 'disconnect'
        ? { Action: 'DisconnectCall', DtmfResponse: 'Automatic', CallTarget: null }
        : { Action: 'TransferCallToTarget', DtmfResponse: 'Automatic', CallTarget: entityOf(t, h.transferTo) },
    ],
    DialByNameEnabled: false,
    DirectorySearchMethod: 'None',
  },
});

const scheduleShape = (s: SimSchedule) => ({
  Id: s.id,
  Name: s.name,
  Type: s.weekly ? 'WeeklyRecurrence' : 'Fixed',
  WeeklyRecurrentSchedule: s.weekly
    ? {
        ...Object.fromEntries(
          DAYS.map((d) => [
            `${d.charAt(0).toUpperCase()}${d.slice(1)}Hours`,
            (s.weekly![d] ?? []).map((r) => ({ Start: r.split('-')[0], End: r.split('-')[1] })),
          ]),
        ),
        ComplementEnabled: Boolean(s.complement),
      }
    : null,
  FixedSchedule: s.dates ? { DateTimeRanges: s.dates.map((d) => dayRange(d)) } : null,
});

/** A whole day as New-CsOnlineDateTimeRange's d/m/yyyy H:mm text (its page's format). */
function dayRange(date: string): { Start: string; End: string } {
  const fmt = (d: Date) => `${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear()} 00:00`;
  const start = new Date(`${date}T00:00:00Z`);
  return { Start: fmt(start), End: fmt(new Date(start.getTime() + 86_400_000)) };
}

/** The days a d/m/yyyy H:mm range covers (its end is exclusive, at midnight). */
function daysOf(range: Raw): string[] {
  const parse = (v: unknown) => {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2}))?$/.exec(text(v).trim());
    if (!m) throw new BackendError(`"${text(v)}" is not a date-time range bound (d/m/yyyy H:mm).`, 'invalid');
    return Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1]));
  };
  const start = parse(range.Start);
  const end = range.End ? parse(range.End) : start + 86_400_000;
  if (end <= start) throw new BackendError('The start bound of the range must be less than its end bound.', 'invalid');
  const out: string[] = [];
  for (let d = start; d < end; d += 86_400_000) out.push(new Date(d).toISOString().slice(0, 10));
  return out;
}

function attendantShape(t: SimTenant, a: AutoAttendant): Raw {
  const links = t.state.attendantLinks?.[identityKey(a.name)] ?? { holidays: {} };
  const id = attendantId(t, a.name);
  // An attendant the sim wrote without the cmdlets has no schedules of its own: stable ids stand in.
  const scheduleOf = (link: { scheduleId: string } | undefined, fallback: SimSchedule): SimSchedule =>
    (link && (t.state.schedules ?? []).find((s) => s.id === link.scheduleId)) || fallback;
  const flows: Raw[] = [];
  const associations: Raw[] = [];
  const schedules: SimSchedule[] = [];
  if (a.afterHours && a.businessHours) {
    const s = scheduleOf(links.afterHours, {
      id: stableId(t, `schedule/${a.name}`, 'after hours'),
      name: `${a.name} business hours`,
      weekly: a.businessHours,
      complement: true,
    });
    const flowId = links.afterHours?.callFlowId ?? stableId(t, `callFlow/${a.name}`, 'after hours');
    flows.push(automaticFlow(t, flowId, 'After hours call flow', a.afterHours));
    associations.push({ Type: 'AfterHours', ScheduleId: s.id, CallFlowId: flowId, Enabled: true });
    schedules.push(s);
  }
  for (const [name, h] of Object.entries(a.holidays)) {
    const link = links.holidays[name];
    const s = scheduleOf(link, { id: stableId(t, `schedule/${a.name}`, name), name, dates: h.dates });
    const flowId = link?.callFlowId ?? stableId(t, `callFlow/${a.name}`, name);
    flows.push(automaticFlow(t, flowId, `${name} call flow`, h));
    associations.push({ Type: 'Holiday', ScheduleId: s.id, CallFlowId: flowId, Enabled: true });
    schedules.push(s);
  }
  const search = { byName: 'ByName', byExtension: 'ByExtension', none: 'None' }[a.menu.directorySearch];
  return {
    Identity: id,
    Id: id,
    Name: a.name,
    LanguageId: a.language,
    TimeZoneId: a.timeZone,
    DefaultCallFlow: {
      Id: stableId(t, `callFlow/${a.name}`, 'default'),
      Name: 'Default call flow',
      Greetings: tts(a.greeting),
      Menu: {
        Name: 'Default menu',
        Prompts: tts(a.menu.prompt),
        MenuOptions: Object.entries(a.menu.options).map(([key, target]) =>
          target === 'disconnect'
            ? { Action: 'DisconnectCall', DtmfResponse: dtmfOf(key), CallTarget: null }
            : { Action: 'TransferCallToTarget', DtmfResponse: dtmfOf(key), CallTarget: entityOf(t, target) },
        ),
        DialByNameEnabled: a.menu.directorySearch === 'byName',
        DirectorySearchMethod: search,
      },
    },
    CallFlows: flows,
    CallHandlingAssociations: associations,
    Schedules: schedules.map(scheduleShape),
    Operator: a.operator ? entityOf(t, a.operator) : null,
    ApplicationInstances: a.resourceAccounts.map((upn) => t.user(upn)?.id ?? upn),
  };
}

function setLinks(t: SimTenant, name: string, links: SimAttendantLinks | undefined): void {
  const all = (t.state.attendantLinks ??= {});
  if (links) all[identityKey(name)] = links;
  else delete all[identityKey(name)];
}

function weeklyFrom(p: Params): SimSchedule['weekly'] {
  return Object.fromEntries(
    DAYS.map((d) => [
      d,
      rows(p[`${d.charAt(0).toUpperCase()}${d.slice(1)}Hours`]).map((r) => `${text(r.Start)}-${text(r.End)}`),
    ]).filter(([, ranges]) => (ranges as string[]).length > 0),
  );
}

export const AUTO_ATTENDANT_CMDLETS: [string, Handler][] = [
  [
    'New-CsOnlineSchedule',
    (t, p) => {
      const s: SimSchedule =
        has(p, 'FixedSchedule') && p.FixedSchedule
          ? { id: randomUUID(), name: need(p, 'Name'), dates: rows(p.DateTimeRanges).flatMap(daysOf) }
          : { id: randomUUID(), name: need(p, 'Name'), weekly: weeklyFrom(p), complement: Boolean(p.Complement) };
      (t.state.schedules ??= []).push(s);
      return [scheduleShape(s)];
    },
  ],
  ['Get-CsOnlineSchedule', (t, p) => [scheduleShape(schedule(t, need(p, 'Id'), 'not-found'))]],
  [
    'Remove-CsOnlineSchedule',
    (t, p) => {
      const s = schedule(t, need(p, 'Id'), 'not-found');
      const user = Object.entries(t.state.attendantLinks ?? {}).find(
        ([, l]) => l.afterHours?.scheduleId === s.id || Object.values(l.holidays).some((h) => h.scheduleId === s.id),
      );
      if (user) throw new BackendError(`Schedule ${s.id} is in use by auto attendant ${user[0]}.`, 'in-use');
      t.state.schedules = (t.state.schedules ?? []).filter((x) => x !== s);
      return [];
    },
  ],
  [
    'Get-CsAutoAttendant',
    (t, p) => {
      const id = str(p, 'Identity');
      if (id) return [attendantShape(t, attendantById(t, id))];
      return namedPage(t.list('autoAttendant'), p).map((a) => attendantShape(t, a));
    },
  ],
  [
    'New-CsAutoAttendant',
    (t, p) => {
      const { attendant, links } = attendantFrom(t, p, []);
      t.create('autoAttendant', attendant);
      setLinks(t, attendant.name, links);
      return [attendantShape(t, t.find('autoAttendant', attendant.name)!)];
    },
  ],
  [
    'Set-CsAutoAttendant',
    (t, p) => {
      const instance = p.Instance as Raw;
      const current = attendantById(t, need(instance, 'Identity'));
      if (identityKey(text(instance.Name)) !== identityKey(current.name))
        throw new BackendError('Renaming an auto attendant is not simulated.', 'invalid');
      const { attendant, links } = attendantFrom(t, instance, current.resourceAccounts);
      t.update('autoAttendant', attendant);
      setLinks(t, current.name, links);
      return [];
    },
  ],
  [
    'Remove-CsAutoAttendant',
    (t, p) => {
      const a = attendantById(t, need(p, 'Identity'));
      t.remove('autoAttendant', a.name);
      setLinks(t, a.name, undefined);
      return [];
    },
  ],
];
