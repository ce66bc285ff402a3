/**
 * A refused grant found by the hourly pull, through the path production takes: the hourly-pulls cron fans out,
 * the pull-calendar job reads Outlook through the emulator over real HTTP, Microsoft refuses, and the one
 * refused-grant rule decides. The instructor removing the app (consent revoked, AADSTS65001) is their
 * disconnection: Removal runs and ends Disconnected by instructor with everything we held purged. Revoked
 * sessions (AADSTS50173) only need a reconnect; an outage of the token endpoint changes nothing. A push that
 * meets the same refusal takes the same path.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectionEvents, removalLeftovers, sentEmails, syncRuns } from "@/db/schema";
import { makeEvent } from "@/db/testing/factories";
import { createFunctions } from "@/inngest/functions";
import { ManualClock } from "@/inngest/runtime/clock";
import type { InProcessRuntime } from "@/inngest/runtime/in-process-runtime";
import { testRuntime } from "@/inngest/runtime/testing/test-runtime";
import { driveUntil } from "@/inngest/runtime/testing/drive";
import { assignInstructor } from "@/lib/services/training/assign-instructor";
import { createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { nothingLocal, ours, removalFixtures, type RemovalFixtures } from "@/lib/testing/removal-fixtures";

let h: Harness;
let fx: RemovalFixtures;
const domain = "refused-grant.example";
const clock = new ManualClock(new Date());
let runtime: InProcessRuntime;
/** The jobs a refused grant travels through: the hourly pull, a push, and the removal it may start. */
const jobs = ["hourly-pulls", "pull-calendar", "sync-push", "calendar-removal"];

beforeAll(async () => {
  // A database of its own on PostgreSQL: the hourly fan-out reaches every live connection, other files' too.
  h = await createMicrosoftHarness({ isolatedDatabase: true });
  const tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Refusals Ltd", domain })).id;
  fx = removalFixtures(h, { tenantId, domain });
  runtime = testRuntime({
    db: h.db,
    functions: createFunctions(async () => h.ctx).filter((f) => jobs.some((id) => f.id().endsWith(id))),
    clock,
  });
  h.ctx.jobs = runtime.jobs;
});
afterAll(async () => {
  await runtime.shutdown();
  await h.close();
});

/** The hourly cron, run as its schedule would, and every run it leads to (retries and removals included). */
async function hourlyPulls() {
  await runtime.runCronNow("hourly-pulls");
  await driveUntil(runtime, clock, async () => (await runtime.unfinished()) === 0, 500);
  expect(await runtime.unfinished()).toBe(0);
}

const logKinds = async (instructorId: string) =>
  (await h.db.select().from(connectionEvents).where(eq(connectionEvents.instructorId, instructorId))).map(
    (e) => e.kind,
  );
const mailsOfKind = async (to: string, kind: (typeof sentEmails.$inferSelect)["kind"]) =>
  h.db
    .select()
    .from(sentEmails)
    .where(and(eq(sentEmails.to, to), eq(sentEmails.kind, kind)));
const runsOf = async (connectionId: string, kind: "pull" | "push" | "removal") =>
  h.db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.connectionId, connectionId), eq(syncRuns.kind, kind)));

