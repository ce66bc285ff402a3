/**
 * The pull window against the emulator in its `realistic` profile: an all-day event of a London
 * instructor kept as dates (and blocking by dates in London), an event moved out of the window
 * leaving the mirror, and the window sliding across a month boundary with an injected clock: events
 * enter at the far end, past ones drop out beyond the look-back, and a new baseline comes at least
 * daily (a delta token's window is fixed, graph-behaviour.md §3).
 */
import type { Event } from "@microsoft/microsoft-graph-types";
import { eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { busyIntervals } from "@/db/queries/busy-intervals";
import { mirrorOf } from "@/db/queries/mirror";
import { calendarConnections, pullStates, syncRuns } from "@/db/schema";
import { toBusyResource } from "@/lib/api/sync-resources";
import type { ServiceContext } from "@/lib/context/service-context";
import type { JobEvent } from "@/lib/jobs/jobs";
import { externalConflicts } from "@/lib/sync/conflict-rules";
import { defaultConflictSettings } from "@/lib/sync/conflict-settings";
import { mapGraphEvent } from "@/lib/sync/map-graph-event";
import { pullWindow } from "@/lib/sync/pull-window";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { pullConnection } from "./pull-connection";
import { queuePullRun } from "./queue-pull-run";
import { scheduleHourlyPulls } from "./schedule-hourly-pulls";

let h: Harness;
let tenantId: string;
const domain = "pull-window.example";
const LONDON = "Europe/London";

beforeAll(async () => {
  h = await createMicrosoftHarness();
  await h.control("POST", "/profile", { profile: "realistic", seed: 2222 });
  tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Window Ltd", domain })).id;
});
afterAll(() => h.close());

async function connected() {
  const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId, domain, privacyMode: "default" });
  const [connection] = await h.db
    .select()
    .from(calendarConnections)
    .where(eq(calendarConnections.instructorId, instructor.id));
  return { instructor, connection: connection!, userId: emulatorUserId };
}

/** A context whose clock the test moves (the emulator keeps its own; only the product's `now` slides). */
function clocked(start: Date) {
  let now = start.getTime();
  const ctx: ServiceContext = { ...h.ctx, now: () => new Date(now) };
  return { ctx, set: (at: Date) => void (now = at.getTime()), now: () => new Date(now) };
}

async function pull(ctx: ServiceContext, connectionId: string) {
  const { runId } = await queuePullRun({ ctx, input: { connectionId, trigger: "hourly" } });
  const result = await pullConnection({ ctx, input: { connectionId, runId } });
  const [run] = await h.db.select().from(syncRuns).where(eq(syncRuns.id, runId));
  return { result, run: run! };
}

const create = (userId: string, body: Record<string, unknown>) =>
  h.control<Event>("POST", `/users/${userId}/events`, body);
const pastReplicationLag = () => h.control("POST", "/clock", { advanceSeconds: 2 });
/** An hour-long event at a London wall-clock time. */
const londonMeeting = (subject: string, at: DateTime) => ({
  subject,
  start: { dateTime: at.toFormat("yyyy-MM-dd'T'HH:mm:ss"), timeZone: "GMT Standard Time" },
  end: { dateTime: at.plus({ hours: 1 }).toFormat("yyyy-MM-dd'T'HH:mm:ss"), timeZone: "GMT Standard Time" },
});
const titles = async (connectionId: string) =>
  (await mirrorOf(h.db, connectionId))
    .map((e) => e.title)
    .filter((t): t is string => t !== null)
    .sort();

/** What the hourly fan-out asks for this connection at `now`. */
async function hourlyTrigger(ctx: ServiceContext, connectionId: string) {
  const sent: JobEvent[] = [];
  await scheduleHourlyPulls({ ctx: { ...ctx, jobs: { send: async (events) => void sent.push(...[events].flat()) } } });
  const mine = sent.find((e) => e.name === "sync/pull.requested" && e.data.connectionId === connectionId);
  return mine && "trigger" in mine.data ? mine.data.trigger : null;
}

