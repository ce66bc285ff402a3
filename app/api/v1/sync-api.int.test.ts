import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { JobEvent } from "@/lib/jobs/jobs";
import type { MirrorEvent } from "@/lib/sync/mirror-event";

// The handlers open the app's own database: a fresh embedded one here, or DATABASE_URL's.
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "calendar-sync-sync-api-"));

const { getDb } = await import("@/db/client");
const { calendarConnections, syncRuns } = await import("@/db/schema");
const { writeMirrorChanges } = await import("@/db/queries/mirror");
const { installJobs } = await import("@/lib/jobs/process-jobs");
const { createApiKey } = await import("@/lib/services/api-keys/create-api-key");
const { testContext } = await import("@/lib/testing/test-context");
const { makeInstructor } = await import("@/db/testing/factories");
const syncRoute = await import("./instructors/[id]/sync/route");
const syncRunsRoute = await import("./instructors/[id]/sync-runs/route");
const confirmHeldRoute = await import("./instructors/[id]/sync/confirm-held/route");
const busyRoute = await import("./instructors/[id]/busy/route");
const syncRunRoute = await import("./sync-runs/[runId]/route");
const openApiRoute = await import("./openapi.json/route");

const sent: JobEvent[] = [];
let key: string;
beforeAll(async () => {
  installJobs({ send: async (events) => void sent.push(...[events].flat()) });
  key = (await createApiKey({ ctx: testContext({ db: await getDb() }), input: { name: "sync tests" } })).secret;
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
async function call(
  handler: (req: Request, ctx: { params: Promise<any> }) => Promise<Response>, // eslint-disable-line @typescript-eslint/no-explicit-any
  { method = "GET", params = {}, query = "" }: { method?: string; params?: object; query?: string } = {},
): Promise<{ status: number; json: Json }> {
  const request = new Request(`http://localhost/api/v1/x${query}`, {
    method,
    headers: { authorization: `Bearer ${key}` },
  });
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Json) : {} };
}

async function connectedInstructor(privacyMode: "default" | "full_private", status: "connected" | "reconnect_needed") {
  const db = await getDb();
  const instructor = await makeInstructor(testContext({ db }), { timeZone: "Europe/London" });
  const [connection] = await db
    .insert(calendarConnections)
    .values({ instructorId: instructor.id, status, privacyMode, homeAccountId: "oid.tid" })
    .returning();
  return { instructor, connection: connection! };
}

const event = (graphId: string, overrides: Partial<MirrorEvent>): MirrorEvent => ({
  graphId,
  seriesMasterId: null,
  type: "singleInstance",
  startsAt: new Date("2030-03-04T09:00:00Z"),
  endsAt: new Date("2030-03-04T10:00:00Z"),
  allDayStartDate: null,
  allDayEndDate: null,
  showAs: "busy",
  response: "organizer",
  isCancelled: false,
  isOrganizer: true,
  isPrivate: false,
  title: "Planning",
  isOurs: false,
  changeKey: null,
  ...overrides,
});

describe("sync runs", () => {
  it("POST /instructors/{id}/sync queues a pull (202 { runId }) that GET /sync-runs/{runId} follows", async () => {
    const { instructor, connection } = await connectedInstructor("default", "connected");
    const queued = await call(syncRoute.POST, { method: "POST", params: { id: instructor.id } });
    expect(queued.status).toBe(202);
    expect(Object.keys(queued.json)).toEqual(["runId"]);
    expect(sent.at(-1)).toEqual({
      name: "sync/pull.requested",
      data: { connectionId: connection.id, trigger: "manual", runId: queued.json.runId },
    });

    const run = await call(syncRunRoute.GET, { params: { runId: queued.json.runId } });
    expect(run).toEqual({
      status: 200,
      json: {
        id: queued.json.runId,
        instructorId: instructor.id,
        kind: "pull",
        trigger: "manual",
        status: "queued",
        startedAt: null,
        finishedAt: null,
        counts: { fetched: 0, added: 0, updated: 0, removed: 0 },
        graphRequests: 0,
        error: null,
      },
    });

    const db = await getDb();
    await db
      .update(syncRuns)
      .set({
        status: "succeeded",
        startedAt: new Date("2030-01-01T10:00:00Z"),
        finishedAt: new Date("2030-01-01T10:00:02Z"),
        counts: { fetched: 12, added: 10, updated: 1, removed: 1, baseline: 1 },
        graphRequests: 3,
      })
      .where(eq(syncRuns.id, queued.json.runId));
    const done = await call(syncRunRoute.GET, { params: { runId: queued.json.runId } });
    expect(done.json).toMatchObject({
      status: "succeeded",
      finishedAt: "2030-01-01T10:00:02.000Z",
      counts: { fetched: 12, added: 10, updated: 1, removed: 1 },
      graphRequests: 3,
    });
    const list = await call(syncRunsRoute.GET, { params: { id: instructor.id } });
    expect(list.json.data.map((r: Json) => r.id)).toEqual([queued.json.runId]);
  });

  it("answers 400 for a malformed id, 404 for an unknown run or instructor, 409 when the connection cannot sync", async () => {
    expect((await call(syncRunRoute.GET, { params: { runId: "not-a-uuid" } })).status).toBe(400);
    expect((await call(syncRunRoute.GET, { params: { runId: crypto.randomUUID() } })).status).toBe(404);
    expect((await call(syncRunsRoute.GET, { params: { id: crypto.randomUUID() } })).status).toBe(404);
    const nobody = await makeInstructor(testContext({ db: await getDb() }));
    expect((await call(syncRoute.POST, { method: "POST", params: { id: nobody.id } })).status).toBe(404);
    const { instructor } = await connectedInstructor("default", "reconnect_needed");
    const refused = await call(syncRoute.POST, { method: "POST", params: { id: instructor.id } });
    expect([refused.status, refused.json.error.code]).toEqual([409, "conflict"]);
  });
});

