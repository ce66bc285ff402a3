/**
 * DELETE /api/v1/events/{id}, and the push trigger the event API records: a person's change through
 * the API asks for a `manual` push, exactly as the same change in the admin UI does.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { JobEvent } from "@/lib/jobs/jobs";

// The handlers open the app's own database: a fresh embedded one here, or DATABASE_URL's.
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "calendar-sync-events-delete-"));

const { getDb } = await import("@/db/client");
const { calendarConnections, events } = await import("@/db/schema");
const { installJobs } = await import("@/lib/jobs/process-jobs");
const { createApiKey } = await import("@/lib/services/api-keys/create-api-key");
const { testContext } = await import("@/lib/testing/test-context");
const { makeEvent, makeInstructor } = await import("@/db/testing/factories");
const eventRoute = await import("./events/[id]/route");
const assignmentRoute = await import("./events/[id]/instructors/[instructorId]/route");
const openApiRoute = await import("./openapi.json/route");

const sent: JobEvent[] = [];
let key: string;
let readKey: string;
beforeAll(async () => {
  installJobs({ send: async (e) => void sent.push(...[e].flat()) });
  const ctx = testContext({ db: await getDb() });
  key = (await createApiKey({ ctx, input: { name: "delete tests" } })).secret;
  readKey = (await createApiKey({ ctx, input: { name: "delete tests, read", scope: "read" } })).secret;
});

async function call<P>(
  handler: (req: Request, ctx: { params: Promise<P> }) => Promise<Response>,
  { method, params, auth = key }: { method: string; params: P; auth?: string },
): Promise<number> {
  const request = new Request("http://localhost/api/v1/x", { method, headers: { authorization: `Bearer ${auth}` } });
  return (await handler(request, { params: Promise.resolve(params) })).status;
}

async function connectedInstructor() {
  const db = await getDb();
  const instructor = await makeInstructor(testContext({ db }), { timeZone: "Europe/London" });
  const [connection] = await db
    .insert(calendarConnections)
    .values({ instructorId: instructor.id, status: "connected", privacyMode: "default", homeAccountId: "oid.tid" })
    .returning();
  return { instructor, connection: connection! };
}

const pushRequestsFor = (connectionId: string) =>
  sent
    .filter((e) => e.name === "sync/push.requested")
    .map((e) => e.data as { connectionId: string; trigger: string })
    .filter((d) => d.connectionId === connectionId);

describe("DELETE /api/v1/events/{id}", () => {
  it("deletes the event and asks for a manual push of every booked instructor's calendar", async () => {
    const db = await getDb();
    const { instructor, connection } = await connectedInstructor();
    const event = await makeEvent(testContext({ db }), { title: "API doomed", lifecycle: "active" });
    const params = { id: event.event.id, instructorId: instructor.id };

    expect(await call(assignmentRoute.PUT, { method: "PUT", params })).toBe(201);
    expect(pushRequestsFor(connection.id).map((d) => d.trigger)).toEqual(["manual"]);

    expect(await call(eventRoute.DELETE, { method: "DELETE", params: { id: event.event.id }, auth: readKey })).toBe(
      403,
    );
    expect(await call(eventRoute.DELETE, { method: "DELETE", params: { id: event.event.id } })).toBe(204);
    expect(pushRequestsFor(connection.id).map((d) => d.trigger)).toEqual(["manual", "manual"]);
    expect(await db.select().from(events).where(eq(events.id, event.event.id))).toEqual([]);
    expect(await call(eventRoute.GET, { method: "GET", params: { id: event.event.id } })).toBe(404);
    expect(await call(eventRoute.DELETE, { method: "DELETE", params: { id: event.event.id } })).toBe(404);
    expect(await call(eventRoute.DELETE, { method: "DELETE", params: { id: "nope" } })).toBe(400);
  });

  it("is in the OpenAPI document", async () => {
    const doc = (await (openApiRoute.GET() as Response).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(Object.keys(doc.paths["/events/{id}"]!.delete!.responses)).toEqual(
      expect.arrayContaining(["204", "401", "403", "404"]),
    );
  });
});
