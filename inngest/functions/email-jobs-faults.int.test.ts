/**
 * The two mail jobs under faults (send-invitation-reminders, send-connection-digests), through the
 * in-process runtime on one database:
 * - killed half-way: process A dies at its second email, after the first went out; process B starts on
 *   the same database and, once A's claim lapses, runs the job again. Every instructor gets exactly one
 *   reminder, every admin exactly one digest, in the dev outbox.
 * - a mail outage: the mailer fails for a while. The run retries and ends succeeded, nothing lost or
 *   doubled, and the next run sends nothing more.
 * Neither job talks to Graph (their context here has no Microsoft at all), so a Graph outage cannot
 * reach them; the mail transport is their outside world.
 */
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { OpenedDb } from "@/db/open";
import { adminUsers, connectionEvents, jobRequests, sentEmails } from "@/db/schema";
import { createTestDb } from "@/db/testing/create-test-db";
import { makeInstructor, unique } from "@/db/testing/factories";
import type { InProcessRuntime } from "@/inngest/runtime/in-process-runtime";
import { testRuntime } from "@/inngest/runtime/testing/test-runtime";
import type { ServiceContext } from "@/lib/context/service-context";
import { devOutboxMailer, type Mailer } from "@/lib/mail/mailer";
import { sendInvitations } from "@/lib/services/connect/send-invitations";
import { dyingMailer } from "@/lib/testing/dying-process";
import { testContext } from "@/lib/testing/test-context";
import { createFunctions } from ".";

let opened: OpenedDb;
const runtimes: InProcessRuntime[] = [];
beforeAll(async () => {
  // Both jobs work on every row of the database (all invitations, all admins): a database of our own.
  opened = await createTestDb({ isolated: true });
});
afterAll(async () => {
  for (const r of runtimes) await r.shutdown({ timeoutMs: 1_000 });
  await opened.close();
});

const LEASE_MS = 1_500;
const DAY = 86_400_000;

function runtimeOn(queue: string, ctx: () => ServiceContext) {
  const runtime = testRuntime({
    db: opened.db,
    queue,
    leaseMs: LEASE_MS,
    backoff: { baseMs: 50, maxMs: 200 },
    functions: createFunctions(async () => ctx()),
  });
  runtimes.push(runtime);
  return runtime;
}

/** Process A, whose mailer kills it at its second send; then process B on the same queue, which finishes. */
async function killedAtSecondEmail(functionId: string, when: "before" | "after") {
  const queue = `test:${randomUUID()}`;
  // eslint-disable-next-line prefer-const -- the dying mailer needs the runtime it kills, made after it
  let a: InProcessRuntime;
  const dying = dyingMailer(devOutboxMailer, () => a, { send: 2, when });
  a = runtimeOn(queue, () => testContext({ db: opened.db, mailer: dying.mailer, jobs: a.jobs }));
  await a.runCronNow(functionId);
  await vi.waitFor(() => expect(dying.died).toBe(true), { timeout: 20_000 });
  const b: InProcessRuntime = runtimeOn(queue, () => testContext({ db: opened.db, jobs: b.jobs }));
  await b.settled({ timeoutMs: 30_000 });
  return { queue, b };
}

/** A mailer that refuses the `count` sends after the first `after` (an SMTP server gone for a while). */
function flakyMailer(after: number, count: number): Mailer & { refused: number } {
  let sends = 0;
  const mailer = {
    transport: devOutboxMailer.transport,
    refused: 0,
    async send(email: Parameters<Mailer["send"]>[0]) {
      const n = ++sends;
      if (n > after && n <= after + count) {
        mailer.refused++;
        throw new Error("421 Service not available, closing transmission channel");
      }
      await devOutboxMailer.send(email);
    },
  };
  return mailer;
}

/** The queue's runs, by state: none may stay queued or running. */
const runStates = async (queue: string) =>
  (await opened.db.select({ state: jobRequests.state }).from(jobRequests).where(eq(jobRequests.queue, queue)))
    .map((r) => r.state)
    .sort();

