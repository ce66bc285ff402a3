/**
 * Push's Graph writes against the emulator in the realistic profile (immutable ids distinct from
 * default ids, sub-request throttling inside $batch): an entry built by lib/sync lands with every
 * field, is found again by its extended property, is not duplicated by a repeated create, and a
 * bulk create of 20 converges through sub-request 429s with each entry created once.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendarConnections } from "@/db/schema";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { SYNC_KEY_PROPERTY_ID, syncKeyOf } from "@/lib/sync/extended-property";
import { buildPushContent, transactionIdFor, type PushContentInput } from "@/lib/sync/push-content";
import { batchWithRetry } from "./batch-retry";
import { batchAnswerError } from "./calendar-client";
import { isGraphNotFound } from "./errors";
import { createEventStep } from "./event-write-steps";
import { InProcessMailboxLimiter } from "./mailbox-limiter";
import { MicrosoftGraph } from "./microsoft-graph";

type Dumped = {
  id: string;
  subject: string;
  transactionId?: string;
  body: { content: string };
  start: { dateTime: string; timeZone: string };
  location: { displayName: string; locationUri?: string; address?: { street?: string } };
  showAs: string;
  categories: string[];
  isReminderOn: boolean;
  reminderMinutesBeforeStart: number;
  attendees: unknown[];
  isOnlineMeeting: boolean;
  originalStartTimeZone: string;
  singleValueExtendedProperties: { id: string; value: string }[];
};
type LogEntry = { method: string; path: string; status: number };

let h: Harness;
let tenantId: string;
const domain = "push-writes.example";

beforeAll(async () => {
  h = await createMicrosoftHarness({ profile: { profile: "realistic", seed: 12 } });
  tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Push Writes Ltd", domain })).id;
});
afterAll(() => h.close());

async function connectedMailbox() {
  const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId, domain });
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

const mailbox = async (userId: string) =>
  (await h.control<{ value: Dumped[] }>("GET", `/users/${userId}/events`)).value;
const graphLog = async (userId: string) =>
  (await h.control<{ value: LogEntry[] }>("GET", `/requests?${new URLSearchParams({ userId, path: "/v1.0/" })}`)).value;

/** One entry of a three-session New York course for a London instructor. */
function entry(sessionCount = 3, sessionIndex = 1, title = "Advanced Rigging") {
  const sessions = Array.from({ length: sessionCount }, (_, i) => ({
    id: randomUUID(),
    name: null,
    startsAt: new Date(Date.UTC(2026, 11, 1 + i, 14)),
    endsAt: new Date(Date.UTC(2026, 11, 1 + i, 22)),
  }));
  const input: PushContentInput = {
    appUrl: "https://training.example.com",
    assignmentId: randomUUID(),
    sessionId: sessions[sessionIndex]!.id,
    instructor: { id: randomUUID(), name: "Ada", timeZone: "Europe/London" },
    event: {
      id: randomUUID(),
      title,
      courseCode: "RIG-301",
      description: "Bring <gloves>",
      timeZone: "America/New_York",
      location: { name: "Boston Office", address: "1 Main St" },
      venue: { name: "Room 4" },
      virtualMeeting: { provider: "zoom", joinUrl: "https://zoom.us/j/1" },
      sessions,
      resources: [{ name: "Harness", quantity: 12 }],
      personnel: [],
    },
  };
  return {
    input,
    key: syncKeyOf(input.assignmentId, input.sessionId),
    content: buildPushContent(input),
    transactionId: transactionIdFor(input.assignmentId, input.sessionId, 1),
  };
}

