/**
 * Pull's Graph reads against the emulator in the `realistic` profile (delta repeats, `@removed:
 * changed`, 410 with and without Location, replication lag, $batch throttling), applied with the
 * pure reconcile: the mirror must equal calendarView after every round. The emulator's log of
 * response bodies witnesses that a Full Private Mode read carries no subject, body or location.
 */
import type { Event } from "@microsoft/microsoft-graph-types";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendarConnections } from "@/db/schema";
import { toDeltaItems } from "@/lib/sync/delta-items";
import { SYNC_KEY_PROPERTY_ID } from "@/lib/sync/extended-property";
import { mapGraphEvent, type MapOptions } from "@/lib/sync/map-graph-event";
import type { MirrorEvent } from "@/lib/sync/mirror-event";
import { FULL_PRIVATE_SELECT, OUR_PROPERTY_EXPAND } from "@/lib/sync/privacy-filter";
import { applyChangeSet, applyDeltaRound } from "@/lib/sync/reconcile";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import type { DeltaPage, DeltaStart } from "./calendar-reads";
import type { GraphCalendarClient } from "./calendar-client";
import { isSyncStateGone, SyncStateGoneError } from "./errors";
import { InProcessMailboxLimiter } from "./mailbox-limiter";
import { MicrosoftGraph } from "./microsoft-graph";

type LogEntry = { path: string; query: Record<string, string>; status: number; responseBody?: unknown };

let h: Harness;
let tenantId: string;
const domain = "calendar-reads.example";
const DAY = 86_400_000;
const options: MapOptions = { homeZone: "Europe/London", privacyMode: "default" };

beforeAll(async () => {
  h = await createMicrosoftHarness({ emulatorConfig: { logResponseBodies: true } });
  await h.control("POST", "/profile", { profile: "realistic", seed: 11 });
  tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Calendar Reads Ltd", domain })).id;
});
afterAll(() => h.close());

async function connected(privacyMode: "default" | "full_private") {
  const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId, domain, privacyMode });
  const [row] = await h.db
    .select()
    .from(calendarConnections)
    .where(eq(calendarConnections.instructorId, instructor.id));
  const graph = new MicrosoftGraph({
    graphUrl: h.emulator.url,
    identity: h.ctx.microsoft!,
    limiter: new InProcessMailboxLimiter(),
  });
  return { client: graph.forConnection({ id: row!.id, homeAccountId: row!.homeAccountId! }), userId: emulatorUserId };
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
const today = () => Math.floor(Date.now() / DAY) * DAY;
const window = () => ({ start: new Date(today() - DAY), end: new Date(today() + 40 * DAY) });
const timed = (dayOffset: number, hour: number, subject: string, extra: Record<string, unknown> = {}) => ({
  subject,
  start: { dateTime: iso(today() + dayOffset * DAY + hour * 3_600_000), timeZone: "UTC" },
  end: { dateTime: iso(today() + dayOffset * DAY + (hour + 1) * 3_600_000), timeZone: "UTC" },
  ...extra,
});
const outlook = {
  create: (userId: string, body: Record<string, unknown>) => h.control<Event>("POST", `/users/${userId}/events`, body),
  update: (userId: string, id: string, body: Record<string, unknown>) =>
    h.control<Event>("PATCH", `/users/${userId}/events/${encodeURIComponent(id)}`, body),
  remove: (userId: string, id: string) => h.control("DELETE", `/users/${userId}/events/${encodeURIComponent(id)}`),
};
/** Past the realistic profile's replication lag on the emulator clock, so delta sees every change. */
const pastReplicationLag = () => h.control("POST", "/clock", { advanceSeconds: 2 });

async function readRound(client: GraphCalendarClient, from: DeltaStart, pageSize: number) {
  const pages: DeltaPage[] = [];
  for await (const page of client.calendarViewDelta(from, { pageSize })) pages.push(page);
  return { items: pages.flatMap((p) => p.items), deltaLink: pages.at(-1)!.deltaLink!, pages };
}

async function viewAsMirror(client: GraphCalendarClient) {
  return comparable((await client.listCalendarView(window())).map((e) => mapGraphEvent(e, options)!));
}
/**
 * Sorted, without change keys: a series' occurrences take the master's change key, which moves when
 * an exception is made, and delta does not resend untouched occurrences for it (nor need it).
 */
const comparable = (events: MirrorEvent[]) => events.map((e) => ({ ...e, changeKey: null })).sort(byId);
const byId = (a: MirrorEvent, b: MirrorEvent) => a.graphId.localeCompare(b.graphId);
const repeatsIn = (items: { id?: string | null }[]) => items.length - new Set(items.map((i) => i.id)).size;

/** Objects shaped like events (they have a start) anywhere in the logged response bodies. */
function eventsIn(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(eventsIn);
  if (!value || typeof value !== "object") return [];
  const own = "start" in value ? [value as Record<string, unknown>] : [];
  return [...own, ...Object.values(value).flatMap(eventsIn)];
}

