/**
 * /v1.0/subscriptions (issue item 7; graph-behaviour.md §9): create with the validation handshake on
 * both URLs (real HTTP POSTs, 10 s), list / get, PATCH renew, POST reauthorize, DELETE. Delegated
 * callers may subscribe only to their own mailbox (§1.2); app-only callers to any mailbox of their
 * tenant with Calendars.Read(Write) as a role. Subscriptions are visible only to the app that made them.
 * Deviation (README): http URLs are accepted for localhost / 127.0.0.1 / [::1] only.
 */
import { randomUUID } from "node:crypto";
import type { Route } from "../../core/types";
import type { VerifiedAccessToken } from "../../identity/verify-access-token";
import { GraphError, invalidRequest } from "../errors";
import {
  createSubscription,
  deleteSubscription,
  findSubscription,
  parseSubscriptionResource,
  renewSubscription,
  renderSubscription,
  type Subscription,
} from "../subscriptions";
import { contextUrl } from "../render-directory";
import { MIN_SUBSCRIPTION_MINUTES } from "../realism";
import { checkAccess, resolveMailbox } from "./access";
import { graphRoute, type GraphCall } from "./pipeline";
import type { GraphRuntime } from "./runtime";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

function checkScheme(raw: unknown, field: string, allowLocalHttp: boolean): void {
  if (typeof raw !== "string") return; // presence and shape are checked by createSubscription
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidRequest(`${field} is required and must be an absolute URL.`);
  }
  if (url.protocol === "https:") return;
  if (url.protocol === "http:" && allowLocalHttp && LOOPBACK.has(url.hostname)) return;
  throw invalidRequest(`${field} must use the HTTPS protocol.`);
}

/** The subscription, if the calling app owns it (others see 404, as if it did not exist). */
function owned(rt: GraphRuntime, token: VerifiedAccessToken, id: string): Subscription {
  const { subscription } = findSubscription(rt.store, id);
  if (subscription.applicationId !== token.clientId || (token.userId && subscription.creatorId !== token.userId)) {
    throw new GraphError(404, "ResourceNotFound", "The object was not found."); // [UNV text]
  }
  return subscription;
}

/** Configured limits plus the profile's 45-minute minimum and maximum override (realism.ts). */
const subscriptionRules = (rt: GraphRuntime) => ({
  ...rt.config.subscriptions,
  ...(rt.settings.subscriptionMaxMinutes !== null ? { maxLifetimeMinutes: rt.settings.subscriptionMaxMinutes } : {}),
  ...(rt.settings.minimumSubscriptionLifetime ? { minimumLifetimeMinutes: MIN_SUBSCRIPTION_MINUTES } : {}),
});

const entity = (call: GraphCall, s: Subscription) => ({
  "@odata.context": contextUrl(call.versionRoot, "subscriptions/$entity"),
  ...renderSubscription(s),
});

async function create(rt: GraphRuntime, call: GraphCall) {
  const { token } = call;
  const body = (typeof call.req.json === "object" && call.req.json !== null ? call.req.json : {}) as Record<
    string,
    unknown
  >;
  const cfg = rt.config.subscriptions;
  checkScheme(body.notificationUrl, "notificationUrl", cfg.allowHttpForLocalhost);
  checkScheme(body.lifecycleNotificationUrl, "lifecycleNotificationUrl", cfg.allowHttpForLocalhost);
  if (typeof body.resource === "string") {
    // Who may subscribe to which mailbox: the same rules as reading it (§1.2, §9.1).
    const isMe = /^\/?me\//i.test(body.resource);
    const mb = resolveMailbox(
      rt,
      token,
      isMe ? undefined : parseSubscriptionResource(body.resource, "").userId,
      "read",
    );
    checkAccess(token, mb, "read");
  }
  const subscription = await createSubscription(
    rt.store,
    {
      body,
      callerUserId: token.userId ?? token.clientId,
      applicationId: token.clientId,
      immutableIds: call.prefs.immutableId,
      now: call.now,
      post: rt.post,
      seed: randomUUID(),
    },
    { ...subscriptionRules(rt), requireHttps: false },
  );
  return { status: 201, body: entity(call, subscription) };
}

export function subscriptionRoutes(rt: GraphRuntime): Route[] {
  return [
    graphRoute("POST", "/v1.0/subscriptions", rt, (call) => create(rt, call)),
    graphRoute("GET", "/v1.0/subscriptions", rt, (call) => {
      const mine = rt.store
        .all()
        .flatMap((mb) => [...mb.subscriptions.values()])
        .filter(
          (s) => s.applicationId === call.token.clientId && (!call.token.userId || s.creatorId === call.token.userId),
        );
      return {
        status: 200,
        body: { "@odata.context": contextUrl(call.versionRoot, "subscriptions"), value: mine.map(renderSubscription) },
      };
    }),
    graphRoute("GET", "/v1.0/subscriptions/:id", rt, (call) => ({
      status: 200,
      body: entity(call, owned(rt, call.token, call.req.params.id ?? "")),
    })),
    graphRoute("PATCH", "/v1.0/subscriptions/:id", rt, (call) => {
      const s = owned(rt, call.token, call.req.params.id ?? "");
      return {
        status: 200,
        body: entity(call, renewSubscription(rt.store, s.id, call.req.json, call.now, subscriptionRules(rt))),
      };
    }),
    graphRoute("POST", "/v1.0/subscriptions/:id/reauthorize", rt, (call) => {
      owned(rt, call.token, call.req.params.id ?? "");
      return { status: 204 };
    }),
    graphRoute("DELETE", "/v1.0/subscriptions/:id", rt, (call) => {
      deleteSubscription(rt.store, owned(rt, call.token, call.req.params.id ?? "").id);
      return { status: 204 };
    }),
  ];
}
