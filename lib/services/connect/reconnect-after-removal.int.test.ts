/**
 * Connecting again around a removal, on the path production takes (invitations, the emulator's sign-in, the
 * removal job on the job runtime): while the previous connection is `disconnecting` nobody is sent a link that
 * cannot work, and a link already out says "still being removed, try again shortly" instead of failing; once
 * the removal finished (Disconnected, or Disconnected by instructor) the instructor connects again, and the
 * one-account-per-instructor binding answers with its page rather than an error.
 */
import { randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendarConnections, syncRuns, tokenCaches } from "@/db/schema";
import { makeInstructor, unique } from "@/db/testing/factories";
import { createFunctions } from "@/inngest/functions";
import { InProcessRuntime } from "@/inngest/runtime/in-process-runtime";
import { testRuntime } from "@/inngest/runtime/testing/test-runtime";
import { InvalidConnectionTransitionError } from "@/lib/sync/connection-state";
import {
  connectInstructor,
  createMicrosoftHarness,
  tokenFromLink,
  type Harness,
} from "@/lib/testing/microsoft-harness";
import { transitionConnection } from "../sync/transition-connection";
import { completeConnect } from "./complete-connect";
import { disconnectCalendar } from "./disconnect-calendar";
import { openInvitation } from "./open-invitation";
import { sendInvitations } from "./send-invitations";
import { startConnect } from "./start-connect";

let h: Harness;
let tenantId: string;
const domain = `${unique("again")}.example`;
let runtime: InProcessRuntime;
const held: InProcessRuntime[] = [];

beforeAll(async () => {
  h = await createMicrosoftHarness();
  tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Again Ltd", domain })).id;
  runtime = testRuntime({
    db: h.db,
    functions: createFunctions(async () => h.ctx),
    backoff: { baseMs: 20, maxMs: 200 },
  });
  h.ctx.jobs = runtime.jobs;
});
afterAll(async () => {
  for (const r of [runtime, ...held]) await r.shutdown();
  await h.close();
});

/** A runtime not started yet: what is sent to it waits, as a removal waits for a free worker or a retry. */
function heldRuntime() {
  const r = new InProcessRuntime({
    db: h.db,
    functions: createFunctions(async () => h.ctx),
    queue: `test:${randomUUID()}`,
    pollMs: 50,
    leaseMs: 60_000,
  });
  held.push(r);
  return r;
}

const connectionOf = async (instructorId: string) =>
  (await h.db.select().from(calendarConnections).where(eq(calendarConnections.instructorId, instructorId)))[0]!;

async function inviteToken(instructorId: string, email: string) {
  const result = await sendInvitations({ ctx: h.ctx, input: { instructorIds: [instructorId] } });
  expect(result.sent).toHaveLength(1);
  return tokenFromLink((await h.lastEmailTo(email)).links.find((l) => l.includes("/connect/"))!);
}

/** Starts the sign-in and signs in at Microsoft as `login`; `complete` finishes it (Microsoft's redirect back). */
async function signIn(token: string, login: string) {
  const started = await startConnect({ ctx: h.ctx, token, input: { privacyMode: "default" } });
  const browser = h.browser();
  await browser.open(started.authorizeUrl);
  if (!browser.callback) await browser.submit({ login });
  if (!browser.callback) await browser.submit({}, "accept");
  return {
    complete: () =>
      completeConnect({
        ctx: h.ctx,
        query: Object.fromEntries(browser.callback!.params),
        browserBinding: started.browserBinding,
      }),
  };
}

