import { eventType, type EventType, type StandardSchemaV1 } from "inngest";
import { z } from "zod";
import { syncTrigger } from "@/db/schema/sync-runs";

/**
 * Every event the app sends, with its payload schema. Functions use them as triggers, and both
 * runtimes validate payloads against them (Inngest when a function receives one, the in-process
 * runtime when it is sent). Services send through `ctx.jobs.send(event)` with the `JobEvent` type.
 */
const connectionRun = { connectionId: z.uuid(), trigger: z.enum(syncTrigger.enumValues) };

/**
 * Read the connection's Outlook calendar into the mirror. `runId`: the queued sync_runs row to
 * report on (Sync Calendar, the API); without it the job queues its own. `confirmHeld`: an admin
 * confirmed a held round's removals.
 */
export const syncPullRequested = eventType("sync/pull.requested", {
  schema: z.object({ ...connectionRun, runId: z.uuid().optional(), confirmHeld: z.boolean().optional() }),
});
/**
 * Converge the connection's Outlook calendar to the bookings the platform wants there. `eventIds`:
 * only the bookings of these events changed (a booking saved, an event edited), so only their
 * entries are looked at; without it, every booking of the connection's instructor.
 */
export const syncPushRequested = eventType("sync/push.requested", {
  schema: z.object({ ...connectionRun, eventIds: z.array(z.uuid()).max(100).optional() }),
});
/** A disconnection began: undo what the sync created, then finish it. */
export const calendarRemovalRequested = eventType("calendar/removal.requested", {
  // runId: the sync_runs row the request queued (absent from events sent before it existed: the job opens one).
  schema: z.object({ connectionId: z.uuid(), by: z.enum(["admin", "instructor"]), runId: z.uuid().optional() }),
});

export const jobEvents = [syncPullRequested, syncPushRequested, calendarRemovalRequested];

type Payload<T> =
  T extends EventType<infer Name, infer Schema>
    ? { name: Name; data: StandardSchemaV1.InferInput<NonNullable<Schema>>; id?: string }
    : never;
/** Any event the app may send, typed by name. */
export type JobEvent = Payload<(typeof jobEvents)[number]>;
