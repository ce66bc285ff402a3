/**
 * Bad input answers 4xx, never 5xx, and changes nothing (issue 22 §3): fast-check generates malformed input for
 * every operation of the OpenAPI document (path ids, query parameters, bodies) and each answer is checked, with
 * a fingerprint of every table the API can write taken before and after. Bounded runs: CI time is short.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "calendar-sync-malformed-"));
// "Changes nothing" is checked over whole tables: on PostgreSQL, a database of this file's own, since other
// files write to the shared one meanwhile. The route handlers open it through DATABASE_URL (db/client.ts).
const sharedUrl = process.env.DATABASE_URL;
const ownDatabase = `test_isolated_${randomBytes(6).toString("hex")}`;
if (sharedUrl) {
  const admin = postgres(sharedUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${ownDatabase}"`);
  await admin.end();
  const own = new URL(sharedUrl);
  own.pathname = `/${ownDatabase}`;
  process.env.DATABASE_URL = own.toString();
}
afterAll(async () => {
  if (!sharedUrl) return;
  // `with (force)` ends this file's own connections (db/client keeps its pool for the process).
  const admin = postgres(sharedUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${ownDatabase}" with (force)`).catch(() => undefined);
  await admin.end();
});

const { getDb } = await import("@/db/client");
const { createApiKey } = await import("@/lib/services/api-keys/create-api-key");
const { testContext } = await import("@/lib/testing/test-context");
const { makeEvent, makeInstructor } = await import("@/db/testing/factories");
const { assignInstructor } = await import("@/lib/services/training/assign-instructor");
const { buildOpenApiDocument } = await import("@/lib/api/openapi");

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const routeModules = import.meta.glob<Record<string, Handler>>("./**/route.ts");
const doc = buildOpenApiDocument("http://localhost");
type Operation = {
  path: string;
  method: string;
  pathParams: string[];
  query: string[];
  bodySchema: string | null;
  handler: Handler;
};

const TABLES = ["instructors", "events", "event_sessions", "event_resources", "assignments", "calendar_connections"];
const MORE_TABLES = [
  "job_requests",
  "sync_runs",
  "push_entries",
  "auth_requests",
  "invitations",
  "locations",
  "venues",
];

let key: string;
let valid: { instructorId: string; eventId: string };
const operations: Operation[] = [];

