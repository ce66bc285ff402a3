import { eventType, type EventType, type StandardSchemaV1 } from "inngest";
import { z } from "zod";
import { lifecycleEvents } from "@/lib/sync/change-notifications";
import { disconnectRequesters } from "@/lib/sync/connection-state";
import { syncTriggers } from "@/lib/sync/sync-run-vocabulary";

/**
 * Every event the app sends, with its payload schema. Functions use them as triggers, and both
 * runtimes validate payloads against them (Inngest when a function receives one, the in-process
 * runtime when it is sent). Services send through `ctx.jobs.send(event)` with the `JobEvent` type.
 */
const connectionRun = { connectionId: z.uuid(), trigger: z.enum(syncTriggers) };

/**
 * Read the connection's Outlook calendar into the mirror. `runId`: the queued sync_runs row to
 * report on (Sync Calendar, the API); without it the job queues its own. `confirmHeld`: an admin
 * confirmed a held round's removals. `baseline`: read the whole window anew (a `missed` lifecycle
 * notification: some changes were never notified). `onlyNotified`: a change notification's pull; in
 * Full Private Mode it re-reads only the event ids the notifications named (kept in notified_changes).
 * `recheck`: the how-manieth check of notified ids an earlier notification pull did not see in delta.
 */
export const syncPullRequested = eventType("sync/pull.requested", {
  schema: z.object({
    ...connectionRun,
    runId: z.uuid().optional(),
    confirmHeld: z.boolean().optional(),
    baseline: z.boolean().optional(),
    onlyNotified: z.boolean().optional(),
    recheck: z.number().int().min(1).optional(),
  }),
});
/**
 * Graph notified a change in the connection's calendar: a debounced pull (a burst is one pull). The
 * changed ids are not in the event (debouncing keeps only the last one): the webhook noted them in
 * notified_changes before sending it.
 */
export const syncNotificationReceived = eventType("sync/notification.received", {
  schema: z.object({ connectionId: z.uuid() }),
});
/**
 * Make sure the connection's Graph subscription exists and is fresh (after connecting, the renewal
 * cron); `renewNow`: renew even when not due (a reconnect: Graph may have dropped it meanwhile); with
 * `lifecycleEvent`, act on a verified lifecycle notification.
 */
export const syncSubscriptionRequested = eventType("sync/subscription.requested", {
  schema: z.object({
    connectionId: z.uuid(),
    renewNow: z.boolean().optional(),
    lifecycleEvent: z.enum(lifecycleEvents).optional(),
  }),
});
/**
 * Converge the connection's Outlook calendar to the bookings the platform wants there. `eventIds`:
 * only the bookings of these events changed (a booking saved, an event edited), so only their
 * entries are looked at; without it, every booking of the connection's instructor.
 */
export const syncPushRequested = eventType("sync/push.requested", {
  schema: z.object({
    ...connectionRun,
    eventIds: z.array(z.uuid()).max(100).optional(),
    /**
     * Ignored: the holder of a reservation the saving transaction made when Push planned there too (removed,
     * docs/decisions/0006-push-push-planned-once.md). Still accepted so requests recorded before still parse.
     */
    prepared: z.string().optional(),
  }),
});
/**
 * A disconnection began: undo what the sync created, then finish it. `by`: who requested the disconnection,
 * as recorded on the connection (`disconnect_requested_by`) when the event was sent; for logs only, since the
 * job ends the removal with the connection's recorded requester, whoever (re)sent the event.
 */
export const calendarRemovalRequested = eventType("calendar/removal.requested", {
  // runId: the sync_runs row the request queued (absent from events sent before it existed: the job opens one).
  schema: z.object({ connectionId: z.uuid(), by: z.enum(disconnectRequesters), runId: z.uuid().optional() }),
});

export const jobEvents = [
  syncPullRequested,
  syncPushRequested,
  calendarRemovalRequested,
  syncNotificationReceived,
  syncSubscriptionRequested,
];

type Payload<T> =
  T extends EventType<infer Name, infer Schema>
    ? { name: Name; data: StandardSchemaV1.InferInput<NonNullable<Schema>>; id?: string }
    : never;
/** Any event the app may send, typed by name. */
export type JobEvent = Payload<(typeof jobEvents)[number]>;
