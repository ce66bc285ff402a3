import { z } from "zod";
import {
  assignmentInputSchema,
  eventInputSchema,
  eventPatchSchema,
  instructorInputSchema,
  instructorPatchSchema,
} from "@/lib/training/schemas";
import {
  assignmentResource,
  eventResource,
  instructorResource,
  listEventsQuery,
  listInstructorsQuery,
  pushStatusResource,
} from "./resources";
import { busyQuery, busyResource, syncRunResource } from "./sync-resources";
import { availabilityItemResource, availabilityQuery, instructorConflictsResource } from "./conflict-resources";

/**
 * The OpenAPI 3.1 document for /api/v1, generated from the same zod schemas the handlers
 * validate with, so the documentation cannot drift from the behaviour.
 */
const withoutDialect = ({ $schema: _, ...rest }: Record<string, unknown>) => rest;
const input = (schema: z.ZodType) => withoutDialect(z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }));
const output = (schema: z.ZodType) => withoutDialect(z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }));
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ content: { "application/json": { schema } } });

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: {
          type: "string",
          enum: [
            "bad_request",
            "validation_failed",
            "unauthorized",
            "forbidden",
            "not_found",
            "conflict",
            "internal_error",
            "service_unavailable",
          ],
        },
        message: { type: "string" },
        fields: {
          type: "object",
          additionalProperties: { type: "array", items: { type: "string" } },
          description: "Messages per field path, e.g. `sessions.0.end`",
        },
      },
    },
  },
};

/** The documented errors of an operation; every one may also answer 503 (busy: retry after `Retry-After`). */
const errors = (...codes: number[]) => ({
  ...Object.fromEntries(codes.map((c) => [String(c), { description: errorDescriptions[c], ...json(ref("Error")) }])),
  503: {
    description:
      "Busy or restarting (database contention or overload, the job layer shutting down): repeat the request after `Retry-After` seconds",
    headers: { "Retry-After": { required: true, schema: { type: "integer", minimum: 1 } } },
    ...json(ref("Error")),
  },
});
const errorDescriptions: Record<number, string> = {
  400: "The body is not JSON, or a path id is not a UUID",
  401: "Missing, wrong, expired or revoked API key",
  403: "The API key is read-only (scope `read`)",
  404: "No such id",
  409: "Conflicts with the current state",
  422: "The input breaks a rule; see `error.fields`",
};

function queryParameters(schema: z.ZodObject) {
  const shape = input(schema) as { properties: Record<string, object>; required?: string[] };
  return Object.entries(shape.properties).map(([name, s]) => ({ name, in: "query", required: false, schema: s }));
}
const pathId = (name: string) => ({ name, in: "path", required: true, schema: { type: "string", format: "uuid" } });

