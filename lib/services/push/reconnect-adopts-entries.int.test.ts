/**
 * Reconnecting after a removal that could not delete our entries (the token was dead): the new
 * connection's first push finds the tagged entries still in the mailbox with one search and adopts
 * them, even when their `transactionId`s are long forgotten by Graph (here: another one each).
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { calendarConnections, pushEntries } from "@/db/schema";
import { loadPushDesiredState } from "@/db/queries/push-desired-state";
import { makeEvent } from "@/db/testing/factories";
import { SYNC_KEY_PROPERTY_ID } from "@/lib/sync/extended-property";
import { buildPushContent } from "@/lib/sync/push-content";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { assignInstructor } from "../training/assign-instructor";
import { pushConnectionCalendar } from "./push-connection-calendar";

let h: Harness;
let tenantId: string;
const domain = "push-adopt.example";

beforeAll(async () => {
  h = await createMicrosoftHarness({ profile: { profile: "realistic", seed: 33 } });
  tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Adopt Ltd", domain })).id;
});
afterAll(() => h.close());

type Stored = { id: string; singleValueExtendedProperties?: { id: string; value: string }[] };
type LogEntry = { method: string; path: string; status: number };

it("the first push after a reconnect adopts our entries left in Outlook: one search, nothing duplicated", async () => {
  const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId, domain, privacyMode: "default" });
  const event = await makeEvent(h.ctx, {
    lifecycle: "active",
    sessions: [
      { start: "2027-02-01T09:00", end: "2027-02-01T17:00" },
      { start: "2027-02-02T09:00", end: "2027-02-02T17:00" },
    ],
  });
  await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: instructor.id, input: {} });
  const [connection] = await h.db
    .select()
    .from(calendarConnections)
    .where(eq(calendarConnections.instructorId, instructor.id));

  // What an earlier connection left: our tagged entries in Outlook, and no record of them any more
  // (the removal purged the records; the dead token could not delete the entries). Their
  // transactionIds are not the ones the new records derive.
  const { candidates } = await loadPushDesiredState(
    h.db,
    { eventIds: [event.event.id] },
    { appUrl: h.ctx.config.appUrl },
  );
  const client = h.ctx.graph!.forConnection({ id: connection!.id, homeAccountId: connection!.homeAccountId! });
  for (const candidate of candidates)
    await client.createEvent({ ...buildPushContent(candidate.content), transactionId: randomUUID() });
  await h.db.delete(pushEntries).where(eq(pushEntries.connectionId, connection!.id));
  await h.control("DELETE", "/requests");

  let result: Awaited<ReturnType<typeof pushConnectionCalendar>> = null;
  for (let attempt = 1; attempt <= 8; attempt++) {
    try {
      result = await pushConnectionCalendar({
        ctx: h.ctx,
        input: { connectionId: connection!.id, trigger: "connect" },
      });
      break;
    } catch (error) {
      if (attempt === 8) throw error; // the realistic profile's throttling: the job would retry
    }
  }

  const mailbox = (await h.control<{ value: Stored[] }>("GET", `/users/${emulatorUserId}/events`)).value;
  const tagged = mailbox.filter((e) => e.singleValueExtendedProperties?.some((p) => p.id === SYNC_KEY_PROPERTY_ID));
  expect(tagged).toHaveLength(2);
  expect(result!.counts).toMatchObject({ recovered: 2, created: 0 });
  const log = (
    await h.control<{ value: LogEntry[] }>(
      "GET",
      `/requests?${new URLSearchParams({ userId: emulatorUserId, path: "/v1.0/me/events" })}`,
    )
  ).value;
  expect(log.filter((l) => l.method === "GET" && l.status === 200)).toHaveLength(1); // one search of the mailbox
  const records = await h.db.select().from(pushEntries).where(eq(pushEntries.connectionId, connection!.id));
  expect(records.map((r) => r.status)).toEqual(["in_outlook", "in_outlook"]);
  expect(new Set(records.map((r) => r.outlookEventId)).size).toBe(2);
});
