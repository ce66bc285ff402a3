/**
 * Pressure: 600 booking toggles through the API while the push jobs run for real against the emulator,
 * then a removal. No answer is a 5xx (nothing can fail after a commit: each change records its job in
 * its own transaction), and the removal completes with nothing left on either side.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";

// The handlers open the app's own database: a fresh embedded one here, or DATABASE_URL's.
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "calendar-sync-pressure-"));

const { getDb } = await import("@/db/client");
const { calendarConnections, pushEntries } = await import("@/db/schema");
const { makeEvent } = await import("@/db/testing/factories");
const { createFunctions } = await import("@/inngest/functions");
const { testRuntime } = await import("@/inngest/runtime/testing/test-runtime");
const { installJobs } = await import("@/lib/jobs/process-jobs");
const { createApiKey } = await import("@/lib/services/api-keys/create-api-key");
const { connectInstructor, createMicrosoftHarness } = await import("@/lib/testing/microsoft-harness");
const { ours } = await import("@/lib/testing/removal-fixtures");
const assignmentRoute = await import("./events/[id]/instructors/[instructorId]/route");
const calendarRoute = await import("./instructors/[id]/calendar/route");
const syncRunRoute = await import("./sync-runs/[runId]/route");

type Harness = Awaited<ReturnType<typeof createMicrosoftHarness>>;
type Runtime = ReturnType<typeof testRuntime>;
let h: Harness;
let runtime: Runtime;
let key: string;
const domain = "pressure.example";
const TOGGLES = 600;

beforeAll(async () => {
  const db = await getDb();
  h = await createMicrosoftHarness({ database: { db, kind: "pglite", close: async () => {} } });
  runtime = testRuntime({ db, functions: createFunctions(async () => h.ctx) });
  h.ctx.jobs = runtime.jobs;
  // The route handlers' context sends through the process's jobs: the same runtime.
  installJobs(runtime.jobs);
  key = (await createApiKey({ ctx: h.ctx, input: { name: "pressure" } })).secret;
});
afterAll(async () => {
  await runtime.shutdown();
  await h.close();
});

async function call<P>(
  handler: (req: Request, ctx: { params: Promise<P> }) => Promise<Response>,
  method: string,
  params: P,
) {
  const request = new Request("http://localhost/api/v1/x", {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
  });
  const response = await handler(request, { params: Promise.resolve(params) });
  return { status: response.status, body: response.status === 204 ? null : ((await response.json()) as unknown) };
}

it(`${TOGGLES} booking toggles, then a removal: no 5xx, and the removal completes`, async () => {
  const tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Pressure Ltd", domain })).id;
  const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId, domain });
  const event = await makeEvent(h.ctx, { title: "Working at height" });
  const params = { id: event.event.id, instructorId: instructor.id };

  const statuses: number[] = [];
  // Ten clients at a time, each booking then unbooking: every answer counted.
  for (let i = 0; i < TOGGLES; i += 10) {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, j) =>
        (i + j) % 2 === 0 ? call(assignmentRoute.PUT, "PUT", params) : call(assignmentRoute.DELETE, "DELETE", params),
      ),
    );
    statuses.push(...answers.map((a) => a.status));
  }
  expect(statuses.filter((s) => s >= 500)).toEqual([]);
  expect(statuses).toHaveLength(TOGGLES);

  const removed = await call(calendarRoute.DELETE, "DELETE", { id: instructor.id });
  expect(removed.status).toBe(202);
  const { runId } = removed.body as { runId: string };
  await runtime.settled({ timeoutMs: 120_000 });

  const [connection] = await h.db
    .select()
    .from(calendarConnections)
    .where(eq(calendarConnections.instructorId, instructor.id));
  expect(connection!.status).toBe("disconnected");
  expect(await h.db.select().from(pushEntries).where(eq(pushEntries.connectionId, connection!.id))).toEqual([]);
  const mailbox = (await h.control<{ value: never[] }>("GET", `/users/${emulatorUserId}/events`)).value;
  expect(ours(mailbox)).toEqual([]);
  const run = await call(syncRunRoute.GET, "GET", { runId });
  expect(run).toMatchObject({ status: 200, body: { status: "succeeded" } });
}, 240_000);