async function seedCalendar(userId: string) {
  const series = await outlook.create(userId, {
    ...timed(1, 9, "Weekly 1:1"),
    recurrence: {
      pattern: {
        type: "weekly",
        interval: 1,
        daysOfWeek: [
          new Date(today() + DAY).toLocaleDateString("en-GB", { weekday: "long", timeZone: "UTC" }).toLowerCase(),
        ],
      },
      range: { type: "numbered", startDate: iso(today() + DAY).slice(0, 10), numberOfOccurrences: 5 },
    },
  });
  const singles = [];
  for (let i = 0; i < 8; i++) singles.push(await outlook.create(userId, timed(2 + i, 10, `Meeting ${i}`)));
  await outlook.create(
    userId,
    timed(3, 14, "Dentist", {
      sensitivity: "private",
      body: { contentType: "text", content: "Root canal" },
      location: { displayName: "Harley Street" },
    }),
  );
  await outlook.create(userId, {
    subject: "Conference",
    isAllDay: true,
    start: { dateTime: `${iso(today() + 5 * DAY).slice(0, 10)}T00:00:00`, timeZone: "UTC" },
    end: { dateTime: `${iso(today() + 7 * DAY).slice(0, 10)}T00:00:00`, timeZone: "UTC" },
  });
  return { series, singles };
}

describe("calendarView/delta rounds reconcile to calendarView", () => {
  it("applies a baseline and incremental rounds with repeats, `@removed: changed`, series exceptions and cancellations", async () => {
    const { client, userId } = await connected("default");
    const { singles } = await seedCalendar(userId);
    await pastReplicationLag();

    const baseline = await readRound(client, { window: window() }, 3);
    let mirror = applyChangeSet([], applyDeltaRound([], toDeltaItems(baseline.items, options), { baseline: true }));
    expect(comparable(mirror)).toEqual(await viewAsMirror(client));
    const occurrences = mirror.filter((e) => e.type === "occurrence");
    expect(occurrences).toHaveLength(5);

    // Outlook changes: one occurrence moved (an exception), one cancelled, events moved out of the
    // window (reported `@removed`, `changed` or `deleted`), one deleted, one renamed, one added.
    await outlook.update(userId, occurrences[1]!.graphId, timed(9, 15, "Weekly 1:1 (moved)"));
    await outlook.remove(userId, occurrences[2]!.graphId);
    for (const moved of singles.slice(0, 4)) await outlook.update(userId, moved.id!, timed(60, 9, "Far away"));
    await outlook.remove(userId, singles[4]!.id!);
    await outlook.update(userId, singles[5]!.id!, { subject: "Meeting 5 (renamed)" });
    await outlook.create(userId, timed(4, 16, "New"));
    await pastReplicationLag();

    const round = await readRound(client, { deltaLink: baseline.deltaLink }, 2);
    mirror = applyChangeSet(mirror, applyDeltaRound(mirror, toDeltaItems(round.items, options), { baseline: false }));
    expect(comparable(mirror)).toEqual(await viewAsMirror(client));
    expect(mirror.find((e) => e.type === "exception")).toMatchObject({
      title: "Weekly 1:1 (moved)",
      seriesMasterId: occurrences[0]!.seriesMasterId,
    });
    expect(mirror.filter((e) => e.type === "occurrence" || e.type === "exception")).toHaveLength(4);
    expect(mirror.find((e) => e.title === null)).toMatchObject({ isPrivate: true });

    // The realistic profile's draws depend on ids and dates, so keep changing Outlook until the round
    // has shown both a repeated item and a `changed` removal; the mirror must match after each round.
    let deltaLink = round.deltaLink;
    let sawRepeat = repeatsIn(baseline.items) + repeatsIn(round.items) > 0;
    let sawChanged = round.items.some((i) => i["@removed"]?.reason === "changed");
    for (let extra = 0; (!sawRepeat || !sawChanged) && extra < 8; extra++) {
      const a = await outlook.create(userId, timed(10 + extra, 9, `Extra ${extra}`));
      await outlook.create(userId, timed(10 + extra, 11, `Extra ${extra}b`));
      await outlook.update(userId, a.id!, timed(70, 9, "Far away"));
      await pastReplicationLag();
      const next = await readRound(client, { deltaLink }, 1);
      mirror = applyChangeSet(mirror, applyDeltaRound(mirror, toDeltaItems(next.items, options), { baseline: false }));
      expect(comparable(mirror)).toEqual(await viewAsMirror(client));
      sawRepeat ||= repeatsIn(next.items) > 0;
      sawChanged ||= next.items.some((i) => i["@removed"]?.reason === "changed");
      deltaLink = next.deltaLink;
    }
    expect({ sawRepeat, sawChanged }).toEqual({ sawRepeat: true, sawChanged: true });
    expect(round.pages.slice(0, -1).every((p) => p.deltaLink === null)).toBe(true);
    const log = await h.control<{ value: LogEntry[] }>("GET", `/requests?userId=${userId}&path=/calendarView/delta`);
    expect(log.value.every((e) => e.status === 200)).toBe(true);
  });

  it.each([true, false])(
    "turns an expired token into SyncStateGoneError (Location sent: %s) and restarts with a baseline",
    async (location) => {
      const { client, userId } = await connected("default");
      await seedCalendar(userId);
      await pastReplicationLag();
      const first = await readRound(client, { window: window() }, 50);
      const mirror = applyChangeSet([], applyDeltaRound([], toDeltaItems(first.items, options), { baseline: true }));
      await h.control("POST", "/delta/expire", { userId, location });
      await outlook.create(userId, timed(6, 8, "After expiry"));
      await pastReplicationLag();

      const gone = await readRound(client, { deltaLink: first.deltaLink }, 50).catch((e: unknown) => e);
      expect(isSyncStateGone(gone)).toBe(true);
      expect(gone).toBeInstanceOf(SyncStateGoneError);
      const restartLink = (gone as SyncStateGoneError).restartLink;
      if (location) expect(restartLink).toMatch(/\/calendarView\/delta\?.*\$deltatoken=$/i);
      else expect(restartLink).toBeNull();

      const restart = await readRound(client, restartLink ? { deltaLink: restartLink } : { window: window() }, 50);
      const resynced = applyChangeSet(
        mirror,
        applyDeltaRound(mirror, toDeltaItems(restart.items, options), { baseline: true }),
      );
      expect(comparable(resynced)).toEqual(await viewAsMirror(client));
      expect(resynced.some((e) => e.title === "After expiry")).toBe(true);
    },
  );
});