describe("POST /instructors/{id}/sync/confirm-held", () => {
  it("queues a pull that applies the held round (202 { runId }); 409 when the newest pull was not held", async () => {
    const db = await getDb();
    const { instructor, connection } = await connectedInstructor("default", "connected");
    const notHeld = await call(confirmHeldRoute.POST, { method: "POST", params: { id: instructor.id } });
    expect(notHeld.status).toBe(404); // no pull yet
    await db.insert(syncRuns).values({
      connectionId: connection.id,
      kind: "pull",
      trigger: "hourly",
      status: "failed",
      finishedAt: new Date(),
      counts: { fetched: 2, added: 0, updated: 0, removed: 8, mirrored: 10, held: 1 },
      errorClass: "PullRoundHeldError",
      errorMessage:
        "Held: this round would remove 8 of 10 mirrored events; nothing was applied until an admin confirms it",
    });
    const confirmed = await call(confirmHeldRoute.POST, { method: "POST", params: { id: instructor.id } });
    expect(confirmed.status).toBe(202);
    expect(Object.keys(confirmed.json)).toEqual(["runId"]);
    expect(sent.at(-1)).toEqual({
      name: "sync/pull.requested",
      data: { connectionId: connection.id, trigger: "manual", runId: confirmed.json.runId, confirmHeld: true },
    });
    // The confirming pull is now the newest: confirming again is refused until another round is held.
    const again = await call(confirmHeldRoute.POST, { method: "POST", params: { id: instructor.id } });
    expect([again.status, again.json.error.code]).toEqual([409, "conflict"]);
    expect((await call(confirmHeldRoute.POST, { method: "POST", params: { id: "not-a-uuid" } })).status).toBe(400);
  });
});

describe("GET /instructors/{id}/busy", () => {
  it("returns instants in UTC, all-day items as dates, and no title for private events", async () => {
    const { instructor, connection } = await connectedInstructor("default", "connected");
    await writeMirrorChanges(
      await getDb(),
      connection.id,
      {
        upserts: [
          event("a", {}),
          event("b", { isPrivate: true, title: null, response: "declined", isOrganizer: false }),
          event("c", {
            startsAt: new Date("2030-03-05T00:00:00Z"),
            endsAt: new Date("2030-03-07T00:00:00Z"),
            allDayStartDate: "2030-03-05",
            allDayEndDate: "2030-03-07",
            showAs: "oof",
            title: "Holiday",
          }),
          event("d", { isOurs: true, title: "Our booking" }),
          event("e", { startsAt: new Date("2031-01-01T09:00:00Z"), endsAt: new Date("2031-01-01T10:00:00Z") }),
        ].map((e) => ({ event: e, added: true })),
        deletes: [],
      },
      new Date(),
    );
    const busy = await call(busyRoute.GET, {
      params: { id: instructor.id },
      query: "?from=2030-03-01&to=2030-04-01T00:00:00Z",
    });
    expect(busy).toEqual({
      status: 200,
      json: {
        data: [
          {
            start: "2030-03-04T09:00:00.000Z",
            end: "2030-03-04T10:00:00.000Z",
            allDay: false,
            showAs: "busy",
            response: "organizer",
            cancelled: false,
            title: "Planning",
            private: false,
          },
          {
            start: "2030-03-04T09:00:00.000Z",
            end: "2030-03-04T10:00:00.000Z",
            allDay: false,
            showAs: "busy",
            response: "declined",
            cancelled: false,
            title: null,
            private: true,
          },
          {
            start: "2030-03-05",
            end: "2030-03-07",
            allDay: true,
            showAs: "oof",
            response: "organizer",
            cancelled: false,
            title: "Holiday",
            private: false,
          },
        ],
      },
    });

    const doc = (await (openApiRoute.GET() as Response).json()) as Json;
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    for (const [name, schema] of Object.entries(doc.components.schemas))
      ajv.addSchema(schema as object, `#/components/schemas/${name}`);
    const validate = ajv.compile({ $ref: "#/components/schemas/Busy" });
    for (const item of busy.json.data) expect(validate(item), JSON.stringify(validate.errors)).toBe(true);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/instructors/{id}/sync",
        "/instructors/{id}/sync/confirm-held",
        "/instructors/{id}/sync-runs",
        "/instructors/{id}/busy",
        "/sync-runs/{runId}",
      ]),
    );
  });

  it("never returns a title in Full Private Mode, and refuses a bad range with 422", async () => {
    const { instructor, connection } = await connectedInstructor("full_private", "connected");
    // A row written before a switch was purged: the answer still carries no title.
    await writeMirrorChanges(
      await getDb(),
      connection.id,
      { upserts: [{ event: event("x", { title: "Leftover" }), added: true }], deletes: [] },
      new Date(),
    );
    const busy = await call(busyRoute.GET, { params: { id: instructor.id }, query: "?from=2030-03-01&to=2030-04-01" });
    expect(busy.json.data).toMatchObject([{ title: null, private: false }]);
    for (const query of ["", "?from=2030-03-01", "?from=2030-04-01&to=2030-03-01", "?from=yesterday&to=2030-03-01"])
      expect((await call(busyRoute.GET, { params: { id: instructor.id }, query })).status, query).toBe(422);
  });
});