async function invitedFourDaysAgo(count: number) {
  const then = new Date(Date.now() - 4 * DAY);
  const ctx = testContext({ db: opened.db, now: () => then });
  const instructors = [];
  for (let i = 0; i < count; i++) instructors.push(await makeInstructor(ctx));
  await sendInvitations({ ctx, input: { instructorIds: instructors.map((i) => i.id) } });
  return instructors.map((i) => i.id);
}
const remindersOf = async (instructorIds: string[]) =>
  (
    await opened.db
      .select({ instructorId: sentEmails.instructorId })
      .from(sentEmails)
      .where(and(eq(sentEmails.kind, "invitation_reminder"), inArray(sentEmails.instructorId, instructorIds)))
  )
    .map((r) => r.instructorId)
    .sort();

/** Admins with a problem of the last hour to hear about (each test's admins are new, so their first digest is due). */
async function adminsWithNews(count: number) {
  const admins = await opened.db
    .insert(adminUsers)
    .values(
      Array.from({ length: count }, (_, n) => ({ email: `${unique("admin")}@digest.example`, name: `Admin ${n}` })),
    )
    .returning();
  const instructor = await makeInstructor(testContext({ db: opened.db }));
  await opened.db.insert(connectionEvents).values({
    instructorId: instructor.id,
    kind: "reconnect_needed",
    message: "Microsoft refused the stored sign-in",
    at: new Date(Date.now() - 3_600_000),
  });
  return admins.map((a) => a.email);
}
const digestsTo = async (emails: string[]) =>
  (
    await opened.db
      .select({ to: sentEmails.to })
      .from(sentEmails)
      .where(and(eq(sentEmails.kind, "connection_digest"), inArray(sentEmails.to, emails)))
  )
    .map((r) => r.to)
    .sort();

/** Runs the cron once through a mail server that refuses two sends, on a queue of its own; `runAgain` runs it once more. */
async function cronThroughMailOutage(functionId: string) {
  const mailer = flakyMailer(1, 2);
  const queue = `test:${randomUUID()}`;
  const runtime: InProcessRuntime = runtimeOn(queue, () => testContext({ db: opened.db, mailer, jobs: runtime.jobs }));
  const run = async () => {
    await runtime.runCronNow(functionId);
    await runtime.settled({ timeoutMs: 30_000 });
  };
  await run();
  return { mailer, queue, runAgain: run };
}

describe("send-invitation-reminders", () => {
  it.each(["before", "after"] as const)(
    "killed at its second email (%s it went out), then run by another process: exactly one reminder each",
    async (when) => {
      const instructors = await invitedFourDaysAgo(3);
      const { queue } = await killedAtSecondEmail("send-invitation-reminders", when);
      expect(await remindersOf(instructors)).toEqual([...instructors].sort());
      expect(await runStates(queue)).toEqual(["succeeded"]);
    },
    60_000,
  );

  it("through a mail outage: the run retries and every instructor is reminded once; the next run sends nothing", async () => {
    const instructors = await invitedFourDaysAgo(3);
    const { mailer, queue, runAgain } = await cronThroughMailOutage("send-invitation-reminders");
    expect(mailer.refused).toBe(2);
    expect(await remindersOf(instructors)).toEqual([...instructors].sort());
    expect(await runStates(queue)).toEqual(["succeeded"]);

    await runAgain();
    expect(await runStates(queue)).toEqual(["succeeded", "succeeded"]);
    expect(await remindersOf(instructors)).toEqual([...instructors].sort());
  }, 60_000);
});

describe("send-connection-digests", () => {
  it.each(["before", "after"] as const)(
    "killed at its second digest (%s it went out), then run by another process: exactly one digest per admin",
    async (when) => {
      const admins = await adminsWithNews(3);
      const { queue } = await killedAtSecondEmail("send-connection-digests", when);
      expect(await digestsTo(admins)).toEqual([...admins].sort());
      expect(await runStates(queue)).toEqual(["succeeded"]);
    },
    60_000,
  );

  it("through a mail outage: the run retries and every admin gets one digest; the next run sends nothing", async () => {
    const admins = await adminsWithNews(3);
    const { mailer, queue, runAgain } = await cronThroughMailOutage("send-connection-digests");
    expect(mailer.refused).toBe(2);
    expect(await digestsTo(admins)).toEqual([...admins].sort());
    expect(await runStates(queue)).toEqual(["succeeded"]);

    await runAgain();
    expect(await runStates(queue)).toEqual(["succeeded", "succeeded"]);
    expect(await digestsTo(admins)).toEqual([...admins].sort());
  }, 60_000);
});
