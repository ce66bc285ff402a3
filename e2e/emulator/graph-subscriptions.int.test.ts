/**
 * Graph conformance, part 5: change-notification subscriptions against a real local HTTP listener
 * (graph-behaviour.md §9; checklist §13 item 9): validation handshake on both URLs, exact-echo rule,
 * notifications for Graph writes and for changes "made in Outlook" via the control API, retries until
 * a 2xx, lifecycle events via the control API, renew / reauthorize / delete.
 */
import { GraphError, ResponseType } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMs365Emulator, type Ms365Emulator } from "./index";
import {
  control,
  eventBody,
  expectValid,
  expectValidCollection,
  expectValidGraphError,
  freshMailbox,
  type Mailbox,
} from "./testing/graph";
import { startWebhookListener, type WebhookListener } from "./testing/webhook-listener";

let emulator: Ms365Emulator;
let listener: WebhookListener;
let me: Mailbox;
let now: number;
beforeAll(async () => {
  // Short retry delays so the retry test does not wait Graph's real schedule.
  emulator = await createMs365Emulator({ port: 0, config: { graph: { notificationRetryDelaysMs: [100, 100] } } });
  listener = await startWebhookListener();
  now = emulator.ctx.now();
  me = await freshMailbox(emulator);
});
afterAll(async () => {
  await emulator?.close();
  await listener?.close();
});

const inHours = (h: number) => new Date(emulator.ctx.now() + h * 3_600_000).toISOString();
const subscriptionBody = (path: string, extra: Record<string, unknown> = {}) => ({
  changeType: "created,updated,deleted",
  notificationUrl: `${listener.url}${path}`,
  resource: "me/events",
  expirationDateTime: inHours(48),
  clientState: "secret-state",
  ...extra,
});
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected failure");
    },
    (e: unknown) => e as GraphError,
  );

