import { ianaZoneOf } from '../kinds/voice-app-lists.js';
import type { LocalTime } from './walk-main-number.js';

const LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

const weekdayOf = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;

/**
 * The clock of `simulate --call --at`: a time without an offset is the attendant's own wall clock
 * (10:00 means 10:00 where it answers), one with an offset is that instant, seen in the
 * attendant's time zone; none at all is `now`. Undefined when `at` is neither form.
 */
export function localClock(at: string | undefined, now: Date): ((windowsZone: string) => LocalTime) | undefined {
  const local = at === undefined ? null : LOCAL.exec(at);
  if (local) {
    const [, date, h, m] = local;
    if (Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || Number(h) > 23 || Number(m) > 59) return undefined;
    return () => ({ date: date!, weekday: weekdayOf(date!), minutes: Number(h) * 60 + Number(m) });
  }
  if (at !== undefined && (!INSTANT.test(at) || Number.isNaN(Date.parse(at)))) return undefined;
  const instant = at === undefined ? now : new Date(at);
  return (windowsZone) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-CA', {
        timeZone: ianaZoneOf(windowsZone) ?? 'UTC',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })
        .formatToParts(instant)
        .map((p) => [p.type, p.value]),
    );
    const date = `${parts.year}-${parts.month}-${parts.day}`;
    return { date, weekday: weekdayOf(date), minutes: Number(parts.hour) * 60 + Number(parts.minute) };
  };
}