beforeAll(async () => {
  const ctx = testContext({ db: await getDb() });
  key = (await createApiKey({ ctx, input: { name: "malformed input" } })).secret;
  const instructor = await makeInstructor(ctx);
  const event = await makeEvent(ctx);
  await assignInstructor({ ctx, eventId: event.event.id, instructorId: instructor.id, input: {} });
  valid = { instructorId: instructor.id, eventId: event.event.id };
  for (const [template, item] of Object.entries(doc.paths) as [string, Record<string, unknown>][]) {
    const file = `.${template.replace(/\{(\w+)\}/g, "[$1]")}/route.ts`;
    const load = routeModules[file];
    if (!load) throw new Error(`no route module for ${template} (${file})`);
    const routeModule = await load();
    const pathParams = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    for (const method of ["get", "post", "put", "patch", "delete"]) {
      const op = item[method] as
        | {
            parameters?: { name: string; in: string }[];
            requestBody?: { content: { "application/json": { schema: { $ref: string } } } };
          }
        | undefined;
      if (!op) continue;
      const handler = routeModule[method.toUpperCase()];
      if (!handler) throw new Error(`${template} documents ${method} but exports none`);
      operations.push({
        path: template,
        method: method.toUpperCase(),
        pathParams,
        query: (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
        bodySchema: op.requestBody?.content["application/json"].schema.$ref.split("/").pop() ?? null,
        handler,
      });
    }
  }
});

async function fingerprint(): Promise<string> {
  const db = await getDb();
  const parts: string[] = [];
  for (const table of [...TABLES, ...MORE_TABLES]) {
    const rows = (await db.execute(
      sql.raw(`select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) as h from ${table} t`),
    )) as unknown as { rows?: { h: string }[] } | { h: string }[];
    parts.push(`${table}:${(Array.isArray(rows) ? rows : rows.rows!)[0]!.h}`);
  }
  return parts.join(" ");
}

async function call(op: Operation, params: Record<string, string>, query: string, body: string | undefined) {
  const request = new Request(`http://localhost/api/v1${op.path}${query}`, {
    method: op.method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body,
  });
  const response = await op.handler(request, { params: Promise.resolve(params) });
  return { status: response.status, text: await response.text() };
}

// Malformed values. Each is invalid wherever it lands: a NUL anywhere, the wrong JSON type, out-of-range sizes.
const nulString = fc.string({ maxLength: 12 }).map((s) => `${s}\u0000${s}`);
const notAnId = fc.oneof(
  fc.constantFrom("not-a-uuid", "1", "' OR 1=1 --", "../../etc/passwd", "%00", "\u0000", "ffffffff-ffff-ffff-ffff", ""),
  nulString,
  fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !/^[0-9a-f-]{36}$/i.test(s)),
);
const wrongType = fc.oneof(
  fc.constant({ $ne: 1 }),
  fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
  fc.constantFrom(true, -1, 1e308, 123.5),
);
const badSession = fc.constantFrom(
  { start: "0001-01-01T00:00", end: "9999-12-31T23:59" },
  { start: "1969-12-31T12:00:00Z", end: "1969-12-31T13:00:00Z" },
  { start: "2100-01-01T01:00:00Z", end: "2100-01-01T02:00:00Z" },
  { start: "2026-12-01T09:00", end: "2027-01-30T09:00" },
  { start: "2026-12-01T10:00", end: "2026-12-01T09:00" },
  { start: "2026-13-45T99:99", end: "2026-12-01T09:00" },
  { start: "2026-12-01T09:00\u0000", end: "2026-12-01T10:00" },
);
/** Invalid values for each kind of query parameter (a free-text search takes any string without NUL up to 200). */
function malformedQueryValue(name: string): fc.Arbitrary<string> {
  const always = [nulString, fc.constant("x".repeat(5000))];
  if (name === "limit" || name === "offset") return fc.oneof(...always, fc.constantFrom("abc", "-5", "1.5", "1e99"));
  if (name === "lifecycle") return fc.oneof(...always, fc.constantFrom("bogus", "ACTIVE", ""));
  if (name === "search") return fc.oneof(...always);
  return fc.oneof(...always, fc.constantFrom("not-a-date", "2026-02-30T25:00:00Z", "0", "tomorrow"));
}
/** A valid body per request schema: each generated body spoils one of the schema's own fields. */
const validBodies: Record<string, Record<string, unknown>> = {
  InstructorInput: { name: "Name", email: "someone@example.test", timeZone: "Europe/London" },
  InstructorPatch: { name: "Name" },
  EventInput: { title: "Course", timeZone: "UTC", sessions: [{ start: "2026-12-01T09:00", end: "2026-12-01T17:00" }] },
  EventPatch: { title: "Course" },
  AssignmentInput: { role: "lead" },
};
const notAnObject = fc.oneof(
  fc.constantFrom("{", "null", "[]", '"\\u0000"', "1", '{"title":', "\u0000"),
  fc.string({ maxLength: 30 }).filter((s) => {
    try {
      const v: unknown = JSON.parse(s);
      return typeof v !== "object" || v === null || Array.isArray(v);
    } catch {
      return s.trim() !== "";
    }
  }),
);
function malformedBody(schemaName: string): fc.Arbitrary<string> {
  const template = validBodies[schemaName]!;
  const schema = (doc.components.schemas as Record<string, { properties?: Record<string, unknown> }>)[schemaName]!;
  const fields = Object.keys(schema.properties ?? {});
  const spoiled = [
    // One of the schema's fields spoiled: a NUL, or the wrong JSON type.
    fc
      .tuple(fc.constantFrom(...fields), fc.oneof(nulString, wrongType))
      .map(([field, value]) => JSON.stringify({ ...template, [field]: value })),
    // A NUL in a key or deep in the structure.
    nulString.map((s) => JSON.stringify({ ...template, [s]: "x", resources: [{ name: s, quantity: 1 }] })),
    notAnObject,
  ];
  if (fields.includes("sessions"))
    spoiled.push(badSession.map((session) => JSON.stringify({ ...template, sessions: [session] })));
  return fc.oneof(...spoiled);
}

