import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";

// The job builds its own context from configuration, as in production.
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "calendar-sync-removal-"));
const { getDb } = await import("@/db/client");
const { calendarConnections } = await import("@/db/schema");
const { makeInstructor } = await import("@/db/testing/factories");
const { offlineContext } = await import("@/lib/services/context");
const { disconnectCalendar } = await import("@/lib/services/manage-connection");
const { InvalidConnectionTransitionError } = await import("@/lib/sync/connection-state");
const { InProcessRuntime } = await import("../runtime/in-process-runtime");
const { functions } = await import(".");

const runtime = new InProcessRuntime({ functions });
afterAll(() => runtime.shutdown());

it("disconnecting enqueues the removal job after commit, which finishes the disconnection", async () => {
  const db = await getDb();
  const ctx = offlineContext(db, () => new Date(), { send: async (events) => void (await runtime.send(events)) });
  const instructor = await makeInstructor(ctx);
  await db.insert(calendarConnections).values({ instructorId: instructor.id, status: "connected", privacyMode: "default" });
  const statusOf = async () => (await db.select().from(calendarConnections).where(eq(calendarConnections.instructorId, instructor.id)))[0]!.status;

  await disconnectCalendar({ ctx, instructorId: instructor.id, by: "instructor" });
  expect(["disconnecting", "disconnected_by_instructor"]).toContain(await statusOf());
  await runtime.whenIdle();
  expect(await statusOf()).toBe("disconnected_by_instructor");
  // The state machine refuses a second disconnection.
  await expect(disconnectCalendar({ ctx, instructorId: instructor.id, by: "instructor" })).rejects.toBeInstanceOf(InvalidConnectionTransitionError);
});
