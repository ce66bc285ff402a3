/**
 * A tiny cron reader for the in-process runtime, so each job declares its cadence once (the Inngest
 * cron) and the timer is derived from it. Five fields (minute hour day-of-month month day-of-week)
 * with `*`, numbers, lists, ranges and steps, evaluated in UTC; an optional `TZ=UTC` prefix is
 * accepted. Anything else is refused when the runtime starts rather than misread.
 */
export type Cron = {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  anyDay: boolean;
  anyWeekday: boolean;
};

const fields = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day of week", min: 0, max: 7 },
] as const;

export function parseCron(expression: string): Cron {
  const text = expression.trim().replace(/^TZ=(UTC|Etc\/UTC)\s+/, "");
  if (/^TZ=/.test(text)) throw new Error(`Cron "${expression}": only UTC is supported in-process`);
  const parts = text.split(/\s+/);
  if (parts.length !== 5) throw new Error(`Cron "${expression}": expected 5 fields`);
  const [minutes, hours, days, months, weekdays] = parts.map((part, i) => parseField(part, fields[i]!, expression));
  // Sunday may be written 0 or 7.
  if (weekdays!.delete(7)) weekdays!.add(0);
  return {
    minutes: minutes!,
    hours: hours!,
    days: days!,
    months: months!,
    weekdays: weekdays!,
    anyDay: parts[2] === "*",
    anyWeekday: parts[4] === "*",
  };
}

function parseField(part: string, field: (typeof fields)[number], expression: string): Set<number> {
  const values = new Set<number>();
  for (const item of part.split(",")) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (!match) throw new Error(`Cron "${expression}": cannot read ${field.name} "${item}"`);
    const from = match[1] === "*" ? field.min : Number(match[2]);
    const to = match[1] === "*" ? field.max : match[3] !== undefined ? Number(match[3]) : match[4] ? field.max : from;
    const step = match[4] ? Number(match[4]) : 1;
    if (from < field.min || to > field.max || from > to || step < 1)
      throw new Error(`Cron "${expression}": ${field.name} "${item}" is out of range`);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

/** The first whole minute strictly after `after` that the cron matches (UTC). */
export function nextCronTime(cron: Cron, after: Date): Date {
  const t = new Date(after.getTime());
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  // Five years of minutes is far beyond any real expression; an impossible one (31 February) ends here.
  for (let i = 0; i < 5 * 366 * 24 * 60; i++) {
    if (!cron.months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0);
      continue;
    }
    if (!dayMatches(cron, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0);
      continue;
    }
    if (!cron.hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0);
      continue;
    }
    if (cron.minutes.has(t.getUTCMinutes())) return t;
    t.setUTCMinutes(t.getUTCMinutes() + 1);
  }
  throw new Error("Cron expression never fires");
}

// Standard cron: when both day fields are restricted, either may match.
function dayMatches(cron: Cron, t: Date): boolean {
  const day = cron.days.has(t.getUTCDate());
  const weekday = cron.weekdays.has(t.getUTCDay());
  if (cron.anyDay && cron.anyWeekday) return true;
  if (cron.anyDay) return weekday;
  if (cron.anyWeekday) return day;
  return day || weekday;
}
