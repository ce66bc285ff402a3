import { describe, expect, it } from "vitest";
import { createEvent } from "./event-store";
import { GraphError, toErrorResponse } from "./errors";
import { deliver, lifecycleNotificationFor, notificationsFor } from "./notifier";
import { OutboundTimeoutError, type HttpPoster, type OutboundRequest } from "./outbound";
import { GraphSchemaValidator } from "./schema-validator";
import {
  createSubscription,
  deleteSubscription,
  parseSubscriptionResource,
  renderSubscription,
  renewSubscription,
} from "./subscriptions";
import { NOW, newMailbox } from "./test-helpers";
import { runValidationHandshake, validationUrl } from "./validation-handshake";

const echo: HttpPoster = async (r) => ({
  status: 200,
  body: decodeURIComponent(new URL(r.url).searchParams.get("validationToken") ?? ""),
});
const inMinutes = (m: number) => new Date(NOW + m * 60_000).toISOString();
const body = (extra: Record<string, unknown> = {}) => ({
  changeType: "created,updated,deleted",
  notificationUrl: "https://app.example/api/graph/notify?x=1",
  lifecycleNotificationUrl: "https://app.example/api/graph/lifecycle",
  resource: "me/events",
  expirationDateTime: inMinutes(4000),
  clientState: "secret",
  ...extra,
});

