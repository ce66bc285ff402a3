/**
 * Control API additions of the Graph half (issue item 8; stable like part 1's, README "Control
 * API"). Event changes here are made "as if the user made them in Outlook" (`asOutlook`: organizer,
 * responseStatus and isCancelled may be set) and go through the same store verbs as Graph writes,
 * so the journal (delta) and subscribers (notifications) see them. `{userId}` is an object id or an
 * email. Graph errors keep Graph's envelope; unknown users/subscriptions answer like part 1's control API.
 */
import { z } from "zod";
import { json, noContent } from "../../core/http";
import type { EmulatorRequest, EmulatorResponse, Route } from "../../core/types";
import { renderEvent } from "../event-render";
import { createEvent, deleteEvent, updateEvent } from "../event-store";
import { GraphError } from "../errors";
import { outwardId } from "../id-forms";
import type { StoredEvent } from "../event-types";
import { isDeletedItemsFolder, type Mailbox } from "../mailbox";
import { lifecycleNotificationFor } from "../notifier";
import { deleteSubscription, findSubscription, renderSubscription } from "../subscriptions";
import { errorResponse } from "./pipeline";
import type { GraphRuntime } from "./runtime";

const ExpireDelta = z.object({
  userId: z.string().min(1),
  location: z.boolean().optional(),
  /** The sync-state error expired tokens answer with (default 410 SyncStateNotFound). */
  error: z
    .object({
      code: z.enum(["SyncStateNotFound", "syncStateNotFound", "resyncRequired", "syncStateInvalid"]),
      status: z.number().int().min(400).max(499).default(410),
    })
    .optional(),
});
const Lifecycle = z.object({ event: z.enum(["reauthorizationRequired", "subscriptionRemoved", "missed"]) });

const noUser = (id: string) => json(404, { error: "not_found", message: `no user ${id}` });
const invalid = (issues: unknown) => json(400, { error: "invalid_body", issues });

/** A stored event with all its extended properties (`[]` when it has none), as Graph renders it without Prefer (default ids). */
const dump = (mb: Mailbox, ev: StoredEvent) => ({
  ...renderEvent(ev, { idOut: (id) => outwardId(mb, id, false) }),
  singleValueExtendedProperties: ev.singleValueExtendedProperties.map((p) => ({ ...p })),
});

export function graphControlRoutes(rt: GraphRuntime): Route[] {
  /** Resolve the mailbox, run `fn`, map GraphErrors to Graph's envelope. */
  const withMailbox =
    (fn: (req: EmulatorRequest, mb: Mailbox, now: number) => EmulatorResponse) =>
    (req: EmulatorRequest): EmulatorResponse => {
      const mb = rt.mailbox(req.params.userId ?? "");
      if (!mb) return noUser(req.params.userId ?? "");
      const now = rt.ctx.now();
      try {
        return fn(req, mb, now);
      } catch (err) {
        return errorResponse(req, now, err);
      }
    };
  return [
    {
      method: "GET",
      pattern: "/_emulator/users/:userId/events",
      // The calendar's items; `?folder=deleteditems` lists what the realistic profile's deletes moved to Deleted Items.
      handler: withMailbox((req, mb) => {
        const trash = req.query.get("folder") === "deleteditems";
        const inFolder = (ev: StoredEvent) => isDeletedItemsFolder(ev.calendarId) === trash;
        return json(200, { value: [...mb.events.values()].filter(inFolder).map((ev) => dump(mb, ev)) });
      }),
    },
    {
      method: "POST",
      pattern: "/_emulator/users/:userId/events",
      handler: withMailbox((req, mb, now) => {
        const { event, change } = createEvent(mb, req.json, { now, asOutlook: true });
        rt.afterChange(mb, change, event.calendarId);
        return json(201, dump(mb, event));
      }),
    },
    {
      method: "PATCH",
      pattern: "/_emulator/users/:userId/events/:eventId",
      handler: withMailbox((req, mb, now) => {
        const { event, change } = updateEvent(mb, req.params.eventId ?? "", req.json, { now, asOutlook: true });
        rt.afterChange(mb, change, event.calendarId);
        return json(200, dump(mb, event));
      }),
    },
    {
      method: "DELETE",
      pattern: "/_emulator/users/:userId/events/:eventId",
      handler: withMailbox((req, mb, now) => {
        const { change } = deleteEvent(mb, req.params.eventId ?? "", { now });
        rt.afterChange(mb, change);
        return noContent();
      }),
    },
    {
      method: "POST",
      pattern: "/_emulator/delta/expire",
      handler: (req) => {
        const body = ExpireDelta.safeParse(req.json ?? {});
        if (!body.success) return invalid(body.error.issues);
        const mb = rt.mailbox(body.data.userId);
        if (!mb) return noUser(body.data.userId);
        rt.store.expireDeltaTokens(mb.owner.id, body.data.location, body.data.error);
        return json(200, { ok: true });
      },
    },
    {
      method: "GET",
      pattern: "/_emulator/subscriptions",
      handler: (req) => {
        const userId = req.query.get("userId");
        const mb = userId ? rt.mailbox(userId) : undefined;
        if (userId && !mb) return noUser(userId);
        const subs = (mb ? [mb] : rt.store.all()).flatMap((m) => [...m.subscriptions.values()]);
        return json(200, { value: subs.map((s) => ({ ...renderSubscription(s), userId: s.userId })) });
      },
    },
    { method: "POST", pattern: "/_emulator/subscriptions/:id/lifecycle", handler: (req) => lifecycle(rt, req) },
  ];
}

/** Sends a lifecycle notification now (§9.4); `subscriptionRemoved` also deletes the subscription. */
function lifecycle(rt: GraphRuntime, req: EmulatorRequest): EmulatorResponse {
  const body = Lifecycle.safeParse(req.json ?? {});
  if (!body.success) return invalid(body.error.issues);
  let found;
  try {
    found = findSubscription(rt.store, req.params.id ?? "");
  } catch (err) {
    if (err instanceof GraphError)
      return json(404, { error: "not_found", message: `no subscription ${req.params.id ?? ""}` });
    throw err;
  }
  const n = lifecycleNotificationFor(found.subscription, body.data.event, rt.tenantOf(found.mailbox));
  if (n) rt.send(n);
  if (body.data.event === "subscriptionRemoved") deleteSubscription(rt.store, found.subscription.id);
  return json(202, { sent: n !== null, lifecycleNotificationUrl: found.subscription.lifecycleNotificationUrl });
}