describe("subscriptions", () => {
  it("§13 item 9: POST /subscriptions runs the handshake on both URLs (text/plain, validationToken) and returns 201", async () => {
    const raw = (await me.client
      .api("/subscriptions")
      .responseType(ResponseType.RAW)
      .post(subscriptionBody("/notify-a", { lifecycleNotificationUrl: `${listener.url}/lifecycle-a` }))) as Response;
    expect(raw.status).toBe(201);
    const sub = expectValid("subscription", await raw.json());
    expect(sub).toMatchObject({
      resource: "me/events",
      changeType: "created,updated,deleted",
      clientState: "secret-state",
      notificationUrl: `${listener.url}/notify-a`,
    });
    const validations = listener.received.filter((r) => r.query.has("validationToken"));
    expect(validations.map((r) => r.path)).toEqual(["/notify-a", "/lifecycle-a"]);
    expect(validations[0]?.contentType).toBe("text/plain; charset=utf-8");
    expect(validations[0]?.body).toBe("");
    const listed = expectValidCollection("subscriptionCollection", await me.client.api("/subscriptions").get());
    expect(listed.value.map((s) => s.id)).toContain(sub.id);
    await me.client.api(`/subscriptions/${String(sub.id)}`).delete();
  });

  it("a wrong echo, a non-https remote URL or a too-long lifetime -> 400", async () => {
    listener.behaviour.wrongEcho = true;
    const wrong = await failure(me.client.api("/subscriptions").post(subscriptionBody("/notify-wrong")));
    listener.behaviour.wrongEcho = false;
    expectValidGraphError(wrong, 400, "ValidationError");
    expect(wrong.message).toBe(
      "Subscription validation request failed. Response must exactly match validationToken query parameter.",
    );
    const http = await failure(
      me.client.api("/subscriptions").post({ ...subscriptionBody("/x"), notificationUrl: "http://example.com/notify" }),
    );
    expect(http.statusCode).toBe(400);
    const long = await failure(
      me.client.api("/subscriptions").post(subscriptionBody("/x", { expirationDateTime: inHours(24 * 7 + 1) })),
    );
    expect(long.statusCode).toBe(400); // Outlook events: at most 10,080 minutes (current documentation)
    const unreachable = await failure(
      me.client.api("/subscriptions").post({ ...subscriptionBody("/x"), notificationUrl: "http://127.0.0.1:9/closed" }),
    );
    expect(unreachable.statusCode).toBe(400);
  });

  it("§13 item 9: a notification POST follows every change — Graph writes and control-API (Outlook) changes — with clientState", async () => {
    const sub = await me.client.api("/subscriptions").post(subscriptionBody("/notify-b"));
    const created = await me.client.api("/me/events").post(eventBody(now, 2, "Notify me"));
    const first = await listener.waitFor(() => listener.notifications("/notify-b")[0]);
    expect(first).toMatchObject({
      subscriptionId: sub.id,
      changeType: "created",
      clientState: "secret-state",
      tenantId: emulator.state.users.get(me.userId)?.tenantId,
      resource: `Users/${me.userId}/Events/${String(created.id)}`,
      resourceData: {
        "@odata.type": "#Microsoft.Graph.Event",
        "@odata.id": `Users/${me.userId}/Events/${String(created.id)}`,
        "@odata.etag": created["@odata.etag"],
        id: created.id,
      },
    });
    expect(first.subscriptionExpirationDateTime).toBe(sub.expirationDateTime);
    await control(emulator, "PATCH", `/users/${me.userId}/events/${String(created.id)}`, {
      subject: "Changed in Outlook",
    });
    await control(emulator, "DELETE", `/users/${me.userId}/events/${String(created.id)}`);
    const all = await listener.waitFor(
      () => listener.notifications("/notify-b").length >= 3 && listener.notifications("/notify-b"),
    );
    expect(all.map((n) => n.changeType)).toEqual(["created", "updated", "deleted"]);
    await me.client.api(`/subscriptions/${String(sub.id)}`).delete();
  });

  it("§13 item 9: an unacknowledged notification (5xx) is retried until a 2xx arrives", async () => {
    const sub = await me.client
      .api("/subscriptions")
      .post(subscriptionBody("/notify-retry", { changeType: "created" }));
    listener.behaviour.failNext = 1;
    await me.client.api("/me/events").post(eventBody(now, 3, "Retry me"));
    const posts = await listener.waitFor(() => {
      const hits = listener.received.filter((r) => r.path === "/notify-retry" && r.json);
      return hits.length >= 2 && hits;
    });
    expect(posts[0]?.body).toBe(posts[1]?.body); // the same notification, delivered again
    await me.client.api(`/subscriptions/${String(sub.id)}`).delete();
  });

  it("§13 item 9: PATCH renews, reauthorize answers 204, DELETE 204, then 404; lifecycle events via the control API", async () => {
    const sub = await me.client
      .api("/subscriptions")
      .post(subscriptionBody("/notify-c", { lifecycleNotificationUrl: `${listener.url}/lifecycle-c` }));
    const renewed = expectValid(
      "subscription",
      await me.client.api(`/subscriptions/${String(sub.id)}`).patch({ expirationDateTime: inHours(60) }),
    );
    expect(Date.parse(String(renewed.expirationDateTime))).toBeGreaterThan(Date.parse(String(sub.expirationDateTime)));
    const reauth = (await me.client
      .api(`/subscriptions/${String(sub.id)}/reauthorize`)
      .responseType(ResponseType.RAW)
      .post({})) as Response;
    expect(reauth.status).toBe(204);

    for (const event of ["reauthorizationRequired", "missed"] as const) {
      expect((await control(emulator, "POST", `/subscriptions/${String(sub.id)}/lifecycle`, { event })).status).toBe(
        202,
      );
    }
    const lifecycle = await listener.waitFor(
      () => listener.notifications("/lifecycle-c").length >= 2 && listener.notifications("/lifecycle-c"),
    );
    expect(lifecycle.map((n) => n.lifecycleEvent).sort()).toEqual(["missed", "reauthorizationRequired"]);
    expect(lifecycle[0]).toMatchObject({
      subscriptionId: sub.id,
      clientState: "secret-state",
      tenantId: emulator.state.users.get(me.userId)?.tenantId,
    });

    await control(emulator, "POST", `/subscriptions/${String(sub.id)}/lifecycle`, { event: "subscriptionRemoved" });
    await listener.waitFor(() =>
      listener.notifications("/lifecycle-c").some((n) => n.lifecycleEvent === "subscriptionRemoved"),
    );
    expectValidGraphError(
      await failure(me.client.api(`/subscriptions/${String(sub.id)}`).get()),
      404,
      "ResourceNotFound",
    );

    const other = await me.client.api("/subscriptions").post(subscriptionBody("/notify-d"));
    const del = (await me.client
      .api(`/subscriptions/${String(other.id)}`)
      .responseType(ResponseType.RAW)
      .delete()) as Response;
    expect(del.status).toBe(204);
    expect((await failure(me.client.api(`/subscriptions/${String(other.id)}`).delete())).statusCode).toBe(404);
  });

  it("delegated tokens may subscribe only to their own mailbox", async () => {
    const other = await freshMailbox(emulator);
    const err = await failure(
      me.client.api("/subscriptions").post(subscriptionBody("/notify-e", { resource: `users/${other.userId}/events` })),
    );
    expectValidGraphError(err, 403, "ErrorAccessDenied");
  });
});
