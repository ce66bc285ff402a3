/**
 * Outlook event subscriptions (graph-behaviour.md §9.1, §9.4, §9.5, §13 item 9): resource parsing
 * (`me/events`, `users/{id}/events`; calendar-scoped forms are [UNV]), changeType list, HTTPS URLs,
 * clientState ≤ 128 chars, maximum lifetime (default 10,080 min for events per the current documentation, configurable), 1,000 per mailbox,
 * validation handshakes on both URLs, PATCH renew (lifecycle URL cannot be added later), DELETE.
 */
import { GraphError, invalidRequest } from "./errors";
import { guidFrom } from "./ids";
import type { GraphStore, Mailbox } from "./mailbox";
import type { HttpPoster } from "./outbound";
import { formatUtcTimestamp } from "./time-zones";
import { runValidationHandshake } from "./validation-handshake";

export type ChangeType = "created" | "updated" | "deleted";

export type Subscription = {
  id: string;
  resource: string;
  userId: string;
  calendarId: string | null;
  changeTypes: ChangeType[];
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  expirationMs: number;
  clientState: string | null;
  applicationId: string;
  creatorId: string;
  latestSupportedTlsVersion: string;
  /** Prefer: IdType="ImmutableId" at creation; cannot be switched later (§9.1). */
  immutableIds: boolean;
};

export type SubscriptionConfig = {
  maxLifetimeMinutes: number;
  maxPerMailbox: number;
  /** The real service demands https; local wiring may allow http [emulator knob]. */
  requireHttps: boolean;
  /** Expiries closer than this are raised to it (Graph's 45-minute minimum; realistic profile). */
  minimumLifetimeMinutes?: number;
};

export const defaultSubscriptionConfig: SubscriptionConfig = {
  maxLifetimeMinutes: 10_080,
  maxPerMailbox: 1000,
  requireHttps: true,
};

const RESOURCE = /^\/?(me|users\/([^/]+))\/(events|calendar\/events|calendars\/([^/]+)\/events)(\?.*)?$/i;

/** Resource -> mailbox + optional calendar. `$filter` suffixes are accepted and ignored [UNV]. */
export function parseSubscriptionResource(
  resource: string,
  callerUserId: string,
): { userId: string; calendar: "default" | string | null } {
  const m = RESOURCE.exec(resource.trim());
  if (!m) throw invalidRequest(`The resource '${resource}' is not supported for change notifications.`); // [UNV]
  const userId = m[1]?.toLowerCase() === "me" ? callerUserId : decodeURIComponent(m[2] ?? "");
  const kind = m[3]?.toLowerCase() ?? "events";
  return {
    userId,
    calendar: kind === "events" ? null : kind === "calendar/events" ? "default" : decodeURIComponent(m[4] ?? ""),
  };
}

function parseChangeTypes(raw: unknown): ChangeType[] {
  if (typeof raw !== "string" || !raw.trim()) throw invalidRequest("changeType is required.");
  return raw.split(",").map((t) => {
    const v = t.trim();
    if (v !== "created" && v !== "updated" && v !== "deleted")
      throw invalidRequest(`'${v}' is not a valid changeType.`);
    return v;
  });
}

function parseExpiration(raw: unknown, now: number, cfg: SubscriptionConfig): number {
  const ms = typeof raw === "string" ? Date.parse(raw) : NaN;
  if (!Number.isFinite(ms)) throw invalidRequest("expirationDateTime is required.");
  if (ms <= now) throw invalidRequest("Subscription expiration must be in the future."); // [UNV text]
  if (ms > now + cfg.maxLifetimeMinutes * 60_000) {
    throw invalidRequest(`Subscription expiration can only be ${cfg.maxLifetimeMinutes} minutes in the future.`);
  }
  if (cfg.minimumLifetimeMinutes !== undefined) return Math.max(ms, now + cfg.minimumLifetimeMinutes * 60_000);
  return ms;
}