type Defect = { kind: "path" | "query" | "body"; params: Record<string, string>; query: string; body?: string };
function defects(op: Operation): fc.Arbitrary<Defect> {
  const goodParams: Record<string, string> = Object.fromEntries(
    op.pathParams.map((p) => [
      p,
      p === "instructorId" || op.path.startsWith("/instructors") ? valid.instructorId : valid.eventId,
    ]),
  );
  const goodBody = op.bodySchema ? JSON.stringify(validBodies[op.bodySchema]) : undefined;
  const kinds: fc.Arbitrary<Defect>[] = [];
  if (op.pathParams.length)
    kinds.push(
      fc.tuple(fc.constantFrom(...op.pathParams), notAnId).map(([name, value]) => ({
        kind: "path" as const,
        params: { ...goodParams, [name]: value },
        query: "",
        body: goodBody,
      })),
    );
  if (op.query.length)
    kinds.push(
      fc
        .constantFrom(...op.query)
        .chain((name) => malformedQueryValue(name).map((value) => [name, value] as const))
        .map(([name, value]) => ({
          kind: "query" as const,
          params: goodParams,
          query: `?${new URLSearchParams({ [name]: value })}`,
          body: goodBody,
        })),
    );
  if (op.bodySchema)
    kinds.push(
      malformedBody(op.bodySchema).map((body) => ({ kind: "body" as const, params: goodParams, query: "", body })),
    );
  return fc.oneof(...kinds);
}

describe("malformed input to every operation of the OpenAPI document", () => {
  it("covers every documented operation", () => {
    expect(operations.length).toBeGreaterThanOrEqual(18);
  });

  it("answers 4xx, never 5xx, and changes nothing", async () => {
    const before = await fingerprint();
    for (const op of operations) {
      await fc.assert(
        fc.asyncProperty(defects(op), async (d) => {
          const { status, text } = await call(op, d.params, d.query, d.body);
          if (status < 400 || status >= 500)
            throw new Error(
              `${op.method} ${op.path} (${d.kind} ${JSON.stringify(d)}) answered ${status}: ${text.slice(0, 200)}`,
            );
        }),
        { numRuns: 15, seed: 22 },
      );
    }
    expect(await fingerprint()).toBe(before);
  }, 120_000);

  it("answers the inputs of the security review with a clear 4xx", async () => {
    const op = (method: string, path: string) => operations.find((o) => o.method === method && o.path === path)!;
    const { instructorId, eventId } = valid;
    const session = (start: string, end: string) =>
      JSON.stringify({ title: "T", timeZone: "UTC", sessions: [{ start, end }] });
    const cases: [string, Operation, Record<string, string>, string, string | undefined, number][] = [
      [
        "DELETE calendar of not-a-uuid",
        op("DELETE", "/instructors/{id}/calendar"),
        { id: "not-a-uuid" },
        "",
        undefined,
        400,
      ],
      ["GET event not-a-uuid", op("GET", "/events/{id}"), { id: "not-a-uuid" }, "", undefined, 400],
      ["GET sync run NUL", op("GET", "/sync-runs/{runId}"), { runId: "\u0000" }, "", undefined, 400],
      [
        "POST instructor, NUL in name",
        op("POST", "/instructors"),
        {},
        "",
        JSON.stringify({ ...validBodies.InstructorInput, name: "A\u0000B" }),
        422,
      ],
      [
        "POST event, session 0001 to 9999",
        op("POST", "/events"),
        {},
        "",
        session("0001-01-01T00:00:00Z", "9999-12-31T23:59:00Z"),
        422,
      ],
      [
        "POST event, 30-day session",
        op("POST", "/events"),
        {},
        "",
        session("2026-12-01T09:00:00Z", "2026-12-31T09:00:00Z"),
        422,
      ],
      ["GET instructors, NUL in search", op("GET", "/instructors"), {}, "?search=a%00b", undefined, 422],
      ["GET events, NUL in search", op("GET", "/events"), {}, "?search=%00", undefined, 422],
      [
        "PATCH event, NUL in title",
        op("PATCH", "/events/{id}"),
        { id: eventId },
        "",
        JSON.stringify({ title: "\u0000" }),
        422,
      ],
      [
        "PUT booking, body null",
        op("PUT", "/events/{id}/instructors/{instructorId}"),
        { id: eventId, instructorId },
        "",
        "null",
        400,
      ],
      [
        "GET busy, NUL in from",
        op("GET", "/instructors/{id}/busy"),
        { id: instructorId },
        "?from=%00&to=2026-12-02T00:00:00Z",
        undefined,
        422,
      ],
    ];
    const answers: string[] = [];
    for (const [name, operation, params, query, body] of cases)
      answers.push(`${name}: ${(await call(operation, params, query, body)).status}`);
    expect(answers).toEqual(cases.map(([name, , , , , status]) => `${name}: ${status}`));
  });
});
