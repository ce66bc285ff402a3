import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, expect, it } from "vitest";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";

// The handlers open the app's own database: a fresh embedded one here, or DATABASE_URL's.
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "calendar-sync-removal-api-"));

const { getDb } = await import("@/db/client");
const { calendarConnections } = await import("@/db/schema");
const { createApiKey } = await import("@/lib/services/api-keys/create-api-key");
const { testContext } = await import("@/lib/testing/test-context");
const { makeInstructor } = await import("@/db/testing/factories");
const { installJobs } = await import("@/lib/jobs/process-jobs");
type Sent = { name: string; data: Record<string, unknown> };
const sent: Sent[] = [];
// The request only queues the removal; what the job does is lib/services/removal/removal.int.test.ts's.
installJobs({ send: async (events) => void sent.push(...([events].flat() as Sent[])) });
const calendarRoute = await import("./instructors/[id]/calendar/route");
const syncRunRoute = await import("./sync-runs/[runId]/route");
const openApiRoute = await import("./openapi.json/route");

let key: string;
beforeAll(async () => {
  key = (await createApiKey({ ctx: testContext({ db: await getDb() }), input: { name: "tests" } })).secret;
});

async function call<P>(
  handler: (req: Request, ctx: { params: Promise<P> }) => Promise<Response>,
  method: string,
  params: P,
) {
  const request = new Request("http://localhost/api/v1/x", { method, headers: { authorization: `Bearer ${key}` } });
  const response = await handler(request, { params: Promise.resolve(params) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

it("DELETE /instructors/{id}/calendar answers 202 with a run that GET /sync-runs/{runId} shows", async () => {
  const db = await getDb();
  const instructor = await makeInstructor(testContext({ db }));
  await db
    .insert(calendarConnections)
    .values({ instructorId: instructor.id, status: "connected", privacyMode: "default" });

  const removed = await call(calendarRoute.DELETE, "DELETE", { id: instructor.id });
  expect(removed.status).toBe(202);
  const runId = removed.json.runId as string;
  const run = await call(syncRunRoute.GET, "GET", { runId });
  expect(run.status).toBe(200);
  expect(run.json).toMatchObject({
    id: runId,
    instructorId: instructor.id,
    kind: "removal",
    trigger: "manual",
    error: null,
  });
  expect(run.json.status).toBe("queued");
  expect(sent).toEqual([{ name: "calendar/removal.requested", data: expect.objectContaining({ runId, by: "admin" }) }]);
  const doc = (await (openApiRoute.GET() as Response).json()) as { components: { schemas: Record<string, object> } };
  const ajv = new Ajv2020({ strict: false });
  addFormats(ajv);
  const validate = ajv.compile(doc.components.schemas.SyncRun!);
  expect(validate(run.json), JSON.stringify(validate.errors)).toBe(true);

  // Once disconnecting, a second removal is a conflict; unknown ids are 404s.
  expect((await call(calendarRoute.DELETE, "DELETE", { id: instructor.id })).status).toBe(409);
  expect((await call(calendarRoute.DELETE, "DELETE", { id: crypto.randomUUID() })).status).toBe(404);
  expect((await call(syncRunRoute.GET, "GET", { runId: crypto.randomUUID() })).status).toBe(404);
  expect((await call(syncRunRoute.GET, "GET", { runId: "nope" })).status).toBe(400);
});
