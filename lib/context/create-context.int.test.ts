/**
 * The production server evaluates lib/ more than once: Next.js bundles the app routes and server actions in
 * one layer and instrumentation.ts (where the in-process jobs run) in another, each with its own copy of
 * every module, error classes included, while the database, mailbox limiter and job runtime are shared
 * through globalThis. Reproduced here with two module registries (vi.resetModules): the "routes" copy
 * connects an instructor, the "jobs" copy removes the calendar after the instructor revoked the app.
 *
 * Regression (issue 14): both copies shared one MicrosoftIdentity, so the jobs' copy received the routes'
 * copy of AccessRevokedError, its `instanceof ReconnectRequiredError` said no, and the removal retried a dead
 * grant for minutes ("Removing…") instead of purging locally and listing the leftovers at once.
 */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { calendarConnections, removalLeftovers } from "@/db/schema";
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET } from "@/e2e/emulator";
import type { RunRecord } from "@/inngest/runtime/in-process-runtime";
import { discardJobs } from "@/lib/jobs/jobs";
import { TEST_APP_URL } from "@/lib/testing/test-context";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";

let h: Harness;
let tenantId: string;
const domain = "module-copies.example";
const savedEnv = { ...process.env };
const stops: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  h = await createMicrosoftHarness();
  tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Copies Ltd", domain })).id;
  // What createContext reads: the emulator as the Microsoft app, as scripts/e2e-server.ts configures it.
  Object.assign(process.env, {
    APP_URL: TEST_APP_URL,
    AZURE_AD_CLIENT_ID: EMULATOR_CLIENT_ID,
    AZURE_AD_CLIENT_SECRET: EMULATOR_CLIENT_SECRET,
    AZURE_AD_TENANT: "organizations",
    MS_LOGIN_URL: h.emulator.url,
    MS_GRAPH_URL: h.emulator.url,
    TOKEN_ENCRYPTION_KEY: `copies1:${randomBytes(32).toString("base64")}`,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
  });
});
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  process.env = savedEnv;
  await h.close();
});

/** A fresh copy of the modules, as a second Next.js bundle layer evaluates them. */
async function moduleCopy() {
  vi.resetModules();
  return {
    context: await import("@/lib/context/create-context"),
    errors: await import("@/lib/errors"),
    functions: await import("@/inngest/functions"),
    runtime: await import("@/inngest/runtime/in-process-runtime"),
    disconnect: await import("@/lib/services/connect/disconnect-calendar"),
  };
}

it("a dead token is recognised by the jobs' module copy: the removal purges and lists leftovers on its first attempt", async () => {
  // The routes' copy handles the instructor's sign-in: it builds the process's Microsoft objects first.
  const routes = await moduleCopy();
  const routesCtx = routes.context.createContext({ db: h.db, jobs: discardJobs });
  stops.push(() => routesCtx.graph!.close());
  const { instructor, emulatorUserId } = await connectInstructor({ ...h, ctx: routesCtx }, { tenantId, domain });
  const [connection] = await h.db
    .select()
    .from(calendarConnections)
    .where(eq(calendarConnections.instructorId, instructor.id));
  const signIn = { id: connection!.id, homeAccountId: connection!.homeAccountId! };

  // The instructor removes the app from their Microsoft account; continuous access evaluation ends the token.
  await h.control("POST", `/users/${emulatorUserId}/revoke`, { immediate: true });

  // The jobs' copy: its runtime runs the removal with contexts it builds itself, as instrumentation.ts does.
  const jobs = await moduleCopy();
  const finished: RunRecord[] = [];
  const runtime = new jobs.runtime.InProcessRuntime({
    db: h.db,
    queue: `test:${crypto.randomUUID()}`,
    pollMs: 50,
    cronTimers: false,
    functions: jobs.functions.createFunctions(async () => jobsCtx),
    backoff: { baseMs: 20, maxMs: 200 },
    onRunFinished: (run) => finished.push(run),
  });
  runtime.start();
  stops.push(() => runtime.shutdown());
  const jobsCtx = jobs.context.createContext({ db: h.db, jobs: runtime.jobs });

  // The refusal arrives as the jobs' copy's own error class.
  await expect(jobsCtx.microsoft!.accessToken(signIn, { forceRefresh: true })).rejects.toBeInstanceOf(
    jobs.errors.ReconnectRequiredError,
  );

  await jobs.disconnect.disconnectCalendar({ ctx: jobsCtx, instructorId: instructor.id, by: "admin" });
  await runtime.settled({ timeoutMs: 30_000 });

  const removal = finished.find((run) => run.functionId === "calendar-removal");
  expect(removal).toMatchObject({ status: "succeeded", result: { status: "disconnected" } });
  expect(removal!.attempts).toEqual([{ startedAt: expect.any(Date) }]); // no attempt failed
  const [after] = await h.db
    .select({ status: calendarConnections.status })
    .from(calendarConnections)
    .where(eq(calendarConnections.id, connection!.id));
  expect(after!.status).toBe("disconnected");
  // Nothing was pushed, so nothing is listed; the finish-removal path is covered by removal.int.test.ts.
  expect(await h.db.select().from(removalLeftovers).where(eq(removalLeftovers.instructorId, instructor.id))).toEqual(
    [],
  );
});
