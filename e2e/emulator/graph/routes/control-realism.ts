/**
 * Control API of issue 10 (stable, extends README "Control API"): the profile (`GET/POST
 * /_emulator/profile`), the request budget (`POST /_emulator/throttle`), a simulated notification
 * outage (`POST /_emulator/notifications/outage`, then `missed`), and "move the item"
 * (`POST /_emulator/users/{userId}/events/{eventId}/move`: new default id, same immutable id).
 */
import { z } from "zod";
import { json } from "../../core/http";
import type { EmulatorRequest, EmulatorResponse, Route } from "../../core/types";
import { getEvent } from "../event-store";
import { outwardId } from "../id-forms";
import { ProfileInput, RealismOverrides } from "../realism";
import { errorResponse } from "./pipeline";
import type { GraphRuntime } from "./runtime";

const SetProfile = z
  .object({
    profile: ProfileInput.shape.profile.unwrap().optional(),
    seed: z.number().int().min(0).optional(),
    overrides: RealismOverrides.optional(),
  })
  .strict();
const Throttle = z
  .object({
    maxConcurrent: z.number().int().min(1),
    maxPerWindow: z.number().int().min(1),
    windowMs: z.number().int().min(1),
    concurrencyRetryAfterSeconds: z.number().int().min(0),
  })
  .partial()
  .strict();
const Outage = z
  .object({ userId: z.string().min(1).optional(), durationSeconds: z.number().min(0).default(60) })
  .strict();

const invalid = (issues: unknown) => json(400, { error: "invalid_body", issues });
const noUser = (id: string) => json(404, { error: "not_found", message: `no user ${id}` });

function parse<T extends z.ZodType>(
  schema: T,
  req: EmulatorRequest,
): { ok: true; data: z.infer<T> } | { ok: false; res: EmulatorResponse } {
  const r = schema.safeParse(req.json ?? {});
  return r.success ? { ok: true, data: r.data } : { ok: false, res: invalid(r.error.issues) };
}

export function realismControlRoutes(rt: GraphRuntime): Route[] {
  const profileBody = () => ({ ...rt.profile });
  return [
    { method: "GET", pattern: "/_emulator/profile", handler: () => json(200, profileBody()) },
    {
      method: "POST",
      pattern: "/_emulator/profile",
      handler: (req) => {
        const body = parse(SetProfile, req);
        if (!body.ok) return body.res;
        rt.setProfile(body.data);
        return json(200, profileBody());
      },
    },
    {
      method: "POST",
      pattern: "/_emulator/throttle",
      handler: (req) => {
        const body = parse(Throttle, req);
        return body.ok ? json(200, rt.throttle.configure(body.data)) : body.res;
      },
    },
    { method: "GET", pattern: "/_emulator/notifications", handler: () => json(200, rt.queue.status()) },
    {
      method: "POST",
      pattern: "/_emulator/notifications/outage",
      handler: (req) => {
        const body = parse(Outage, req);
        if (!body.ok) return body.res;
        const mb = body.data.userId ? rt.mailbox(body.data.userId) : undefined;
        if (body.data.userId && !mb) return noUser(body.data.userId);
        const ids = (mb ? [mb] : rt.store.all()).flatMap((m) => [...m.subscriptions.keys()]);
        const untilMs = rt.ctx.now() + body.data.durationSeconds * 1000;
        rt.queue.startOutage(ids, untilMs);
        return json(202, { subscriptions: ids.length, until: new Date(untilMs).toISOString() });
      },
    },
    {
      method: "POST",
      pattern: "/_emulator/users/:userId/events/:eventId/move",
      handler: (req) => {
        const mb = rt.mailbox(req.params.userId ?? "");
        if (!mb) return noUser(req.params.userId ?? "");
        const now = rt.ctx.now();
        try {
          const ev = getEvent(mb, req.params.eventId ?? "");
          const rootId = ev.seriesMasterId ?? ev.id;
          const previousId = outwardId(mb, ev.id, false);
          mb.moves.set(rootId, (mb.moves.get(rootId) ?? 0) + 1);
          return json(200, { id: outwardId(mb, ev.id, false), immutableId: ev.id, previousId });
        } catch (err) {
          return errorResponse(req, now, err);
        }
      },
    },
  ];
}