describe("while the previous connection is being removed", () => {
  it("refuses new links, sends a sign-in under way to 'try again shortly', then the same link connects", async () => {
    const { instructor } = await connectInstructor(h, { tenantId, domain });
    await runtime.settled();
    // Microsoft refused the grant: the admin sends a reconnect link, and the instructor starts signing in...
    await transitionConnection({
      ctx: h.ctx,
      where: { instructorId: instructor.id },
      event: { type: "grant_refused" },
    });
    const token = await inviteToken(instructor.id, instructor.email);
    const underWay = await signIn(token, instructor.email);
    // ...while an admin removes the calendar; the removal job has not run yet.
    const removal = heldRuntime();
    await disconnectCalendar({ ctx: { ...h.ctx, jobs: removal.jobs }, instructorId: instructor.id, by: "admin" });
    expect((await connectionOf(instructor.id)).status).toBe("disconnecting");

    expect(await underWay.complete()).toMatchObject({ kind: "failed", code: "previous_connection_removing" });
    expect((await openInvitation({ ctx: h.ctx, token })).ok).toBe(true); // nothing used up: the link works later
    expect((await connectionOf(instructor.id)).status).toBe("disconnecting");
    await expect(startConnect({ ctx: h.ctx, token, input: { privacyMode: "default" } })).rejects.toMatchObject({
      constructor: InvalidConnectionTransitionError,
      from: "disconnecting",
    });
    const lastEmail = (await h.lastEmailTo(instructor.email)).id;
    expect(await sendInvitations({ ctx: h.ctx, input: { instructorIds: [instructor.id] } })).toEqual({
      sent: [],
      skipped: [
        { instructorId: instructor.id, reason: expect.stringMatching(/^Previous calendar still being removed/) },
      ],
    });
    expect((await h.lastEmailTo(instructor.email)).id).toBe(lastEmail);

    // The removal finishes; the link the instructor already has now connects.
    await removal.settled();
    expect((await connectionOf(instructor.id)).status).toBe("disconnected");
    expect(await (await signIn(token, instructor.email)).complete()).toMatchObject({ kind: "connected" });
    await runtime.settled(); // its first pull runs at once: read the row once it is over, not while it is "syncing"
    expect(await connectionOf(instructor.id)).toMatchObject({
      status: "connected",
      disconnectedAt: null,
      disconnectRequestedBy: null,
      microsoftUsername: instructor.email,
    });
  });
});

describe("once the removal finished", () => {
  it.each(["admin", "instructor"] as const)(
    "an instructor whose calendar the %s removed connects again with a new invitation, and syncs",
    async (by) => {
      const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId, domain });
      await runtime.settled();
      const before = await connectionOf(instructor.id);
      await disconnectCalendar({ ctx: h.ctx, instructorId: instructor.id, by });
      await runtime.settled();
      expect((await connectionOf(instructor.id)).status).toBe(
        by === "admin" ? "disconnected" : "disconnected_by_instructor",
      );

      const token = await inviteToken(instructor.id, instructor.email);
      expect(await (await signIn(token, instructor.email)).complete()).toMatchObject({ kind: "connected" });
      await runtime.settled();
      const after = await connectionOf(instructor.id);
      // The same connection row, bound to the same Microsoft account again (the unique index allows it).
      expect(after).toMatchObject({
        id: before.id,
        status: "connected",
        microsoftTenantId: tenantId,
        microsoftObjectId: emulatorUserId,
        disconnectedAt: null,
        disconnectRequestedBy: null,
        manageLinkVersion: before.manageLinkVersion + 2, // bumped by the removal, then by the reconnect
      });
      expect(await h.db.select().from(tokenCaches).where(eq(tokenCaches.connectionId, after.id))).toHaveLength(1);
      const [pull] = await h.db
        .select()
        .from(syncRuns)
        .where(and(eq(syncRuns.connectionId, after.id), eq(syncRuns.kind, "pull")))
        .orderBy(desc(syncRuns.queuedAt))
        .limit(1);
      expect(pull).toMatchObject({ trigger: "connect", status: "succeeded" });
    },
  );

  it("an account another instructor took over meanwhile gets the account-in-use page, not an error", async () => {
    const { instructor: first } = await connectInstructor(h, { tenantId, domain });
    await runtime.settled();
    await disconnectCalendar({ ctx: h.ctx, instructorId: first.id, by: "admin" });
    await runtime.settled();
    // The Microsoft account is free once its connection is disconnected: an admin sets it on someone else.
    const second = await makeInstructor(h.ctx, {
      email: `${unique("other")}@${domain}`,
      microsoftAccount: first.email,
    });
    expect(await (await signIn(await inviteToken(second.id, second.email), first.email)).complete()).toMatchObject({
      kind: "connected",
      instructorId: second.id,
    });

    const outcome = await (await signIn(await inviteToken(first.id, first.email), first.email)).complete();
    expect(outcome).toMatchObject({ kind: "failed", code: "account_in_use" });
    expect((await connectionOf(first.id)).status).toBe("disconnected");
  });
});