function checkUrl(raw: unknown, field: string, cfg: SubscriptionConfig): string {
  if (typeof raw !== "string" || !/^https?:\/\//i.test(raw))
    throw invalidRequest(`${field} is required and must be an absolute URL.`);
  if (cfg.requireHttps && !raw.toLowerCase().startsWith("https://"))
    throw invalidRequest(`${field} must use the HTTPS protocol.`);
  return raw;
}

export type CreateSubscriptionInput = {
  body: unknown;
  callerUserId: string;
  applicationId: string;
  immutableIds: boolean;
  now: number;
  post: HttpPoster;
  /** Seed for the subscription id and validation tokens (deterministic in tests). */
  seed: string;
};

/** Validates, runs both handshakes, stores; the 201 body is `renderSubscription(result)`. */
export async function createSubscription(
  store: GraphStore,
  input: CreateSubscriptionInput,
  cfg = defaultSubscriptionConfig,
): Promise<Subscription> {
  const b = input.body;
  if (typeof b !== "object" || b === null) throw invalidRequest("Empty Payload. JSON content expected.");
  const body = b as Record<string, unknown>;
  if (typeof body.resource !== "string") throw invalidRequest("resource is required.");
  const target = parseSubscriptionResource(body.resource, input.callerUserId);
  const mb = store.find(target.userId);
  if (!mb) throw new GraphError(404, "ResourceNotFound", `Resource '${body.resource}' does not exist.`); // [UNV]
  if (mb.subscriptions.size >= cfg.maxPerMailbox)
    throw new GraphError(403, "ExtensionError", "Too many subscriptions for this mailbox."); // [UNV]
  const clientState = body.clientState === undefined || body.clientState === null ? null : String(body.clientState);
  if (clientState !== null && clientState.length > 128)
    throw invalidRequest("clientState must not exceed 128 characters.");
  const sub: Subscription = {
    id: guidFrom(`subscription:${input.seed}`),
    resource: body.resource,
    userId: mb.owner.id,
    calendarId: target.calendar === "default" ? mb.defaultCalendarId : target.calendar,
    changeTypes: parseChangeTypes(body.changeType),
    notificationUrl: checkUrl(body.notificationUrl, "notificationUrl", cfg),
    lifecycleNotificationUrl:
      body.lifecycleNotificationUrl == null
        ? null
        : checkUrl(body.lifecycleNotificationUrl, "lifecycleNotificationUrl", cfg),
    expirationMs: parseExpiration(body.expirationDateTime, input.now, cfg),
    clientState,
    applicationId: input.applicationId,
    creatorId: input.callerUserId,
    latestSupportedTlsVersion:
      typeof body.latestSupportedTlsVersion === "string" ? body.latestSupportedTlsVersion : "v1_2",
    immutableIds: input.immutableIds,
  };
  await runValidationHandshake(input.post, sub.notificationUrl, `Validation: ${guidFrom(`token:${input.seed}`)}`);
  if (sub.lifecycleNotificationUrl) {
    await runValidationHandshake(
      input.post,
      sub.lifecycleNotificationUrl,
      `Validation: ${guidFrom(`ltoken:${input.seed}`)}`,
    );
  }
  mb.subscriptions.set(sub.id, sub);
  return sub;
}

export function findSubscription(store: GraphStore, id: string): { mailbox: Mailbox; subscription: Subscription } {
  for (const mailbox of store.all()) {
    const subscription = mailbox.subscriptions.get(id);
    if (subscription) return { mailbox, subscription };
  }
  throw new GraphError(404, "ResourceNotFound", `The object was not found.`); // [UNV text]
}

/** PATCH /subscriptions/{id}: renew (and reauthorize); a lifecycle URL cannot be added (§9.4). */
export function renewSubscription(
  store: GraphStore,
  id: string,
  body: unknown,
  now: number,
  cfg = defaultSubscriptionConfig,
): Subscription {
  const { subscription } = findSubscription(store, id);
  const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  if (b.lifecycleNotificationUrl !== undefined && subscription.lifecycleNotificationUrl === null) {
    throw invalidRequest("lifecycleNotificationUrl can only be set when the subscription is created.");
  }
  if (b.expirationDateTime !== undefined) subscription.expirationMs = parseExpiration(b.expirationDateTime, now, cfg);
  return subscription;
}

export function deleteSubscription(store: GraphStore, id: string): void {
  const { mailbox } = findSubscription(store, id);
  mailbox.subscriptions.delete(id);
}

/** Subscriptions past their expiry are deleted by Graph (§9.5); call before delivering. */
export function pruneExpired(mb: Mailbox, now: number): void {
  for (const [id, s] of mb.subscriptions) if (s.expirationMs <= now) mb.subscriptions.delete(id);
}

export function renderSubscription(s: Subscription): Record<string, unknown> {
  return {
    id: s.id,
    resource: s.resource,
    applicationId: s.applicationId,
    changeType: s.changeTypes.join(","),
    clientState: s.clientState,
    notificationUrl: s.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: s.lifecycleNotificationUrl,
    expirationDateTime: formatUtcTimestamp(s.expirationMs),
    creatorId: s.creatorId,
    includeResourceData: false,
    latestSupportedTlsVersion: s.latestSupportedTlsVersion,
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null,
  };
}
