import type { Client } from "@microsoft/microsoft-graph-client";
import type { Subscription } from "@microsoft/microsoft-graph-types";
import type { ConnectionAccessToken } from "./connection-access-token";
import { isGraphNotFound } from "./errors";
import { sendGraph } from "./graph-send";
import type { GraphRequestCounter } from "./request-counter";

export type NewCalendarSubscription = {
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  clientState: string;
  expirationDateTime: Date;
};

/** What we keep of a subscription Graph answered with. */
export type GraphSubscription = { id: string; expiresAt: Date };

/**
 * One connection's change-notification subscriptions (graph-behaviour.md §9), through the same SDK
 * chain, mailbox limiter, retry policy and typed errors as its calendar client. Creation sends
 * `Prefer: IdType="ImmutableId"` (every call does), so notifications carry the ids the mirror keeps.
 * A create is a POST: never retried here (a lost answer leaves a subscription that expires on its own).
 */
export class GraphSubscriptionClient {
  constructor(
    readonly connectionId: string,
    private readonly sdk: Client,
    private readonly token: ConnectionAccessToken,
    private readonly counter: GraphRequestCounter,
  ) {}

  get requestCount(): number {
    return this.counter.requests;
  }

  /** `POST /subscriptions` on the signed-in user's events; Graph validates both URLs first (§9.2). */
  async create(input: NewCalendarSubscription): Promise<GraphSubscription> {
    const created = await sendGraph<Subscription>(this.sdk, this.token, "/subscriptions", (r) =>
      r.post({
        changeType: "created,updated,deleted",
        resource: "me/events",
        notificationUrl: input.notificationUrl,
        lifecycleNotificationUrl: input.lifecycleNotificationUrl,
        clientState: input.clientState,
        expirationDateTime: input.expirationDateTime.toISOString(),
        latestSupportedTlsVersion: "v1_2",
      } satisfies Subscription),
    );
    return answered(created);
  }

  /**
   * `GET /subscriptions`: the subscriptions this app holds for the signed-in user (delegated: only
   * theirs, graph-behaviour.md §9.5), with where each one notifies. A mailbox holds a handful at most,
   * so the first page is all of them.
   */
  async list(): Promise<{ id: string; notificationUrl: string | null }[]> {
    const page = await sendGraph<{ value?: Subscription[] }>(this.sdk, this.token, "/subscriptions", (r) => r.get());
    return (page.value ?? []).flatMap((s) => (s.id ? [{ id: s.id, notificationUrl: s.notificationUrl ?? null }] : []));
  }

  /** `PATCH /subscriptions/{id}` with a new expiry: renews and reauthorizes (§9.4). 404 → GraphRequestError. */
  async renew(id: string, expirationDateTime: Date): Promise<GraphSubscription> {
    const renewed = await sendGraph<Subscription>(
      this.sdk,
      this.token,
      `/subscriptions/${encodeURIComponent(id)}`,
      (r) => r.patch({ expirationDateTime: expirationDateTime.toISOString() }),
    );
    return answered(renewed);
  }

  /** `DELETE /subscriptions/{id}`; false when Graph no longer had it (404 = already gone, §9.5). */
  async delete(id: string): Promise<boolean> {
    try {
      await sendGraph(this.sdk, this.token, `/subscriptions/${encodeURIComponent(id)}`, (r) => r.delete());
      return true;
    } catch (error) {
      if (isGraphNotFound(error)) return false;
      throw error;
    }
  }
}

function answered(s: Subscription): GraphSubscription {
  if (!s.id || !s.expirationDateTime) throw new Error("Graph answered a subscription without an id or expiry");
  return { id: s.id, expiresAt: new Date(s.expirationDateTime) };
}
