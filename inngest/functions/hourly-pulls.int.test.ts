import { and, eq, inArray } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { calendarConnections, syncRuns } from "@/db/schema";
import { createTestDb } from "@/db/testing/create-test-db";
import { makeInstructor } from "@/db/testing/factories";
import type { ServiceContext } from "@/lib/context/service-context";
import { testContext } from "@/lib/testing/test-context";
import { ManualClock } from "../runtime/clock";
import { testRuntime } from "../runtime/testing/test-runtime";
import { driveUntil } from "../runtime/testing/drive";
import { createFunctions } from ".";

// A database of its own on PostgreSQL: the fan-out reaches every live connection, other files' too.
const opened = await createTestDb({ isolated: true });
const clock = new ManualClock("2026-11-24T10:59:00Z");
// Far fewer workers than connections: every connection is still reached.
const runtime = testRuntime({
  db: opened.db,
  functions: createFunctions(async () => ctx).filter((f) => /hourly-pulls|pull-calendar/.test(f.id())),
  clock,
  workers: 2,
});
const ctx: ServiceContext = testContext({
  db: opened.db,
  now: clock.now,
  jobs: runtime.jobs,
});
afterAll(async () => {
  await runtime.shutdown();
  await opened.close();
});

it("the hourly fan-out reaches every live connection when there are more than the workers", async () => {
  const ids: string[] = [];
  for (let i = 0; i < 11; i++) {
    const instructor = await makeInstructor(ctx);
    const [row] = await opened.db
      .insert(calendarConnections)
      .values({ instructorId: instructor.id, status: "connected", privacyMode: "default" })
      .returning({ id: calendarConnections.id });
    ids.push(row!.id);
  }
  const pulledOf = async () =>
    new Set(
      (
        await opened.db
          .select({ connectionId: syncRuns.connectionId })
          .from(syncRuns)
          .where(
            and(
              eq(syncRuns.kind, "pull"),
              inArray(syncRuns.trigger, ["hourly", "baseline"]),
              inArray(syncRuns.connectionId, ids),
            ),
          )
      ).map((r) => r.connectionId),
    );

  await runtime.runCronNow("hourly-pulls");
  let pulled = new Set<string>();
  // Other test files' connections share a PostgreSQL database and the fan-out reaches them too: many steps.
  for (let i = 0; i < 5_000 && pulled.size < ids.length; i++) {
    await driveUntil(runtime, clock, () => false, 1);
    pulled = await pulledOf();
  }
  expect([...pulled].sort()).toEqual([...ids].sort());
});
