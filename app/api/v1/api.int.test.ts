import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";

// The handlers open the app's own database: a fresh embedded one here, or DATABASE_URL's.
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "calendar-sync-api-"));

const { getDb } = await import("@/db/client");
const { createApiKey } = await import("@/lib/services/api-keys/create-api-key");
const { revokeApiKey } = await import("@/lib/services/api-keys/revoke-api-key");
const { testContext } = await import("@/lib/testing/test-context");
const { makeLocation, unique } = await import("@/db/testing/factories");
const instructorsRoute = await import("./instructors/route");
const instructorRoute = await import("./instructors/[id]/route");
const eventsRoute = await import("./events/route");
const eventRoute = await import("./events/[id]/route");
const assignmentRoute = await import("./events/[id]/instructors/[instructorId]/route");
const pushStatusRoute = await import("./events/[id]/push-status/route");
const openApiRoute = await import("./openapi.json/route");

let key: string;
beforeAll(async () => {
  key = (await createApiKey({ ctx: testContext({ db: await getDb() }), input: { name: "tests" } })).secret;
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
async function call(
  handler: (req: Request, ctx: { params: Promise<any> }) => Promise<Response>, // eslint-disable-line @typescript-eslint/no-explicit-any
  {
    method = "GET",
    params = {},
    body,
    auth = true,
    query = "",
  }: { method?: string; params?: object; body?: unknown; auth?: boolean | string; query?: string } = {},
): Promise<{ status: number; json: Json }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (auth) headers.authorization = `Bearer ${auth === true ? key : auth}`;
  const request = new Request(`http://localhost/api/v1/x${query}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Json) : {} };
}

describe("authentication", () => {
  it.each([[false], ["csk_wrong"]])("refuses %j with 401", async (auth) => {
    const res = await call(instructorsRoute.GET, { auth });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("unauthorized");
  });

  it("refuses a revoked key with 401", async () => {
    const ctx = testContext({ db: await getDb() });
    const revoked = await createApiKey({ ctx, input: { name: "to revoke" } });
    expect((await call(instructorsRoute.GET, { auth: revoked.secret })).status).toBe(200);
    await revokeApiKey({ ctx, id: revoked.id });
    const res = await call(instructorsRoute.GET, { auth: revoked.secret });
    expect([res.status, res.json.error.code]).toEqual([401, "unauthorized"]);
  });

  it("accepts a key until it expires, then answers 401", async () => {
    const created = new Date();
    const expiring = await createApiKey({
      ctx: { ...testContext({ db: await getDb() }), now: () => created },
      input: { name: "expiring", expiresInDays: 1 },
    });
    expect(expiring.expiresAt).toEqual(new Date(created.getTime() + 86_400_000));
    expect((await call(instructorsRoute.GET, { auth: expiring.secret })).status).toBe(200);
    // A key that expired a moment ago (its row as it will be one day later).
    const { apiKeys } = await import("@/db/schema");
    const { eq } = await import("drizzle-orm");
    await (
      await getDb()
    )
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.id, expiring.id));
    const res = await call(instructorsRoute.GET, { auth: expiring.secret });
    expect([res.status, res.json.error.message]).toEqual([
      401,
      "The API key is not valid, has expired or has been revoked",
    ]);
  });

  it("lets a read key read but answers 403 to every write", async () => {
    const ctx = testContext({ db: await getDb() });
    const reader = (await createApiKey({ ctx, input: { name: "reader", scope: "read" } })).secret;
    const location = await makeLocation(ctx, { timeZone: "Europe/London" });
    expect((await call(instructorsRoute.GET, { auth: reader })).status).toBe(200);
    expect((await call(eventsRoute.GET, { auth: reader })).status).toBe(200);
    const id = "00000000-0000-4000-8000-000000000000";
    const writes = [
      call(instructorsRoute.POST, {
        auth: reader,
        method: "POST",
        body: { name: "Read Only", email: `${unique("ro")}@example.test`, timeZone: "UTC" },
      }),
      call(instructorRoute.PATCH, { auth: reader, method: "PATCH", params: { id }, body: { name: "x" } }),
      call(eventsRoute.POST, {
        auth: reader,
        method: "POST",
        body: { title: "x", locationId: location.id, sessions: [] },
      }),
      call(eventRoute.PATCH, { auth: reader, method: "PATCH", params: { id }, body: {} }),
      call(assignmentRoute.PUT, { auth: reader, method: "PUT", params: { id, instructorId: id }, body: {} }),
      call(assignmentRoute.DELETE, { auth: reader, method: "DELETE", params: { id, instructorId: id } }),
    ];
    for (const res of await Promise.all(writes)) expect([res.status, res.json.error.code]).toEqual([403, "forbidden"]);
    // The same write with a read-write key gets through (and fails on its own merits).
    expect((await call(instructorRoute.PATCH, { method: "PATCH", params: { id }, body: { name: "x" } })).status).toBe(
      404,
    );
  });
});

describe("instructors", () => {
  it("creates, reads, updates and rejects a duplicate", async () => {
    const email = `${unique("api")}@example.test`;
    const created = await call(instructorsRoute.POST, {
      method: "POST",
      body: { name: "Ada", email, timeZone: "Europe/London" },
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect((await call(instructorRoute.GET, { params: { id } })).json).toMatchObject({ name: "Ada", email });
    const patched = await call(instructorRoute.PATCH, {
      method: "PATCH",
      params: { id },
      body: { timeZone: "Asia/Singapore" },
    });
    expect(patched.json.timeZone).toBe("Asia/Singapore");
    const duplicate = await call(instructorsRoute.POST, {
      method: "POST",
      body: { name: "Ada 2", email: email.toUpperCase(), timeZone: "UTC" },
    });
    expect([duplicate.status, duplicate.json.error.fields]).toEqual([
      409,
      { email: ["Already used by another instructor"] },
    ]);
  });

  it("sets and clears the Microsoft account a connection must use", async () => {
    const created = await call(instructorsRoute.POST, {
      method: "POST",
      body: { name: "Tom", email: `${unique("tom")}@example.test`, timeZone: "UTC" },
    });
    const id = created.json.id as string;
    expect(created.json.microsoftAccount).toBeNull();
    const set = await call(instructorRoute.PATCH, {
      method: "PATCH",
      params: { id },
      body: { microsoftAccount: "T.Jones@Corp.Example.test" },
    });
    expect([set.status, set.json.microsoftAccount]).toEqual([200, "t.jones@corp.example.test"]);
    expect(
      (
        await call(instructorRoute.PATCH, {
          method: "PATCH",
          params: { id },
          body: { microsoftAccount: "not an address" },
        })
      ).status,
    ).toBe(422);
    expect(
      (await call(instructorRoute.PATCH, { method: "PATCH", params: { id }, body: { microsoftAccount: "" } })).json
        .microsoftAccount,
    ).toBeNull();
    const doc = (await (openApiRoute.GET() as Response).json()) as Json;
    expect(Object.keys(doc.components.schemas.InstructorPatch.properties)).toContain("microsoftAccount");
    expect(Object.keys(doc.components.schemas.Instructor.properties)).toContain("microsoftAccount");
  });

  it("explains bad input field by field", async () => {
    const res = await call(instructorsRoute.POST, {
      method: "POST",
      body: { name: "", email: "nope", timeZone: "Mars/Base" },
    });
    expect(res.status).toBe(422);
    expect(Object.keys(res.json.error.fields).sort()).toEqual(["email", "name", "timeZone"]);
  });

  it("answers 404 for an unknown id and 400 for a malformed one", async () => {
    for (const [id, status] of [
      ["00000000-0000-4000-8000-000000000000", 404],
      ["not-a-uuid", 400],
    ] as const) {
      expect((await call(instructorRoute.GET, { params: { id } })).status).toBe(status);
      expect((await call(instructorRoute.PATCH, { method: "PATCH", params: { id }, body: {} })).status).toBe(status);
    }
  });
});

describe("events", () => {
  it("takes sessions in the event's time zone and returns them with the offset", async () => {
    const location = await makeLocation(testContext({ db: await getDb() }), { timeZone: "America/New_York" });
    const res = await call(eventsRoute.POST, {
      method: "POST",
      body: {
        title: "API course",
        locationId: location.id,
        sessions: [
          { start: "2026-12-01T09:00", end: "2026-12-01T17:00" },
          { start: "2026-12-02T14:00:00Z", end: "2026-12-02T22:00:00Z" },
        ],
      },
    });
    expect(res.status).toBe(201);
    expect(res.json.timeZone).toBe("America/New_York");
    expect(res.json.sessions.map((s: Json) => [s.start, s.end])).toEqual([
      ["2026-12-01T09:00:00.000-05:00", "2026-12-01T17:00:00.000-05:00"],
      ["2026-12-02T09:00:00.000-05:00", "2026-12-02T17:00:00.000-05:00"],
    ]);
    const id = res.json.id as string;
    expect(
      (await call(eventRoute.PATCH, { method: "PATCH", params: { id }, body: { lifecycle: "active" } })).json.lifecycle,
    ).toBe("active");
    expect(
      (await call(eventRoute.PATCH, { method: "PATCH", params: { id }, body: { lifecycle: "cancelled" } })).status,
    ).toBe(200);
    const reopened = await call(eventRoute.PATCH, { method: "PATCH", params: { id }, body: { lifecycle: "active" } });
    expect([reopened.status, reopened.json.error.code]).toEqual([409, "conflict"]);
    const listed = await call(eventsRoute.GET, { query: "?lifecycle=cancelled&search=API%20course" });
    expect(listed.json.data.map((e: Json) => e.id)).toContain(id);
  });

  it("books and unbooks an instructor with PUT and DELETE", async () => {
    const event = await call(eventsRoute.POST, {
      method: "POST",
      body: { title: "Booked", timeZone: "UTC", sessions: [{ start: "2026-12-01T09:00", end: "2026-12-01T10:00" }] },
    });
    const person = await call(instructorsRoute.POST, {
      method: "POST",
      body: { name: "Bo", email: `${unique("bo")}@example.test`, timeZone: "UTC" },
    });
    const params = { id: event.json.id, instructorId: person.json.id };
    expect((await call(assignmentRoute.PUT, { method: "PUT", params })).status).toBe(201);
    const again = await call(assignmentRoute.PUT, { method: "PUT", params, body: { role: "assistant" } });
    expect([again.status, again.json.role]).toEqual([200, "assistant"]);
    expect((await call(eventRoute.GET, { params: { id: params.id } })).json.instructors).toMatchObject([
      { instructorId: params.instructorId, role: "assistant" },
    ]);
    expect((await call(assignmentRoute.DELETE, { method: "DELETE", params })).status).toBe(204);
    expect((await call(assignmentRoute.DELETE, { method: "DELETE", params })).status).toBe(404);
    const badRole = await call(assignmentRoute.PUT, { method: "PUT", params, body: { role: "boss" } });
    expect(badRole.status).toBe(422);
  });

  it("reports each booked instructor's push status per session, valid against the OpenAPI document", async () => {
    const event = await call(eventsRoute.POST, {
      method: "POST",
      body: {
        title: "Pushed",
        lifecycle: "active",
        timeZone: "UTC",
        sessions: [
          { start: "2026-12-01T09:00", end: "2026-12-01T10:00" },
          { start: "2026-12-02T09:00", end: "2026-12-02T10:00" },
        ],
      },
    });
    const person = await call(instructorsRoute.POST, {
      method: "POST",
      body: { name: "Cy", email: `${unique("cy")}@example.test`, timeZone: "UTC" },
    });
    await call(assignmentRoute.PUT, { method: "PUT", params: { id: event.json.id, instructorId: person.json.id } });

    const res = await call(pushStatusRoute.GET, { params: { id: event.json.id } });

    expect(res.status).toBe(200);
    expect(res.json.data).toEqual(
      event.json.sessions.map((s: Json) => ({
        instructorId: person.json.id,
        sessionId: s.id,
        status: "not_connected",
        outlookEventId: null,
        lastAttemptAt: null,
        error: null,
      })),
    );
    const doc = (await (openApiRoute.GET() as Response).json()) as Json;
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    const validate = ajv.compile(doc.components.schemas.PushStatus);
    expect(validate(res.json), JSON.stringify(validate.errors)).toBe(true);
    expect((await call(pushStatusRoute.GET, { params: { id: crypto.randomUUID() } })).status).toBe(404);
    expect((await call(pushStatusRoute.GET, { params: { id: event.json.id }, auth: false })).status).toBe(401);
  });
});

describe("no input produces a 500", () => {
  const bodies: unknown[] = [
    "{not json",
    "",
    "null",
    "[]",
    "42",
    '"text"',
    { title: null, sessions: "x" },
    { sessions: [null] },
    { title: "x".repeat(5000), sessions: [{ start: "9am", end: {} }] },
    { lifecycle: "published" },
    { locationId: "x", timeZone: 5 },
  ];
  it.each(bodies.map((b) => [b]))("body %j", async (body) => {
    const id = "00000000-0000-4000-8000-000000000000";
    const results = await Promise.all([
      call(eventsRoute.POST, { method: "POST", body }),
      call(eventRoute.PATCH, { method: "PATCH", params: { id }, body }),
      call(instructorsRoute.POST, { method: "POST", body }),
      call(assignmentRoute.PUT, { method: "PUT", params: { id, instructorId: id }, body }),
    ]);
    for (const r of results) expect([400, 404, 409, 422]).toContain(r.status);
  });
  it.each(["?lifecycle=nope", "?limit=-1", "?limit=abc", "?endingAfter=tomorrow"])("query %s", async (query) => {
    expect((await call(eventsRoute.GET, { query })).status).toBe(422);
  });
});

describe("OpenAPI document", () => {
  it("describes what the handlers return", async () => {
    const doc = (await (openApiRoute.GET() as Response).json()) as Json;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/instructors",
        "/instructors/{id}",
        "/events",
        "/events/{id}",
        "/events/{id}/instructors/{instructorId}",
        "/events/{id}/push-status",
      ]),
    );
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    for (const [name, schema] of Object.entries(doc.components.schemas))
      ajv.addSchema(schema as object, `#/components/schemas/${name}`);
    const validateEvent = ajv.compile({ $ref: "#/components/schemas/Event" });
    const listed = await call(eventsRoute.GET);
    expect(listed.json.data.length).toBeGreaterThan(0);
    for (const event of listed.json.data) expect(validateEvent(event), JSON.stringify(validateEvent.errors)).toBe(true);
  });
});