export function buildOpenApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Calendar Sync API",
      version: "1.0.0",
      description:
        "Instructors, events and bookings of the training platform. Authenticate with `Authorization: Bearer <API key>`; owners create keys under Settings › API keys or with `npm run api-key`. Every path id is a UUID (anything else: 400). No string may contain a NUL character (422). Session times fall between 1970-01-01 and 2099-12-31 (UTC) and a session lasts at most 14 days (422).",
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        Error: errorSchema,
        Instructor: output(instructorResource),
        InstructorInput: input(instructorInputSchema),
        InstructorPatch: input(instructorPatchSchema),
        Event: output(eventResource),
        EventInput: input(eventInputSchema),
        EventPatch: input(eventPatchSchema),
        AssignmentInput: input(assignmentInputSchema),
        Assignment: output(assignmentResource),
        SyncRun: output(syncRunResource),
        PushStatus: output(pushStatusResource),
        Busy: output(busyResource),
        InstructorConflicts: output(instructorConflictsResource),
        AvailabilityItem: output(availabilityItemResource),
      },
    },
    paths: {
      "/instructors": {
        get: {
          summary: "List instructors",
          parameters: queryParameters(listInstructorsQuery),
          responses: {
            200: {
              description: "Instructors by name",
              ...json({ type: "object", properties: { data: { type: "array", items: ref("Instructor") } } }),
            },
            ...errors(401, 422),
          },
        },
        post: {
          summary: "Create an instructor",
          requestBody: { required: true, ...json(ref("InstructorInput")) },
          responses: {
            201: { description: "Created", ...json(ref("Instructor")) },
            ...errors(400, 401, 403, 409, 422),
          },
        },
      },
      "/instructors/{id}": {
        parameters: [pathId("id")],
        get: {
          summary: "Get an instructor",
          responses: { 200: { description: "The instructor", ...json(ref("Instructor")) }, ...errors(400, 401, 404) },
        },
        patch: {
          summary: "Update an instructor",
          requestBody: { required: true, ...json(ref("InstructorPatch")) },
          responses: {
            200: { description: "Updated", ...json(ref("Instructor")) },
            ...errors(400, 401, 403, 404, 409, 422),
          },
        },
      },
      "/instructors/{id}/calendar": {
        parameters: [pathId("id")],
        delete: {
          summary: "Remove the instructor's calendar",
          description:
            "Disconnects at once; a background removal deletes every Outlook entry the sync created, the local copies and the stored sign-in. Follow it with GET /sync-runs/{runId}.",
          responses: {
            202: {
              description: "Removal started",
              ...json({
                type: "object",
                required: ["runId"],
                properties: { runId: { type: "string", format: "uuid" } },
              }),
            },
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      "/instructors/{id}/sync": {
        parameters: [pathId("id")],
        post: {
          summary: "Pull the instructor's Outlook calendar now",
          description:
            "Queues a pull (joining one already queued); follow it with `GET /sync-runs/{runId}`. 404 without a calendar connection, 409 when it cannot sync (Reconnect needed, disconnected).",
          responses: {
            202: {
              description: "Queued",
              ...json({
                type: "object",
                required: ["runId"],
                properties: { runId: { type: "string", format: "uuid" } },
              }),
            },
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      "/instructors/{id}/sync/confirm-held": {
        parameters: [pathId("id")],
        post: {
          summary: "Confirm a held pull round",
          description:
            "A pull that would remove more than half of the instructor's mirrored events (and at least 5) is held: nothing is applied and the run fails with an error starting `Held:`. Confirming queues a pull (trigger `manual`) that applies what Outlook shows; follow it with `GET /sync-runs/{runId}`. 404 without a calendar connection or pull, 409 when the newest pull was not held or the connection cannot sync.",
          responses: {
            202: {
              description: "Queued",
              ...json({
                type: "object",
                required: ["runId"],
                properties: { runId: { type: "string", format: "uuid" } },
              }),
            },
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      "/instructors/{id}/sync-runs": {
        parameters: [pathId("id")],
        get: {
          summary: "The instructor's last 50 sync runs, newest first",
          responses: {
            200: {
              description: "Sync runs",
              ...json({ type: "object", properties: { data: { type: "array", items: ref("SyncRun") } } }),
            },
            ...errors(400, 401, 404),
          },
        },
      },
      "/instructors/{id}/busy": {
        parameters: [pathId("id")],
        get: {
          summary: "The instructor's Outlook events overlapping [from, to), privacy applied",
          description:
            "From the mirror the sync keeps (hourly, on demand). `title` is null for private events and in Full Private Mode; all-day items are dates (YYYY-MM-DD, end exclusive), others UTC instants. Our own bookings are not included.",
          parameters: queryParameters(busyQuery).map((p) => ({ ...p, required: true })),
          responses: {
            200: {
              description: "Busy time",
              ...json({ type: "object", properties: { data: { type: "array", items: ref("Busy") } } }),
            },
            ...errors(400, 401, 404, 422),
          },
        },
      },
      "/instructors/{id}/availability": {
        parameters: [pathId("id")],
        get: {
          summary: "An instructor's busy time in a range (at most 92 days)",
          parameters: queryParameters(availabilityQuery).map((p) => ({ ...p, required: true })),
          responses: {
            200: {
              description: "Busy intervals by start",
              ...json({ type: "object", properties: { data: { type: "array", items: ref("AvailabilityItem") } } }),
            },
            ...errors(400, 401, 404, 422),
          },
        },
      },
      "/sync-runs/{runId}": {
        parameters: [pathId("runId")],
        get: {
          summary: "One sync run",
          responses: { 200: { description: "The sync run", ...json(ref("SyncRun")) }, ...errors(400, 401, 404) },
        },
      },
      "/events": {
        get: {
          summary: "List events by first session",
          parameters: queryParameters(listEventsQuery),
          responses: {
            200: {
              description: "Events",
              ...json({ type: "object", properties: { data: { type: "array", items: ref("Event") } } }),
            },
            ...errors(401, 422),
          },
        },
        post: {
          summary: "Create an event with its sessions",
          requestBody: { required: true, ...json(ref("EventInput")) },
          responses: { 201: { description: "Created", ...json(ref("Event")) }, ...errors(400, 401, 403, 422) },
        },
      },
      "/events/{id}": {
        parameters: [pathId("id")],
        get: {
          summary: "Get an event",
          responses: { 200: { description: "The event", ...json(ref("Event")) }, ...errors(400, 401, 404) },
        },
        patch: {
          summary: "Update an event",
          description:
            "Partial update. `sessions` and `resources` replace the whole list. Lifecycle: draft → active | cancelled, active → draft | cancelled; cancelled is final (409).",
          requestBody: { required: true, ...json(ref("EventPatch")) },
          responses: {
            200: { description: "Updated", ...json(ref("Event")) },
            ...errors(400, 401, 403, 404, 409, 422),
          },
        },
        delete: {
          summary: "Delete an event",
          description:
            "Deletes the event with its sessions, resources and bookings. Its entries in instructors' Outlook calendars are deleted by a background push right after; a calendar in Reconnect needed is cleaned once reconnected.",
          responses: { 204: { description: "Deleted" }, ...errors(400, 401, 403, 404) },
        },
      },
      "/events/{id}/push-status": {
        parameters: [pathId("id")],
        get: {
          summary: "Where each booked instructor's entry of each session stands in Outlook",
          description:
            "One item per booked instructor and session of an active event: `pending` (wanted, not yet confirmed), `in_outlook`, `failed` (retried; `error` says why), `not_connected` (no working calendar connection). A draft or cancelled event lists only entries still being removed.",
          responses: { 200: { description: "The push status", ...json(ref("PushStatus")) }, ...errors(400, 401, 404) },
        },
      },
      "/events/{id}/conflicts": {
        parameters: [pathId("id")],
        get: {
          summary: "Every instructor's conflicts with the event's sessions",
          description:
            "External conflicts come from the instructor's mirrored Outlook calendar by the organisation's conflict rules; internal ones are bookings on other draft or active events. `stale`: availability unknown (not connected, failing, or no successful pull for 3 hours), never free.",
          responses: {
            200: {
              description: "One entry per instructor",
              ...json({ type: "object", properties: { data: { type: "array", items: ref("InstructorConflicts") } } }),
            },
            ...errors(400, 401, 404),
          },
        },
      },
      "/events/{id}/instructors/{instructorId}": {
        parameters: [pathId("id"), pathId("instructorId")],
        put: {
          summary: "Book an instructor on an event (or change their role)",
          requestBody: { required: false, ...json(ref("AssignmentInput")) },
          responses: {
            201: { description: "Booked", ...json(ref("Assignment")) },
            200: { description: "Role updated", ...json(ref("Assignment")) },
            ...errors(400, 401, 403, 404, 409, 422),
          },
        },
        delete: {
          summary: "Remove an instructor from an event",
          responses: { 204: { description: "Removed" }, ...errors(400, 401, 403, 404) },
        },
      },
    },
  };
}