describe("Push's Graph writes (realistic profile)", () => {
  it("creates an entry with every field where it belongs, and finds it again by its extended property", async () => {
    const { client, userId } = await connectedMailbox();
    const { content, key, transactionId } = entry();

    const created = await client.createEvent({ ...content, transactionId });
    const found = await client.findEventsByExtendedProperty(SYNC_KEY_PROPERTY_ID, key);

    expect(found.map((e) => e.id)).toEqual([created.id]);
    expect(found[0]!.singleValueExtendedProperties).toEqual([{ id: SYNC_KEY_PROPERTY_ID, value: key }]);
    expect(
      await client.findEventsByExtendedProperty(SYNC_KEY_PROPERTY_ID, syncKeyOf(randomUUID(), randomUUID())),
    ).toEqual([]);
    const [stored] = await mailbox(userId);
    expect(stored).toMatchObject({
      subject: "Advanced Rigging (session 2 of 3)",
      transactionId,
      start: { dateTime: "2026-12-02T14:00:00.0000000", timeZone: "UTC" },
      // Sent under the zone's Windows name: Graph documents a limited set of zone names (issue 20).
      originalStartTimeZone: "Eastern Standard Time",
      location: {
        displayName: "Room 4, Boston Office",
        locationUri: "https://zoom.us/j/1",
        address: { street: "1 Main St" },
      },
      showAs: "busy",
      categories: ["Training (Calendar Sync)"],
      isReminderOn: true,
      reminderMinutesBeforeStart: 15,
      attendees: [],
      isOnlineMeeting: false,
      singleValueExtendedProperties: [{ id: SYNC_KEY_PROPERTY_ID, value: key }],
    });
    expect(stored!.body.content).toContain("Bring &lt;gloves&gt;");
    expect(stored!.body.content).toContain("<strong>Your time:</strong> Wed 2 Dec 2026, 14:00–22:00 GMT");
  });

  it("a repeated create with the same transactionId returns the first entry instead of duplicating it", async () => {
    const { client, userId } = await connectedMailbox();
    const { content, key, transactionId } = entry();

    const first = await client.createEvent({ ...content, transactionId });
    const again = await client.createEvent({ ...content, transactionId });

    expect(again.id).toBe(first.id);
    expect(await mailbox(userId)).toHaveLength(1);
    expect(await client.findEventsByExtendedProperty(SYNC_KEY_PROPERTY_ID, key.toUpperCase())).toHaveLength(1); // values compare case-insensitively
  });

  it("updates the content, then deletes; the deleted entry is out of reach through the calendar and the tag finds nothing", async () => {
    const { client, userId } = await connectedMailbox();
    const { content, key, transactionId, input } = entry();
    const created = await client.createEvent({ ...content, transactionId });

    const renamed = buildPushContent({ ...input, event: { ...input.event, title: "Rigging Masterclass" } });
    const updated = await client.updateEvent(created.id!, renamed);
    expect(updated.subject).toBe("Rigging Masterclass (session 2 of 3)");
    expect((await mailbox(userId))[0]!.body.content).toContain("Rigging Masterclass");

    await client.deleteEvent(created.id!);
    // Outlook keeps it in Deleted Items under the same id: an update through the calendar no longer finds it.
    expect(isGraphNotFound(await client.updateEvent(created.id!, renamed).catch((e: unknown) => e))).toBe(true);
    // A second delete purges it from Deleted Items (or finds it gone); the next one finds nothing.
    await client.deleteEvent(created.id!).catch((e: unknown) => expect(isGraphNotFound(e)).toBe(true));
    expect(isGraphNotFound(await client.deleteEvent(created.id!).catch((e: unknown) => e))).toBe(true);
    expect(await client.findEventsByExtendedProperty(SYNC_KEY_PROPERTY_ID, key)).toEqual([]);
  });

  it("a $batch of 20 creates converges through sub-request 429s and 503s, each entry created once", async () => {
    const { client, userId } = await connectedMailbox();
    await client.listCalendarView({ start: new Date(), end: new Date(Date.now() + 86_400_000) }); // token cached: the log below is the batch's
    // On top of the realistic profile's own MailboxConcurrency 429s: a few more 429s and a 503.
    await h.control("POST", "/faults", {
      userId,
      method: "POST",
      pathPattern: "/v1.0/me/events",
      status: 429,
      retryAfterSeconds: 1,
      count: 3,
    });
    await h.control("POST", "/faults", {
      userId,
      method: "POST",
      pathPattern: "/v1.0/me/events",
      status: 503,
      retryAfterSeconds: 1,
      count: 1,
    });
    const entries = Array.from({ length: 20 }, (_, i) => entry(20, i, "Bulk"));
    const steps = entries.map((e, i) => createEventStep(String(i), { ...e.content, transactionId: e.transactionId }));

    const run = await batchWithRetry(client, steps);

    expect(run.answers.map((a) => [a.id, a.status])).toEqual(steps.map((s) => [s.id, 201]));
    expect(run.answers.every((a) => batchAnswerError(a) === null)).toBe(true);
    expect(run.batches).toBeGreaterThan(1);
    const stored = await mailbox(userId);
    expect(stored).toHaveLength(20);
    expect(new Set(stored.map((e) => e.singleValueExtendedProperties[0]!.value))).toEqual(
      new Set(entries.map((e) => e.key)),
    );
    const posts = (await graphLog(userId)).filter((l) => l.method === "POST" && l.path === "/v1.0/me/events");
    expect(posts.filter((l) => l.status === 201)).toHaveLength(20);
    expect(posts.filter((l) => l.status === 429).length).toBeGreaterThanOrEqual(3);
    expect(posts.filter((l) => l.status === 503)).toHaveLength(1);
    expect(posts.length).toBe(20 + posts.filter((l) => l.status !== 201).length); // only the refused ones were sent again
  });

  it("hands back what is still throttled once the budget is spent, without waiting past it", async () => {
    const { client, userId } = await connectedMailbox();
    await h.control("POST", "/faults", {
      userId,
      method: "POST",
      pathPattern: "/v1.0/me/events",
      status: 429,
      retryAfterSeconds: 30,
      count: 1,
    });
    const e = entry(1, 0);
    const started = Date.now();

    const run = await batchWithRetry(
      client,
      [createEventStep("only", { ...e.content, transactionId: e.transactionId })],
      { maxBatches: 5, maxTotalWaitMs: 5_000 },
    );

    expect(run).toMatchObject({ batches: 1, waitedMs: 0, answers: [{ id: "only", status: 429 }] });
    expect(batchAnswerError(run.answers[0]!)).toMatchObject({ retryAfterMs: 30_000 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await mailbox(userId)).toEqual([]);
  });
});
