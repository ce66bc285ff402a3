import { eq } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { calendarConnections } from "@/db/schema";
import { createTestDb } from "@/db/testing/create-test-db";
import { makeInstructor } from "@/db/testing/factories";
import type { ServiceContext } from "@/lib/context/service-context";
import { disconnectCalendar } from "@/lib/services/connect/disconnect-calendar";
import { InvalidConnectionTransitionError } from "@/lib/sync/connection-state";
import { testContext } from "@/lib/testing/test-context";
import { testRuntime } from "../runtime/testing/test-runtime";
import { createFunctions } from ".";

const opened = await createTestDb();
// The jobs' steps get the same context the test's services use, as the app's get appContext().
const runtime = testRuntime({ db: opened.db, functions: createFunctions(async () => ctx) });
const ctx: ServiceContext = testContext({
  db: opened.db,
  jobs: runtime.jobs,
});
afterAll(async () => {
  await runtime.shutdown();
  await opened.close();
});

it("disconnecting records the removal job with the change, which finishes the disconnection", async () => {
  const db = opened.db;
  const instructor = await makeInstructor(ctx);
  await db
    .insert(calendarConnections)
    .values({ instructorId: instructor.id, status: "connected", privacyMode: "default" });
  const statusOf = async () =>
    (await db.select().from(calendarConnections).where(eq(calendarConnections.instructorId, instructor.id)))[0]!.status;

  await disconnectCalendar({ ctx, instructorId: instructor.id, by: "instructor" });
  expect(["disconnecting", "disconnected_by_instructor"]).toContain(await statusOf());
  await runtime.whenIdle();
  expect(await statusOf()).toBe("disconnected_by_instructor");
  // The state machine refuses a second disconnection.
  await expect(disconnectCalendar({ ctx, instructorId: instructor.id, by: "instructor" })).rejects.toBeInstanceOf(
    InvalidConnectionTransitionError,
  );
});
