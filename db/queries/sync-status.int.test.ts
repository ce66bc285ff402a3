import { afterAll, beforeAll, expect, it } from "vitest";
import { calendarConnections, syncRuns } from "@/db/schema";
import type { OpenedDb } from "@/db/open";
import { createTestDb } from "@/db/testing/create-test-db";
import { makeInstructor } from "@/db/testing/factories";
import type { ServiceContext } from "@/lib/context/service-context";
import { testContext } from "@/lib/testing/test-context";
import type { ConnectionStatus } from "@/lib/sync/connection-state";
import { listCalendarIntegration } from "./calendar-integration";
import { syncStatusByConnection } from "./sync-status";

let opened: OpenedDb;
let ctx: ServiceContext;
beforeAll(async () => {
  opened = await createTestDb();
  ctx = testContext({ db: opened.db });
});
afterAll(() => opened.close());

const at = (time: string) => new Date(`2026-11-24T${time}:00Z`);
type Run = Omit<typeof syncRuns.$inferInsert, "connectionId">;

async function connectionWith(runs: Run[], status: ConnectionStatus = "connected") {
  const instructor = await makeInstructor(ctx);
  const [connection] = await opened.db
    .insert(calendarConnections)
    .values({ instructorId: instructor.id, status, privacyMode: "default" })
    .returning();
  for (const run of runs) await opened.db.insert(syncRuns).values({ connectionId: connection!.id, ...run });
  return { instructor, connection: connection! };
}

const done = (
  kind: "pull" | "push" | "removal",
  status: "succeeded" | "failed",
  finished: string,
  error?: [string, string],
): Run => ({
  kind,
  trigger: "schedule",
  status,
  queuedAt: at(finished),
  dueAt: at(finished),
  startedAt: at(finished),
  finishedAt: at(finished),
  errorClass: error?.[0],
  errorMessage: error?.[1],
});
const queued = (due: string): Run => ({
  kind: "pull",
  trigger: "schedule",
  status: "queued",
  queuedAt: at("08:00"),
  dueAt: at(due),
});

it("derives last sync, next sync and last error from the runs", async () => {
  const busy = await connectionWith([
    done("pull", "succeeded", "10:00"),
    done("push", "failed", "10:30", ["GraphThrottledError", "Graph asked to wait 30 s"]),
    queued("11:30"),
    queued("11:00"),
  ]);
  const recovered = await connectionWith([
    done("pull", "failed", "09:00", ["GraphUnavailableError", "503"]),
    done("pull", "succeeded", "09:30"),
    done("removal", "succeeded", "09:45"),
  ]);
  const fresh = await connectionWith([]);

  const status = await syncStatusByConnection(opened.db, [
    busy.connection.id,
    recovered.connection.id,
    fresh.connection.id,
  ]);
  expect(status.get(busy.connection.id)).toEqual({
    lastSyncAt: at("10:00"),
    nextSyncAt: at("11:00"),
    lastError: { errorClass: "GraphThrottledError", message: "Graph asked to wait 30 s", at: at("10:30") },
  });
  // A later success of the same kind clears the error; a removal is not a sync.
  expect(status.get(recovered.connection.id)).toEqual({ lastSyncAt: at("09:30"), nextSyncAt: null, lastError: null });
  expect(status.get(fresh.connection.id)).toBeUndefined();
});

it("feeds the Calendar Integration table, showing no next sync once disconnected", async () => {
  const live = await connectionWith([
    done("pull", "succeeded", "10:00"),
    queued("11:00"),
    done("push", "failed", "10:15", ["GraphThrottledError", "slow down"]),
  ]);
  const gone = await connectionWith(
    [done("pull", "succeeded", "10:00"), queued("11:00")],
    "disconnected_by_instructor",
  );
  const rows = await listCalendarIntegration(opened.db, { now: at("10:30") });
  expect(rows.find((r) => r.instructorId === live.instructor.id)).toMatchObject({
    status: "connected",
    lastSyncAt: at("10:00"),
    nextSyncAt: at("11:00"),
    lastError: "slow down",
    lastErrorAt: at("10:15"),
  });
  expect(rows.find((r) => r.instructorId === gone.instructor.id)).toMatchObject({
    status: "disconnected_by_instructor", // the table says who disconnected (issue 14)
    lastSyncAt: at("10:00"),
    nextSyncAt: null,
  });
});