describe("validation handshake (graph-behaviour.md §9.2)", () => {
  it("posts text/plain with the token appended to existing query strings and accepts an exact echo", async () => {
    const calls: OutboundRequest[] = [];
    await runValidationHandshake(
      async (r) => (calls.push(r), echo(r)),
      "https://a.example/n?x=1",
      "Validation: tok&en",
    );
    expect(calls[0]).toMatchObject({
      url: "https://a.example/n?x=1&validationToken=Validation%3A%20tok%26en",
      body: "",
      timeoutMs: 10_000,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
    expect(validationUrl("https://a.example/n", "t")).toBe("https://a.example/n?validationToken=t");
  });

  it.each([
    ["non-200", async () => ({ status: 202, body: "tok" }), "ValidationError", /200 OK/],
    ["wrong echo", async () => ({ status: 200, body: "tok2" }), "ValidationError", /exactly match/],
    [
      "timeout",
      async (r: OutboundRequest) => {
        throw new OutboundTimeoutError(r.url, r.timeoutMs);
      },
      "InvalidRequest",
      /timed out/,
    ],
    [
      "network error",
      async () => {
        throw new Error("ECONNREFUSED");
      },
      "ValidationError",
      /200 OK/,
    ],
  ])("%s -> 400 %s", async (_n, post, code, message) => {
    await expect(runValidationHandshake(post as HttpPoster, "https://a.example/n", "tok")).rejects.toMatchObject({
      status: 400,
      code,
      message: expect.stringMatching(message),
    });
  });
});

describe("subscriptions (graph-behaviour.md §9.1, §9.5)", () => {
  it.each([
    ["me/events", { userId: "caller", calendar: null }],
    ["/me/events", { userId: "caller", calendar: null }],
    ["users/u-9/events", { userId: "u-9", calendar: null }],
    ["Users/u-9/calendar/events", { userId: "u-9", calendar: "default" }],
    ["me/calendars/CAL-1/events?$filter=subject eq 'x'", { userId: "caller", calendar: "CAL-1" }],
  ])("resource %s", (resource, expected) => {
    expect(parseSubscriptionResource(resource, "caller")).toEqual(expected);
  });

  it("rejects calendarView and messages resources", () => {
    expect(() => parseSubscriptionResource("me/calendarView", "c")).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => parseSubscriptionResource("me/messages", "c")).toThrow(expect.objectContaining({ status: 400 }));
  });

  it.each([
    ["expiry past 10,080 minutes", { expirationDateTime: inMinutes(10_081) }, /10080 minutes/],
    ["expiry in the past", { expirationDateTime: inMinutes(-1) }, /future/],
    ["http notificationUrl", { notificationUrl: "http://app.example/n" }, /HTTPS/],
    ["bad changeType", { changeType: "created,moved" }, /moved/],
    ["long clientState", { clientState: "x".repeat(129) }, /128/],
  ])("rejects %s", async (_n, extra, message) => {
    const { store } = newMailbox();
    await expect(
      createSubscription(store, {
        body: body(extra),
        callerUserId: "user-1",
        applicationId: "app",
        immutableIds: false,
        now: NOW,
        post: echo,
        seed: "s",
      }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(message) });
  });

  it("creates after both handshakes, renders a schema-valid subscription, renews, deletes", async () => {
    const { store, mb } = newMailbox();
    const posted: string[] = [];
    const sub = await createSubscription(store, {
      body: body(),
      callerUserId: "user-1",
      applicationId: "app",
      immutableIds: true,
      now: NOW,
      post: async (r) => (posted.push(r.url), echo(r)),
      seed: "s1",
    });
    expect(posted.map((u) => u.split("?")[0])).toEqual([
      "https://app.example/api/graph/notify",
      "https://app.example/api/graph/lifecycle",
    ]);
    expect(mb.subscriptions.get(sub.id)).toBe(sub);
    const json = renderSubscription(sub);
    expect(json).toMatchObject({
      resource: "me/events",
      changeType: "created,updated,deleted",
      clientState: "secret",
      includeResourceData: false,
      latestSupportedTlsVersion: "v1_2",
    });
    expect(new GraphSchemaValidator().validate("subscription", json)).toEqual({ valid: true, errors: [] });
    expect(renewSubscription(store, sub.id, { expirationDateTime: inMinutes(4200) }, NOW + 60_000).expirationMs).toBe(
      NOW + 4200 * 60_000,
    );
    deleteSubscription(store, sub.id);
    expect(() => deleteSubscription(store, sub.id)).toThrow(expect.objectContaining({ status: 404 }));
  });

  it("a lifecycle URL cannot be added by PATCH", async () => {
    const { store } = newMailbox();
    const sub = await createSubscription(store, {
      body: body({ lifecycleNotificationUrl: undefined }),
      callerUserId: "user-1",
      applicationId: "app",
      immutableIds: false,
      now: NOW,
      post: echo,
      seed: "s2",
    });
    expect(() => renewSubscription(store, sub.id, { lifecycleNotificationUrl: "https://x.example/l" }, NOW)).toThrow(
      expect.objectContaining({ status: 400 }),
    );
  });
});

describe("notifications (graph-behaviour.md §9.3, §9.4)", () => {
  it("builds one basic notification per matching subscription", async () => {
    const { store, mb } = newMailbox();
    const sub = await createSubscription(store, {
      body: body({ changeType: "updated" }),
      callerUserId: "user-1",
      applicationId: "app",
      immutableIds: false,
      now: NOW,
      post: echo,
      seed: "s3",
    });
    const created = createEvent(
      mb,
      { subject: "x", start: { dateTime: "2026-03-20T10:00:00" }, end: { dateTime: "2026-03-20T11:00:00" } },
      { now: NOW },
    );
    expect(
      notificationsFor(mb, created.change ?? { changeType: "created", eventId: "" }, {
        now: NOW,
        tenantId: "t",
        seq: 1,
      }),
    ).toEqual([]);
    const [n] = notificationsFor(
      mb,
      { changeType: "updated", eventId: created.event.id, changeKey: created.event.changeKey },
      { now: NOW, tenantId: "tenant-1", seq: 2 },
    );
    expect(n?.url).toBe("https://app.example/api/graph/notify?x=1");
    expect(n?.payload.value[0]).toMatchObject({
      subscriptionId: sub.id,
      changeType: "updated",
      clientState: "secret",
      tenantId: "tenant-1",
      resource: `Users/user-1/Events/${created.event.id}`,
      resourceData: {
        "@odata.type": "#Microsoft.Graph.Event",
        "@odata.id": `Users/user-1/Events/${created.event.id}`,
        "@odata.etag": `W/"${created.event.changeKey}"`,
        id: created.event.id,
      },
    });
    expect(
      notificationsFor(mb, { changeType: "updated", eventId: "x" }, { now: sub.expirationMs, tenantId: "t", seq: 3 }),
    ).toEqual([]);
    expect(lifecycleNotificationFor(sub, "missed", "tenant-1")?.payload.value[0]).toEqual({
      subscriptionId: sub.id,
      subscriptionExpirationDateTime: expect.stringMatching(/Z$/),
      tenantId: "tenant-1",
      clientState: "secret",
      lifecycleEvent: "missed",
    });
  });

  it("retries until a 2xx within 3 s, on the configured schedule", async () => {
    const slept: number[] = [];
    const statuses = [500, 0, 202];
    let i = 0;
    const post: HttpPoster = async (r) => {
      expect(r.timeoutMs).toBe(3000);
      const s = statuses[i++] ?? 500;
      if (s === 0) throw new OutboundTimeoutError(r.url, r.timeoutMs);
      return { status: s, body: "" };
    };
    const n = { subscription: {} as never, url: "https://a.example/n", payload: { value: [] } };
    const policy = { timeoutMs: 3000, retryDelaysMs: [10, 20, 30], sleep: async (ms: number) => void slept.push(ms) };
    expect(await deliver(post, n, policy)).toEqual({ delivered: true, attempts: 3, lastStatus: 202 });
    expect(slept).toEqual([10, 20]);
    i = 0;
    statuses.splice(0, 3, 500, 500, 500);
    expect(await deliver(post, n, { ...policy, retryDelaysMs: [1, 1] })).toMatchObject({
      delivered: false,
      attempts: 3,
      lastStatus: 500,
    });
  });
});

describe("error envelope (graph-behaviour.md §6)", () => {
  it("wraps typed errors with innerError and request ids; unknown throws become 500", () => {
    const r = toErrorResponse(
      new GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store."),
      { now: new Date("2026-03-20T12:00:00.123Z"), requestId: "req-1", clientRequestId: "cli-1" },
    );
    expect(r).toEqual({
      status: 404,
      headers: { "request-id": "req-1", "client-request-id": "cli-1", "Content-Type": "application/json" },
      body: {
        error: {
          code: "ErrorItemNotFound",
          message: "The specified object was not found in the store.",
          innerError: { date: "2026-03-20T12:00:00", "request-id": "req-1", "client-request-id": "cli-1" },
        },
      },
    });
    expect(new GraphSchemaValidator().validate("error", r.body).valid).toBe(true);
    expect(toErrorResponse(new TypeError("bug"), { now: new Date(NOW), requestId: "r" }).status).toBe(500);
  });
});