describe("the pull window", () => {
  it("keeps a London all-day event as dates, blocking the whole London day", async () => {
    const { connection, userId, instructor } = await connected();
    // A day in British Summer Time, so London midnight is 23:00 UTC the day before.
    let day = DateTime.now().setZone(LONDON).startOf("day").plus({ days: 20 });
    while (day.offset !== 60) day = day.plus({ days: 7 });
    const date = day.toISODate()!;
    const next = day.plus({ days: 1 }).toISODate()!;
    await create(userId, {
      subject: "Bank holiday",
      isAllDay: true,
      showAs: "oof",
      start: { dateTime: `${date}T00:00:00`, timeZone: "GMT Standard Time" },
      end: { dateTime: `${next}T00:00:00`, timeZone: "GMT Standard Time" },
    });
    await pastReplicationLag();

    expect((await pull(h.ctx, connection.id)).run.status).toBe("succeeded");
    const [stored] = (await mirrorOf(h.db, connection.id)).filter((e) => e.title === "Bank holiday");
    expect(stored).toMatchObject({
      allDayStartDate: date,
      allDayEndDate: next,
      startsAt: day.toJSDate(),
      endsAt: day.plus({ days: 1 }).toJSDate(),
      showAs: "oof",
    });
    expect(stored!.startsAt.toISOString()).toBe(`${day.minus({ days: 1 }).toISODate()}T23:00:00.000Z`);

    // /busy answers with the dates; a conflict check blocks the London day, not the UTC one.
    const rows = await busyIntervals(h.db, {
      instructorIds: [instructor.id],
      from: day.minus({ days: 1 }).toJSDate(),
      to: day.plus({ days: 2 }).toJSDate(),
    });
    expect(rows.map(toBusyResource)).toEqual([
      expect.objectContaining({ start: date, end: next, allDay: true, showAs: "oof", title: "Bank holiday" }),
    ]);
    const session = (id: string, start: DateTime) => ({
      id,
      start: start.toJSDate(),
      end: start.plus({ minutes: 30 }).toJSDate(),
    });
    const conflicts = externalConflicts(
      [
        session("00:15 London on the day", day.plus({ minutes: 15 })),
        session("23:15 London the evening before", day.minus({ minutes: 45 })),
        session("23:30 London on the day", day.plus({ hours: 23, minutes: 30 })),
      ],
      rows,
      LONDON,
      defaultConflictSettings,
    );
    expect(conflicts.map((c) => [c.sessionId, c.allDay, c.allDayStartDate])).toEqual([
      ["00:15 London on the day", true, date],
      ["23:30 London on the day", true, date],
    ]);
  });

  it("drops an event moved outside the window from the mirror", async () => {
    const { connection, userId } = await connected();
    const soon = DateTime.now().setZone(LONDON).startOf("day").plus({ days: 3, hours: 10 });
    const moving = await create(userId, londonMeeting("Quarterly review", soon));
    await create(userId, londonMeeting("Stays put", soon.plus({ hours: 2 })));
    await pastReplicationLag();
    await pull(h.ctx, connection.id);
    expect(await titles(connection.id)).toEqual(["Quarterly review", "Stays put"]);

    // 13 months ahead: past the window's end (12 months from the start of today).
    const far = soon.plus({ months: 13 });
    await h.control("PATCH", `/users/${userId}/events/${encodeURIComponent(moving.id!)}`, {
      start: londonMeeting("", far).start,
      end: londonMeeting("", far).end,
    });
    await pastReplicationLag();
    const moved = await pull(h.ctx, connection.id);
    expect(moved.run).toMatchObject({ status: "succeeded", counts: expect.objectContaining({ removed: 1 }) });
    expect(await titles(connection.id)).toEqual(["Stays put"]);
    // And equals what calendarView shows for the window.
    const client = h.ctx.graph!.forConnection({ id: connection.id, homeAccountId: connection.homeAccountId! });
    const view = await client.listCalendarView(pullWindow({ now: h.ctx.now(), timeZone: LONDON }));
    expect(view.map((e) => mapGraphEvent(e, { homeZone: LONDON, privacyMode: "default" })!.title)).toEqual([
      "Stays put",
    ]);
  });

  it("slides across a month boundary: a baseline at least daily, far events enter, past ones leave", async () => {
    const { connection, userId } = await connected();
    // Noon in London on the last day of next month, then 11 days on (the window's end crosses a month too).
    const start = DateTime.now().setZone(LONDON).plus({ months: 1 }).endOf("month").startOf("day").plus({ hours: 12 });
    const clock = clocked(start.toJSDate());
    const first = pullWindow({ now: clock.now(), timeZone: LONDON });
    expect(first.start).toEqual(start.startOf("day").minus({ days: 7 }).toJSDate());
    expect(first.end).toEqual(start.startOf("day").plus({ months: 12 }).toJSDate());

    const lookBack = start.startOf("day").minus({ days: 6 }).plus({ hours: 9 }); // inside the look-back now
    const farAhead = start.startOf("day").plus({ months: 12, days: 9, hours: 9 }); // beyond the end now
    await create(userId, londonMeeting("Last week's workshop", lookBack));
    await create(userId, londonMeeting("Next year's conference", farAhead));
    await create(userId, londonMeeting("Next week's course", start.plus({ days: 7 })));
    await pastReplicationLag();

    const initial = await pull(clock.ctx, connection.id);
    expect(initial.run).toMatchObject({ status: "succeeded", counts: expect.objectContaining({ baseline: 1 }) });
    expect(await titles(connection.id)).toEqual(["Last week's workshop", "Next week's course"]);

    // 23 hours on, past midnight into the new month: the token (a day old at most) is still used.
    clock.set(start.plus({ hours: 23 }).toJSDate());
    expect(clock.now().getUTCDate()).toBe(1);
    expect(await hourlyTrigger(clock.ctx, connection.id)).toBe("hourly");
    // 24 hours on: the baseline is a day old, so the cadence asks for a new one.
    clock.set(start.plus({ hours: 24 }).toJSDate());
    expect(await hourlyTrigger(clock.ctx, connection.id)).toBe("baseline");
    const daily = await pull(clock.ctx, connection.id);
    expect(daily.run.counts).toMatchObject({ baseline: 1 });
    const [state] = await h.db.select().from(pullStates).where(eq(pullStates.connectionId, connection.id));
    expect(state).toMatchObject({
      windowStart: start.plus({ days: 1 }).startOf("day").minus({ days: 7 }).toJSDate(),
      windowEnd: start.plus({ days: 1 }).startOf("day").plus({ months: 12 }).toJSDate(),
      baselineAt: clock.now(),
    });

    // 11 days on: the workshop is more than 7 days back, the conference within 12 months.
    clock.set(start.plus({ days: 11 }).toJSDate());
    expect(await hourlyTrigger(clock.ctx, connection.id)).toBe("baseline");
    const slid = await pull(clock.ctx, connection.id);
    expect(slid.run).toMatchObject({ status: "succeeded", counts: expect.objectContaining({ baseline: 1 }) });
    expect(await titles(connection.id)).toEqual(["Next week's course", "Next year's conference"]);
  });
});