describe("Full Private Mode reads", () => {
  it("asks only for times and flags, recognises our entries, and no subject, body or location crosses the wire", async () => {
    const { client, userId } = await connected("full_private");
    await seedCalendar(userId);
    const ours = await outlook.create(userId, {
      ...timed(8, 11, "Booked: Course A"),
      singleValueExtendedProperties: [{ id: SYNC_KEY_PROPERTY_ID, value: "assignment-1:session-1" }],
    });
    await h.control("DELETE", "/requests");

    const fullPrivate: MapOptions = { homeZone: "Europe/London", privacyMode: "full_private" };
    const view = await client.calendarViewSelect(window(), FULL_PRIVATE_SELECT, {
      expand: OUR_PROPERTY_EXPAND,
      pageSize: 5,
    });
    const mirror = view.map((e) => mapGraphEvent(e, fullPrivate)!);
    expect(mirror.length).toBe(16); // 5 occurrences, 8 meetings, dentist, conference, ours
    // The control API answers with the default id; our reads ask for immutable ids, so match by time.
    const oursInMirror = mirror.filter((e) => e.isOurs);
    expect(oursInMirror.map((e) => e.startsAt.toISOString().slice(0, 19))).toEqual([
      ours.start!.dateTime!.slice(0, 19),
    ]);
    expect(mirror.every((e) => e.title === null)).toBe(true);

    // A notification's re-read of changed ids: one $batch of GETs with the same $select (a few
    // sub-requests throttled by Outlook's 4-at-once and sent again), a deleted id as null.
    const ids = mirror.map((e) => e.graphId);
    await outlook.remove(userId, ids[0]!);
    const reread = await client.eventsByIds(ids, FULL_PRIVATE_SELECT, { expand: OUR_PROPERTY_EXPAND });
    expect(reread.get(ids[0]!)).toBeNull();
    expect([...reread.values()].filter(Boolean)).toHaveLength(ids.length - 1);
    expect(mapGraphEvent(reread.get(oursInMirror[0]!.graphId)!, fullPrivate)).toMatchObject({
      isOurs: true,
      title: null,
    });

    const log = (await h.control<{ value: LogEntry[] }>("GET", `/requests?userId=${userId}&path=/v1.0/`)).value;
    const reads = log.filter((e) => e.path !== "/v1.0/$batch");
    expect(reads.length).toBeGreaterThanOrEqual(4 + ids.length);
    for (const entry of reads)
      expect(
        entry.query.$select ??
          new URL(`https://x${entry.path}?${new URLSearchParams(entry.query)}`).searchParams.get("$select"),
      ).toBe(FULL_PRIVATE_SELECT.join(","));
    const wire = JSON.stringify(log.map((e) => e.responseBody));
    expect(wire.length).toBeGreaterThan(1000);
    for (const secret of [
      "Dentist",
      "Root canal",
      "Harley Street",
      "Meeting",
      "Weekly 1:1",
      "Conference",
      "Booked: Course A",
    ])
      expect(wire).not.toContain(secret);
    // Every event that came back (pages and $batch sub-responses alike) holds the selected fields only.
    const events = eventsIn(log.map((e) => e.responseBody));
    expect(events.length).toBeGreaterThan(ids.length);
    const allowed = new Set([
      "@odata.context",
      "@odata.etag",
      "id",
      ...FULL_PRIVATE_SELECT,
      "singleValueExtendedProperties",
    ]);
    expect([...new Set(events.flatMap((e) => Object.keys(e)))].filter((key) => !allowed.has(key))).toEqual([]);
  });
});
