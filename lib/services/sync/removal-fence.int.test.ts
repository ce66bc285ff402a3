/**
 * Every way a removal begins moves the removal fence on (calendar_connections.generation, lib/sync/connection-fence.ts)
 * in the transaction that turns the connection `disconnecting`; nothing else moves it. And the removal's completion
 * purges what a writer that ignores the fence wrote after the purge step.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { OpenedDb } from "@/db/open";
import { calendarConnections, externalEvents, pushEntries, syncRuns } from "@/db/schema";
import { createTestDb } from "@/db/testing/create-test-db";
import { makeInstructor, makeMirrorEvent } from "@/db/testing/factories";
import type { ServiceContext } from "@/lib/context/service-context";
import { AccessRevokedError } from "@/lib/errors";
import type { ConnectionStatus } from "@/lib/sync/connection-state";
import { testContext } from "@/lib/testing/test-context";
import { disconnectCalendar } from "../connect/disconnect-calendar";
import { disconnectThroughLink } from "../connect/disconnect-through-link";
import { connectionLinkToken } from "../connect/internal/connection-link";
import { completeRemoval } from "../removal/complete-removal";
import { handleRefusedGrant } from "./handle-refused-grant";
import { removeCalendars } from "../removal/remove-calendars";
import { transitionConnection } from "./transition-connection";

let opened: OpenedDb;
let ctx: ServiceContext;
beforeAll(async () => {
  opened = await createTestDb();
  ctx = testContext({ db: opened.db });
});
afterAll(() => opened.close());

async function connection(status: ConnectionStatus = "connected") {
  const instructor = await makeInstructor(ctx);
  const [row] = await opened.db
    .insert(calendarConnections)
    .values({ instructorId: instructor.id, status, privacyMode: "default" })
    .returning();
  return row!;
}
const fenceOf = async (id: string) =>
  (await opened.db.select().from(calendarConnections).where(eq(calendarConnections.id, id)))[0]!.generation;

it.each([
  [
    "an admin's Remove Calendar",
    (instructorId: string) => removeCalendars({ ctx, input: { instructorIds: [instructorId] } }),
  ],
  ["the API's DELETE", (instructorId: string) => disconnectCalendar({ ctx, instructorId, by: "admin" })],
  [
    "the instructor's Disconnect through the manage link",
    (instructorId: string) => disconnectThroughLink({ ctx, link: connectionLinkToken(ctx, instructorId, 1) }),
  ],
  [
    "a revoked app",
    (instructorId: string) =>
      handleRefusedGrant({ ctx, instructorId, error: new AccessRevokedError("consent_required") }),
  ],
])("%s moves the fence on", async (_, begin) => {
  const row = await connection();
  expect(row.generation).toBe(1);
  await begin(row.instructorId);
  expect(await fenceOf(row.id)).toBe(2);
});

it("a finish-removal sign-in begins a removal again: the fence moves on again", async () => {
  const row = await connection();
  await disconnectCalendar({ ctx, instructorId: row.instructorId, by: "admin" });
  await completeRemoval({ ctx, input: { connectionId: row.id, runId: null, counts: {}, graphRequests: 0 } });
  await transitionConnection({ ctx, where: { connectionId: row.id }, event: { type: "finish_removal_signed_in" } });
  expect(await fenceOf(row.id)).toBe(3);
});

it("syncs, a refused grant and the end of a removal leave the fence where it is", async () => {
  const row = await connection();
  for (const event of [{ type: "sync_started" }, { type: "sync_finished" }, { type: "grant_refused" }] as const)
    await transitionConnection({ ctx, where: { connectionId: row.id }, event });
  expect(await fenceOf(row.id)).toBe(1);
  await disconnectCalendar({ ctx, instructorId: row.instructorId, by: "admin" });
  await completeRemoval({ ctx, input: { connectionId: row.id, runId: null, counts: {}, graphRequests: 0 } });
  expect(await fenceOf(row.id)).toBe(2);
});

it("completing a removal purges what was written after its purge step, but keeps a record of an entry in Outlook", async () => {
  const row = await connection();
  const { runId } = await disconnectCalendar({ ctx, instructorId: row.instructorId, by: "admin" });
  // Written after the purge by code that ignores the fence (an older build during a deploy), and a reservation.
  const day = new Date("2026-12-01T09:00:00Z");
  await opened.db.insert(externalEvents).values({
    ...makeMirrorEvent(`late-${randomUUID()}`, day, new Date(day.getTime() + 3_600_000), { title: "Private" }),
    connectionId: row.id,
  });
  const key = () => ({ assignmentId: randomUUID(), sessionId: randomUUID(), eventId: randomUUID() });
  await opened.db.insert(pushEntries).values([
    { ...key(), instructorId: row.instructorId, connectionId: row.id, status: "pending" },
    { ...key(), instructorId: row.instructorId, connectionId: row.id, status: "in_outlook", outlookEventId: "AAMk-x" },
  ]);

  await completeRemoval({ ctx, input: { connectionId: row.id, runId, counts: { mirrorRows: 0 }, graphRequests: 0 } });

  expect(await opened.db.select().from(externalEvents).where(eq(externalEvents.connectionId, row.id))).toEqual([]);
  const kept = await opened.db.select().from(pushEntries).where(eq(pushEntries.connectionId, row.id));
  expect(kept.map((e) => e.outlookEventId)).toEqual(["AAMk-x"]);
  expect((await opened.db.select().from(syncRuns).where(eq(syncRuns.id, runId)))[0]).toMatchObject({
    status: "succeeded",
    counts: { mirrorRows: 0, lateRows: 2 },
  });
});
