/** GET /api/v1/events/{id}/conflicts and /api/v1/instructors/{id}/availability, against the OpenAPI document. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";

// The handlers open the app's own database: a fresh embedded one here, or DATABASE_URL's.
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "calendar-sync-conflicts-api-"));

const { getDb } = await import("@/db/client");
const { calendarConnections, syncRuns } = await import("@/db/schema");
const { writeMirrorChanges } = await import("@/db/queries/mirror");
const { createApiKey } = await import("@/lib/services/api-keys/create-api-key");
const { testContext } = await import("@/lib/testing/test-context");
const { makeEvent, makeInstructor } = await import("@/db/testing/factories");
const { buildOpenApiDocument } = await import("@/lib/api/openapi");
const conflictsRoute = await import("./events/[id]/conflicts/route");
const availabilityRoute = await import("./instructors/[id]/availability/route");

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
let key: string;
let eventId: string;
let instructorId: string;
let unconnectedId: string;
beforeAll(async () => {
  const db = await getDb();
  const ctx = testContext({ db });
  key = (await createApiKey({ ctx, input: { name: "tests" } })).secret;
  const event = await makeEvent(ctx, { sessions: [{ start: "2027-02-02T09:00", end: "2027-02-02T17:00" }] });
  eventId = event.event.id;
  const instructor = await makeInstructor(ctx, { timeZone: "Europe/London" });
  instructorId = instructor.id;
  unconnectedId = (await makeInstructor(ctx)).id;
  const [connection] = await db
    .insert(calendarConnections)
    .values({ instructorId, status: "connected", privacyMode: "default" })
    .returning();
  await db.insert(syncRuns).values({
    connectionId: connection!.id,
    trigger: "hourly",
    kind: "pull",
    status: "succeeded",
    finishedAt: new Date(),
  });
  const base = {
    seriesMasterId: null,
    type: "singleInstance" as const,
    allDayStartDate: null,
    allDayEndDate: null,
    response: "organizer" as const,
    isCancelled: false,
    isOrganizer: true,
    isOurs: false,
    changeKey: null,
  };
  await writeMirrorChanges(
    db,
    connection!.id,
    {
      upserts: [
        {
          added: true,
          event: {
            ...base,
            graphId: "private",
            startsAt: new Date("2027-02-02T15:00:00Z"),
            endsAt: new Date("2027-02-02T16:00:00Z"),
            showAs: "busy",
            isPrivate: true,
            title: null,
          },
        },
        {
          added: true,
          event: {
            ...base,
            graphId: "free",
            startsAt: new Date("2027-02-02T17:00:00Z"),
            endsAt: new Date("2027-02-02T18:00:00Z"),
            showAs: "free",
            isPrivate: false,
            title: "Lunch",
          },
        },
      ],
      deletes: [],
    },
    new Date(),
  );
});

async function get(handler: typeof conflictsRoute.GET, params: object, query = "") {
  const request = new Request(`http://localhost/api/v1/x${query}`, { headers: { authorization: `Bearer ${key}` } });
  const response = await handler(request, { params: Promise.resolve(params as { id: string }) });
  return { status: response.status, json: (await response.json()) as Json };
}

const document = buildOpenApiDocument("http://localhost");
const ajv = new Ajv2020({ strict: false });
addFormats(ajv);
for (const [name, schema] of Object.entries(document.components.schemas))
  ajv.addSchema(schema as object, `#/components/schemas/${name}`);

describe("GET /events/{id}/conflicts", () => {
  it("lists every instructor with their conflicts, as documented", async () => {
    const res = await get(conflictsRoute.GET, { id: eventId });
    expect(res.status).toBe(200);
    const validate = ajv.compile({ $ref: "#/components/schemas/InstructorConflicts" });
    for (const item of res.json.data) expect(validate(item), JSON.stringify(validate.errors)).toBe(true);
    expect(res.json.data.find((d: Json) => d.instructorId === instructorId)).toEqual({
      instructorId,
      synced: true,
      stale: false,
      conflicts: [
        {
          source: "external",
          sessionId: expect.any(String),
          start: "2027-02-02T15:00:00.000Z",
          end: "2027-02-02T16:00:00.000Z",
          allDay: false,
          title: "Private",
          showAs: "busy",
          response: "organizer",
          tentative: false,
        },
      ],
    });
    // Without a calendar, availability is unknown: never reported as free.
    expect(res.json.data.find((d: Json) => d.instructorId === unconnectedId)).toEqual({
      instructorId: unconnectedId,
      synced: false,
      stale: true,
      conflicts: [],
    });
    expect(document.paths["/events/{id}/conflicts"].get.responses[200]).toBeDefined();
  });

  it("answers 404 for an unknown event", async () => {
    expect((await get(conflictsRoute.GET, { id: "00000000-0000-4000-8000-000000000000" })).status).toBe(404);
  });
});

describe("GET /instructors/{id}/availability", () => {
  it("gives the busy time in the range, free events left out", async () => {
    const res = await get(
      availabilityRoute.GET,
      { id: instructorId },
      "?from=2027-02-02T00:00:00Z&to=2027-02-03T00:00:00Z",
    );
    expect(res.status).toBe(200);
    const validate = ajv.compile({ $ref: "#/components/schemas/AvailabilityItem" });
    for (const item of res.json.data) expect(validate(item), JSON.stringify(validate.errors)).toBe(true);
    expect(res.json.data).toEqual([
      {
        start: "2027-02-02T15:00:00.000Z",
        end: "2027-02-02T16:00:00.000Z",
        allDay: false,
        source: "external",
        title: "Private",
        tentative: false,
      },
    ]);
  });

  it("refuses a missing or too long range with 422, an unknown instructor with 404", async () => {
    expect((await get(availabilityRoute.GET, { id: instructorId })).status).toBe(422);
    const long = await get(
      availabilityRoute.GET,
      { id: instructorId },
      "?from=2027-01-01T00:00:00Z&to=2027-06-01T00:00:00Z",
    );
    expect([long.status, long.json.error.fields]).toEqual([422, { to: ["At most 92 days after from"] }]);
    const unknown = await get(
      availabilityRoute.GET,
      { id: "00000000-0000-4000-8000-000000000000" },
      "?from=2027-02-02T00:00:00Z&to=2027-02-03T00:00:00Z",
    );
    expect(unknown.status).toBe(404);
  });
});
