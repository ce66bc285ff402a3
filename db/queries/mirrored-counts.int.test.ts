import { afterAll, beforeAll, expect, it } from "vitest";
import { calendarConnections, invitations, jobRequests, microsoftTenants, syncRuns } from "@/db/schema";
import type { OpenedDb } from "@/db/open";
import { createTestDb } from "@/db/testing/create-test-db";
import { makeInstructor, makeMirrorEvent } from "@/db/testing/factories";
import type { ServiceContext } from "@/lib/context/service-context";
import { testContext } from "@/lib/testing/test-context";
import { previewCalendarRemovals } from "@/lib/services/removal/preview-calendar-removals";
import { listCalendarIntegration } from "./calendar-integration";
import { writeMirrorChanges } from "./mirror";
import { mirroredCountsByConnection } from "./mirrored-counts";

/** Issue 21: one figure everywhere, live progress from the job layer, and states an admin can act on. */

let opened: OpenedDb;
let ctx: ServiceContext;
beforeAll(async () => {
  opened = await createTestDb();
  ctx = testContext({ db: opened.db });
});
afterAll(() => opened.close());

const at = (time: string) => new Date(`2026-11-24T${time}:00Z`);

async function connected(extra: Partial<typeof calendarConnections.$inferInsert> = {}) {
  const instructor = await makeInstructor(ctx);
  const [connection] = await opened.db
    .insert(calendarConnections)
    .values({ instructorId: instructor.id, status: "connected", privacyMode: "default", ...extra })
    .returning();
  return { instructor, connection: connection! };
}

it("counts mirrored events once: the table, the instructor page and the Remove dialog agree", async () => {
  const { instructor, connection } = await connected({ microsoftUsername: "ann@contoso.test" });
  const events = [
    makeMirrorEvent("a", at("12:00"), at("13:00")),
    makeMirrorEvent("b", at("13:00"), at("14:00"), { isPrivate: true, title: null }),
    // Our own pushed entries, read back by Pull, are not "their events": counted as pushed instead.
    makeMirrorEvent("ours-1", at("15:00"), at("16:00"), { isOurs: true }),
    makeMirrorEvent("ours-2", at("16:00"), at("17:00"), { isOurs: true }),
  ];
  await writeMirrorChanges(
    opened.db,
    connection.id,
    { upserts: events.map((event) => ({ event, added: true })), deletes: [] },
    at("10:00"),
  );

  const counts = await mirroredCountsByConnection(opened.db, [connection.id]);
  expect(counts.get(connection.id)).toEqual({ mirrored: 2, mirroredPrivate: 1 });
  const [tableRow] = (await listCalendarIntegration(opened.db, { now: at("10:30") })).filter(
    (r) => r.instructorId === instructor.id,
  );
  const [pageRow] = await listCalendarIntegration(opened.db, { now: at("10:30"), instructorId: instructor.id });
  const dialog = await previewCalendarRemovals({ ctx, input: { instructorIds: [instructor.id] } });
  expect([
    tableRow!.mirrored,
    pageRow!.mirrored,
    dialog.instructors[0]!.mirroredEvents,
    dialog.totals.mirroredEvents,
  ]).toEqual([2, 2, 2, 2]);
  expect(pageRow).toEqual(tableRow);
  expect(await mirroredCountsByConnection(opened.db, [])).toEqual(new Map());
});

it("says last synced as the newest successful pull, the figure the event page shows", async () => {
  const { instructor, connection } = await connected();
  const run = (kind: "pull" | "push", finished: string) => ({
    connectionId: connection.id,
    kind,
    trigger: "hourly" as const,
    status: "succeeded" as const,
    queuedAt: at(finished),
    dueAt: at(finished),
    startedAt: at(finished),
    finishedAt: at(finished),
  });
  await opened.db.insert(syncRuns).values([run("pull", "09:32"), run("push", "09:40")]);
  const [row] = await listCalendarIntegration(opened.db, { now: at("10:00"), instructorId: instructor.id });
  expect(row!.lastSyncAt).toEqual(at("09:32"));
});

it("shows a running pull's elapsed time and attempt, and a retry waiting for Microsoft, from the job table", async () => {
  const { instructor, connection } = await connected();
  await opened.db.insert(syncRuns).values({
    connectionId: connection.id,
    kind: "pull",
    trigger: "manual",
    status: "queued",
    queuedAt: at("10:00"),
    dueAt: at("10:00"),
    startedAt: at("10:00"),
    heartbeatAt: at("10:01"),
  });
  await opened.db.insert(jobRequests).values({
    eventName: "sync/pull.requested",
    eventData: { connectionId: connection.id, trigger: "manual" },
    functionId: "pull-calendar",
    state: "queued",
    attempt: 2,
    runAfter: at("10:05"),
    lastError: { name: "GraphThrottledError", message: "Too many requests" },
  });
  const [row] = await listCalendarIntegration(opened.db, { now: at("10:02"), instructorId: instructor.id });
  expect(row!.health.state).toBe("syncing");
  expect(row!.progress).toEqual({ elapsedSeconds: 120, attempt: 3, retryingAt: at("10:05") });

  // Once a retry is running nothing waits, and a finished pull has no progress at all.
  const [none] = await listCalendarIntegration(opened.db, {
    now: at("10:02"),
    instructorId: (await connected()).instructor.id,
  });
  expect(none!.progress).toBeNull();
});

it("tells an instructor stopped at Microsoft's admin approval apart from one merely invited", async () => {
  const waiting = await makeInstructor(ctx, { email: `pat-${Date.now()}@blocked-org.test` });
  const approved = await makeInstructor(ctx, { email: `sam-${Date.now()}@approved-org.test` });
  for (const instructor of [waiting, approved])
    await opened.db.insert(invitations).values({
      instructorId: instructor.id,
      tokenHash: `hash-${instructor.id}`,
      tokenKeyId: "k1",
      tokenCiphertext: "not-a-real-token",
      expiresAt: at("23:00"),
      createdAt: at("09:00"),
    });
  await opened.db.insert(microsoftTenants).values([
    { tenantId: "blocked-org.test", domain: "blocked-org.test", adminApprovalRequiredAt: at("09:30") },
    {
      tenantId: "b7f1c0de-0000-4000-8000-000000000001",
      domain: "approved-org.test",
      adminApprovalRequiredAt: at("09:30"),
      adminConsentedAt: at("09:45"),
    },
  ]);
  const rows = await listCalendarIntegration(opened.db, { now: at("10:00") });
  const of = (id: string) => rows.find((r) => r.instructorId === id)!;
  expect(of(waiting.id)).toMatchObject({
    status: "waiting_for_approval",
    health: { state: "waiting_for_approval", label: "Waiting for admin approval" },
  });
  expect(of(approved.id).status).toBe("invited");
});
