import { afterAll, beforeAll, expect, it } from "vitest";
import { calendarConnections, syncRuns } from "@/db/schema";
import type { OpenedDb } from "@/db/open";
import { createTestDb } from "@/db/testing/create-test-db";
import { makeInstructor, makeMirrorEvent } from "@/db/testing/factories";
import { HELD_ROUND_ERROR } from "@/lib/sync/connection-health";
import type { ServiceContext } from "@/lib/context/service-context";
import { testContext } from "@/lib/testing/test-context";
import type { ConnectionStatus } from "@/lib/sync/connection-state";
import { listCalendarIntegration } from "./calendar-integration";
import { writeMirrorChanges } from "./mirror";
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
  trigger: "hourly",
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
  trigger: "hourly",
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
    // A removed calendar shows nothing of the connection it was (issue 21): no last sync, mode or account.
    lastSyncAt: null,
    nextSyncAt: null,
    privacyMode: null,
    microsoftUsername: null,
    lastPull: null,
  });
});

it("derives each row's health and the mirror's counts", async () => {
  const mirrored = await connectionWith([done("pull", "succeeded", "10:00")]);
  const events = [
    makeMirrorEvent("a", at("12:00"), at("13:00")),
    makeMirrorEvent("b", at("13:00"), at("14:00"), { isPrivate: true, title: null }),
    makeMirrorEvent("c", at("14:00"), at("15:00"), { isPrivate: true, title: null }),
    makeMirrorEvent("ours", at("15:00"), at("16:00"), { isOurs: true }),
  ];
  await writeMirrorChanges(
    opened.db,
    mirrored.connection.id,
    { upserts: events.map((event) => ({ event, added: true })), deletes: [] },
    at("10:00"),
  );
  const held = await connectionWith([
    done("pull", "succeeded", "09:00"),
    {
      ...done("pull", "failed", "10:00", [HELD_ROUND_ERROR, "Held: this round would remove 9 of 12 mirrored events"]),
      counts: { fetched: 3, added: 0, updated: 0, removed: 9, mirrored: 12, held: 1 },
    },
  ]);
  const throttled = await connectionWith([
    done("pull", "succeeded", "09:00"),
    { ...done("pull", "failed", "10:20", ["GraphThrottledError", "Too many requests"]), dueAt: at("10:35") },
  ]);
  const stale = await connectionWith([done("pull", "succeeded", "07:00")]);
  const running = await connectionWith([
    done("pull", "succeeded", "07:00"),
    { ...queued("10:29"), status: "running", startedAt: at("10:29") },
  ]);

  const rows = await listCalendarIntegration(opened.db, { now: at("10:30") });
  const row = (id: string) => rows.find((r) => r.instructorId === id)!;
  expect(row(mirrored.instructor.id)).toMatchObject({
    health: { state: "connected", nextSyncAt: at("11:00") },
    nextSyncAt: at("11:00"),
    mirrored: 3,
    mirroredPrivate: 2,
  });
  expect(row(held.instructor.id).health).toMatchObject({ state: "held", held: { wouldRemove: 9, mirrored: 12 } });
  expect(row(throttled.instructor.id).health).toMatchObject({
    state: "error",
    error: "Too many requests",
    retryAt: at("10:35"),
  });
  expect(row(stale.instructor.id)).toMatchObject({ health: { state: "stale" }, mirrored: 0, mirroredPrivate: 0 });
  expect(row(running.instructor.id).health.state).toBe("syncing");
});
