/**
 * Outlook calendars for the bench, written through the emulator's control API "as if the user made
 * it in Outlook": the seeded demo calendar of the emulator (a weekly 1:1, a biweekly mentoring, a
 * monthly retro, all-day holidays, invitations, a private appointment, …) plus a weekday stand-up,
 * about 300 items over the pull window; or a given number of single events spread over the year.
 */
import { seedEventBodies } from "@/e2e/emulator/graph/seed";
import { BENCH_SEED, inParallel, setUp, type World } from "./fixture";

export async function seedRealisticCalendars(world: World, userIds: readonly string[], now: Date) {
  const jobs = userIds.flatMap((id) =>
    [
      ...seedEventBodies(
        { id, email: `${id}@${world.domain}`, timeZone: "Europe/London" },
        now.getTime(),
        `bench-${BENCH_SEED}`,
      ),
      standUp(now),
    ].map((body) => ({ id, body })),
  );
  await inParallel(jobs, 8, ({ id, body }) => setUp(world, "POST", `/users/${id}/events`, body).then(() => {}));
  return jobs.length;
}

/**
 * A lighter calendar for the 10,000-instructor cycle (its baseline must fit a bench run): a weekly
 * one-to-one (about 52 occurrences in the window) and two single meetings, 3 control-API writes and
 * ~54 items each. An hourly delta round reads changes only, so its cost does not grow with the calendar.
 */
export async function seedLightCalendars(world: World, userIds: readonly string[], now: Date) {
  const day = now.toISOString().slice(0, 10);
  const hour = 3_600_000;
  const base = Math.ceil(now.getTime() / hour) * hour;
  const jobs = userIds.flatMap((id, i) =>
    [
      {
        subject: "1:1 with manager",
        start: { dateTime: `${day}T14:00:00`, timeZone: "Europe/London" },
        end: { dateTime: `${day}T14:30:00`, timeZone: "Europe/London" },
        showAs: "busy",
        recurrence: {
          pattern: { type: "weekly", interval: 1, daysOfWeek: [["monday", "tuesday", "thursday"][i % 3]] },
          range: { type: "noEnd", startDate: day },
        },
      },
      outlookEvent("Customer call", new Date(base + (2 + (i % 20)) * 24 * hour + 10 * hour)),
      outlookEvent("Workshop prep", new Date(base + (30 + (i % 60)) * 24 * hour + 13 * hour), 120),
    ].map((body) => ({ id, body })),
  );
  await inParallel(jobs, 8, ({ id, body }) => setUp(world, "POST", `/users/${id}/events`, body).then(() => {}));
  return jobs.length;
}

/** `count` one-hour single events between tomorrow and about 11 months ahead, a few a day. */
export async function seedSingleEvents(world: World, userId: string, count: number, now: Date) {
  const day = 86_400_000;
  const start0 = Math.ceil(now.getTime() / day) * day + day;
  const span = 330 * day;
  await inParallel(
    Array.from({ length: count }, (_, i) => i),
    8,
    async (i) => {
      const start = new Date(start0 + Math.floor((i * span) / count / 900_000) * 900_000 + 8 * 3_600_000);
      await setUp(world, "POST", `/users/${userId}/events`, outlookEvent(`Bench item ${i}`, start));
    },
  );
}

export function outlookEvent(subject: string, start: Date, minutes = 60) {
  const at = (d: Date) => ({ dateTime: d.toISOString().slice(0, 19), timeZone: "UTC" });
  return { subject, start: at(start), end: at(new Date(start.getTime() + minutes * 60_000)), showAs: "busy" };
}

/** A busy instructor's weekday stand-up: about 260 occurrences in the 12-month window. */
function standUp(now: Date) {
  const day = now.toISOString().slice(0, 10);
  return {
    subject: "Team stand-up",
    start: { dateTime: `${day}T09:00:00`, timeZone: "Europe/London" },
    end: { dateTime: `${day}T09:15:00`, timeZone: "Europe/London" },
    showAs: "busy",
    recurrence: {
      pattern: { type: "weekly", interval: 1, daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"] },
      range: { type: "noEnd", startDate: day },
    },
  };
}
