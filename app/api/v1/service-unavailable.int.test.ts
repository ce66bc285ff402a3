/**
 * Under pressure the API answers 503 with Retry-After, never 500, and nothing is half done: the database
 * really fails the write (a trigger raises the SQLSTATE, through the real driver and drizzle), and the job
 * runtime is really shut down (its send refuses, rolling the change back with it).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { and, eq } from "drizzle-orm";

process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "calendar-sync-unavailable-api-"));

const { getDb } = await import("@/db/client");
const { calendarConnections, syncRuns } = await import("@/db/schema");
const { createApiKey } = await import("@/lib/services/api-keys/create-api-key");
const { testContext } = await import("@/lib/testing/test-context");
const { makeInstructor } = await import("@/db/testing/factories");
const { installForcedDbFailures } = await import("@/db/testing/force-db-failure");
const { installJobs } = await import("@/lib/jobs/process-jobs");
const { testRuntime } = await import("@/inngest/runtime/testing/test-runtime");
const { createFunctions } = await import("@/inngest/functions");
const { appContext } = await import("@/lib/context/app-context");
const calendarRoute = await import("./instructors/[id]/calendar/route");
const openApiRoute = await import("./openapi.json/route");

const db = await getDb();
const forced = await installForcedDbFailures(db);
let key: string;
beforeAll(async () => {
  key = (await createApiKey({ ctx: testContext({ db }), input: { name: "tests" } })).secret;
});
afterAll(() => installJobs({ send: async () => {} }));

async function removeCalendar(instructorId: string) {
  const request = new Request(`http://localhost/api/v1/instructors/${instructorId}/calendar`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${key}` },
  });
  const response = await calendarRoute.DELETE(request, { params: Promise.resolve({ id: instructorId }) });
  return { status: response.status, retryAfter: response.headers.get("Retry-After"), json: await response.json() };
}

async function connectedInstructor() {
  const instructor = await makeInstructor(testContext({ db }));
  const [connection] = await db
    .insert(calendarConnections)
    .values({ instructorId: instructor.id, status: "connected", privacyMode: "default" })
    .returning();
  return { instructorId: instructor.id, connectionId: connection!.id };
}

/** Nothing of the refused request stays: still connected, no removal run. */
async function untouched(connectionId: string) {
  const [row] = await db.select().from(calendarConnections).where(eq(calendarConnections.id, connectionId));
  const runs = await db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.connectionId, connectionId), eq(syncRuns.kind, "removal")));
  return row!.status === "connected" && row!.disconnectRequestedBy === null && runs.length === 0;
}

it.each([
  ["a deadlock", "40P01", "1"],
  ["a serialization failure", "40001", "1"],
  ["a statement timeout", "57014", "5"],
  ["too many connections", "53300", "5"],
])(
  "DELETE /instructors/{id}/calendar hit by %s (%s) answers 503, Retry-After %s, and a retry succeeds",
  async (_, sqlstate, seconds) => {
    installJobs({ send: async () => {} });
    const { instructorId, connectionId } = await connectedInstructor();
    await forced.fail(instructorId, sqlstate);

    const refused = await removeCalendar(instructorId);
    expect(refused).toMatchObject({
      status: 503,
      retryAfter: seconds,
      json: { error: { code: "service_unavailable", message: expect.stringContaining(`try again in ${seconds} s`) } },
    });
    expect(await untouched(connectionId)).toBe(true);

    // The documented shape: the 503 is in the OpenAPI document, with its header, and the body is its Error.
    const doc = (await (openApiRoute.GET() as Response).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { headers?: object }> }>>;
      components: { schemas: Record<string, object> };
    };
    expect(doc.paths["/instructors/{id}/calendar"]!.delete!.responses["503"]!.headers).toHaveProperty("Retry-After");
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    expect(ajv.validate(doc.components.schemas.Error!, refused.json), JSON.stringify(ajv.errors)).toBe(true);

    await forced.clear(instructorId);
    expect((await removeCalendar(instructorId)).status).toBe(202);
  },
);

it("answers 503 with Retry-After while the job runtime shuts down, and commits nothing", async () => {
  const runtime = testRuntime({ db, functions: createFunctions(appContext) });
  installJobs(runtime.jobs);
  await runtime.shutdown();
  const { instructorId, connectionId } = await connectedInstructor();

  expect(await removeCalendar(instructorId)).toMatchObject({
    status: 503,
    retryAfter: "10",
    json: { error: { code: "service_unavailable" } },
  });
  expect(await untouched(connectionId)).toBe(true);
});