describe("a refused grant found by the hourly pull", () => {
  it("the instructor removed the app: Disconnected by instructor, everything held purged, no reconnect email", async () => {
    const s = await fx.seeded({ tagged: 3, recorded: 2, own: 1 });
    expect(await fx.localRows(s.connection.id)).toMatchObject({
      mirror: 2,
      pushEntries: 2,
      pullStates: 1,
      tokenCaches: 1,
    });
    // In their Microsoft account, the instructor removes the app: its consent is gone (AADSTS65001 on refresh).
    await h.control("POST", `/users/${s.emulatorUserId}/revoke`, { immediate: true, reason: "consentRevoked" });

    await hourlyPulls();

    expect(await fx.statusOf(s.connection.id)).toBe("disconnected_by_instructor");
    expect(await fx.localRows(s.connection.id)).toEqual(nothingLocal);
    const [pull] = await runsOf(s.connection.id, "pull");
    expect(pull).toMatchObject({ trigger: "hourly", status: "failed", errorClass: "AccessRevokedError" });
    const [removal] = await runsOf(s.connection.id, "removal");
    expect(removal).toMatchObject({ trigger: "hourly", status: "succeeded" });
    const kinds = await logKinds(s.instructor.id);
    expect(kinds).toContain("revoked_by_instructor");
    expect(kinds).not.toContain("reconnect_needed");
    expect(await mailsOfKind(s.instructor.email, "reconnect")).toEqual([]);
    // Outlook is out of our reach now: our entries there are listed and the instructor gets the finish-removal link.
    expect(ours(await fx.mailbox(s.emulatorUserId))).toHaveLength(3);
    expect(
      await h.db.select().from(removalLeftovers).where(eq(removalLeftovers.instructorId, s.instructor.id)),
    ).toHaveLength(2);
    expect((await h.lastEmailTo(s.instructor.email)).kind).toBe("finish_removal");
  });

  it("sessions revoked (the grant stands): Reconnect needed and one reconnect email, entries and mirror kept", async () => {
    const s = await fx.seeded({ tagged: 1, recorded: 1, own: 1 });
    await h.control("POST", `/users/${s.emulatorUserId}/revoke`, { immediate: true, reason: "sessionsRevoked" });

    await hourlyPulls();

    expect(await fx.statusOf(s.connection.id)).toBe("reconnect_needed");
    expect(await fx.localRows(s.connection.id)).toMatchObject({ mirror: 2, pushEntries: 1, tokenCaches: 1 });
    expect(await runsOf(s.connection.id, "removal")).toEqual([]);
    const log = await h.db.select().from(connectionEvents).where(eq(connectionEvents.instructorId, s.instructor.id));
    expect(log.find((e) => e.kind === "reconnect_needed")?.message).toContain("invalid_grant");
    expect(log.map((e) => e.kind)).not.toContain("revoked_by_instructor");
    const mail = await h.lastEmailTo(s.instructor.email);
    expect(mail.kind).toBe("reconnect");
    expect(mail.links.some((l) => l.includes("/connect/"))).toBe(true);

    // The next hour neither changes anything nor mails again.
    await hourlyPulls();
    expect(await fx.statusOf(s.connection.id)).toBe("reconnect_needed");
    expect(await mailsOfKind(s.instructor.email, "reconnect")).toHaveLength(1);
  });

  it.each([503, 429])(
    "the token endpoint answers %i: the status stays Connected and the pull is retried",
    async (status) => {
      const s = await fx.seeded({ tagged: 1, recorded: 1, own: 0 });
      // The access token is refused (expired), and every refresh meets the outage: each attempt of the job fails.
      await h.control("POST", "/tokens/expire", { userId: s.emulatorUserId });
      await h.control("POST", "/faults", {
        pathPattern: "/oauth2/v2.0/token",
        userId: s.emulatorUserId,
        status,
        ...(status === 429 && { retryAfterSeconds: 1 }),
        count: 100,
      });

      await hourlyPulls();
      await h.control("DELETE", "/faults");

      expect(await fx.statusOf(s.connection.id)).toBe("connected");
      const [pull] = await runsOf(s.connection.id, "pull");
      expect(pull).toMatchObject({ status: "failed", errorClass: "MicrosoftUnavailableError" });
      const kinds = await logKinds(s.instructor.id);
      expect(kinds).not.toContain("reconnect_needed");
      expect(kinds).not.toContain("revoked_by_instructor");
      expect(await mailsOfKind(s.instructor.email, "reconnect")).toEqual([]);
      expect(await fx.localRows(s.connection.id)).toMatchObject({ mirror: 2, pushEntries: 1, tokenCaches: 1 });

      // Once Microsoft answers again, the next hour pulls.
      await hourlyPulls();
      expect(await fx.statusOf(s.connection.id)).toBe("connected");
      expect((await runsOf(s.connection.id, "pull")).map((r) => r.status)).toContain("succeeded");
    },
  );

  it("a push that meets the removed app takes the same path: Disconnected by instructor, no reconnect email", async () => {
    const s = await fx.seeded({ tagged: 1, recorded: 1, own: 0 });
    await h.control("POST", `/users/${s.emulatorUserId}/revoke`, { immediate: true, reason: "consentRevoked" });

    // A new booking: its push is the first to ask Microsoft for this calendar.
    const event = await makeEvent(h.ctx);
    await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: s.instructor.id, input: {} });
    await driveUntil(runtime, clock, async () => (await runtime.unfinished()) === 0, 500);

    expect(await fx.statusOf(s.connection.id)).toBe("disconnected_by_instructor");
    expect(await fx.localRows(s.connection.id)).toEqual(nothingLocal);
    expect(await runsOf(s.connection.id, "push")).toMatchObject([
      { status: "failed", errorClass: "AccessRevokedError" },
    ]);
    expect(await logKinds(s.instructor.id)).not.toContain("reconnect_needed");
    expect(await mailsOfKind(s.instructor.email, "reconnect")).toEqual([]);
  });
});
