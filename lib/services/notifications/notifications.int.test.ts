/**
 * Graph change notifications end to end, against the emulator in its `realistic` profile (bursts, late,
 * duplicate and reordered deliveries; lifecycle events) with the app's real webhook on a local port and
 * the app's jobs in the in-process runtime on a hand-driven clock (lib/testing/notifications-fixture.ts):
 * handshake, clientState checks, subscriptions, one pull per burst, lifecycle events, the renewal cron
 * and removal. Full Private Mode's re-read of only the changed ids: full-private-notifications.int.test.ts.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { busyIntervals } from "@/db/queries/busy-intervals";
import { calendarConnections, calendarSubscriptions, syncRuns } from "@/db/schema";
import { disconnectCalendar } from "@/lib/services/connect/disconnect-calendar";
import { NOTIFICATION_PATH, SUBSCRIPTION_LIFETIME_MINUTES } from "@/lib/sync/change-notifications";
import { NOTIFIED_RECHECK_DELAYS_MS } from "@/lib/sync/notified-changes";
import { ensureCalendarSubscription } from "./ensure-calendar-subscription";
import { renewExpiringSubscriptions } from "./renew-expiring-subscriptions";
import {
  clock,
  connected,
  ctx,
  emulatorSubscriptions,
  endpoint,
  finished,
  h,
  HOUR,
  pendingIds,
  post,
  pullsOf,
  runtime,
  settle,
  setUpNotifications,
  subscriptionRow,
  timed,
  today,
} from "@/lib/testing/notifications-fixture";

setUpNotifications();

describe("the webhook", () => {
  it("answers the validation handshake with the decoded token as text/plain", async () => {
    const response = await post("", `?validationToken=${encodeURIComponent("Validation: token <&> 1")}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await response.text()).toBe("Validation: token <&> 1");
  });

  it("refuses a body that is not a notification collection", async () => {
    expect((await post("not json")).status).toBe(400);
    expect((await post({ value: [{ nope: 1 }] })).status).toBe(400);
  });

  it("rejects an unknown subscription and a wrong clientState: nothing is queued", async () => {
    const { connection } = await connected();
    const row = (await subscriptionRow(connection.id))!;
    const before = finished.length;
    const change = (subscriptionId: string, clientState: string) => ({
      value: [{ subscriptionId, clientState, changeType: "updated", resource: "Users/x/Events/AAA" }],
    });
    expect((await post(change(row.graphSubscriptionId!, "not-the-secret"))).status).toBe(202);
    expect((await post(change("00000000-0000-0000-0000-000000000000", "whatever"))).status).toBe(202);
    await runtime.whenIdle();
    expect(runtime.executingRuns).toBe(0);
    expect(finished.slice(before)).toEqual([]);
    expect((await subscriptionRow(connection.id))!.lastNotificationAt).toEqual(row.lastNotificationAt);
  });
});

describe("subscriptions", () => {
  it("are created right after connecting: Graph's id, a hashed clientState, an expiry within Outlook's maximum", async () => {
    const start = Date.now();
    const { connection, userId } = await connected();
    const row = (await subscriptionRow(connection.id))!;
    expect(row).toMatchObject({ status: "active", lastError: null });
    expect(row.clientStateHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + SUBSCRIPTION_LIFETIME_MINUTES * 60_000);
    // The current documentation's lifetime (10,080 minutes), not the older page's 4,230.
    expect(row.expiresAt!.getTime()).toBeGreaterThan(start + 4_230 * 60_000);
    const [graph] = await emulatorSubscriptions(userId);
    expect(graph).toMatchObject({
      id: row.graphSubscriptionId,
      notificationUrl: `${endpoint.baseUrl}${NOTIFICATION_PATH}`,
    });
    // The runtime's clock moves on in whole minutes and may cross an hour: the hourly pull's runs are not this test's.
    const pulls = (await pullsOf(connection.id, new Date(0))).filter(
      (r) => !["hourly", "baseline"].includes(r.trigger),
    );
    expect(pulls.map((r) => [r.trigger, r.status])).toEqual([["connect", "succeeded"]]);
  });

  it("fall back to the older 4,230-minute maximum when Graph refuses the documented lifetime", async () => {
    await h.control("POST", "/profile", { overrides: { subscriptionMaxMinutes: 4_230 } });
    try {
      const start = Date.now();
      const { connection } = await connected();
      const row = (await subscriptionRow(connection.id))!;
      expect(row).toMatchObject({ status: "active", lastError: null });
      expect(row.expiresAt!.getTime()).toBeGreaterThan(start + 4_100 * 60_000);
      expect(row.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 4_230 * 60_000);
    } finally {
      await h.control("POST", "/profile", { overrides: {} });
    }
  });

  it("are skipped without a public notification URL (the hourly pull covers)", async () => {
    const { connection } = await connected();
    const noUrl = { ...ctx, config: { ...ctx.config, notificationBaseUrl: null } };
    expect(await ensureCalendarSubscription({ ctx: noUrl, input: { connectionId: connection.id } })).toEqual({
      outcome: "skipped",
      reason: "no public https URL for notifications",
    });
    expect(await renewExpiringSubscriptions({ ctx: noUrl })).toMatchObject({ sent: 0 });
  });
});

describe("a change in Outlook", () => {
  it("is one notification-triggered pull, then visible in the busy data", async () => {
    const { connection, userId, instructor } = await connected();
    const since = ctx.now();
    await h.control("POST", `/users/${userId}/events`, timed(3, 10, "Dentist"));
    await settle();
    const pulls = await pullsOf(connection.id, since);
    expect(pulls.map((r) => [r.trigger, r.status])).toEqual([["notification", "succeeded"]]);
    const busy = await busyIntervals(h.db, {
      instructorIds: [instructor.id],
      from: new Date(today()),
      to: new Date(today() + 7 * 86_400_000),
    });
    expect(busy.map((b) => b.title)).toEqual(["Dentist"]);
    expect((await subscriptionRow(connection.id))!.lastNotificationAt).not.toBeNull();
  });

  it("Graph's delta behind its notification: checked again after a durable wait, and the change lands", async () => {
    // A lag longer than the notification debounce (20 s at most): the notification's own round misses it.
    await h.control("POST", "/profile", { overrides: { deltaReplicationLagMs: 45_000 } });
    try {
      const { connection, userId, instructor } = await connected();
      const since = ctx.now();
      await h.control("POST", `/users/${userId}/events`, timed(3, 10, "Dentist"));
      await settle();
      const pulls = (await pullsOf(connection.id, since)).filter((r) => r.trigger !== "hourly");
      expect(pulls.map((r) => [r.trigger, r.status])).toEqual([
        ["notification", "succeeded"],
        ["notification", "succeeded"],
      ]);
      const busy = await busyIntervals(h.db, {
        instructorIds: [instructor.id],
        from: new Date(today()),
        to: new Date(today() + 7 * 86_400_000),
      });
      expect(busy.map((b) => b.title)).toEqual(["Dentist"]);
      expect(await pendingIds(connection.id)).toEqual([]);
    } finally {
      await h.control("POST", "/profile", { overrides: {} });
    }
  });

  it("checks again a bounded number of times, then leaves the change to the hourly pull", async () => {
    await h.control("POST", "/profile", { overrides: { deltaReplicationLagMs: 3 * HOUR } });
    try {
      const { connection, userId } = await connected();
      const since = ctx.now();
      await h.control("POST", `/users/${userId}/events`, timed(3, 10, "Far behind"));
      await settle();
      for (const wait of NOTIFIED_RECHECK_DELAYS_MS) {
        await clock.advance(wait);
        await runtime.whenIdle();
      }
      await clock.advance(30 * 60_000);
      await runtime.whenIdle();
      const pulls = (await pullsOf(connection.id, since)).filter((r) => r.trigger === "notification");
      expect(pulls.map((r) => r.status)).toEqual(
        Array.from({ length: NOTIFIED_RECHECK_DELAYS_MS.length + 1 }, () => "succeeded"),
      );
      expect(await pendingIds(connection.id)).toEqual([]);
    } finally {
      await h.control("POST", "/profile", { overrides: {} });
    }
  });

  it("a burst of changes with duplicate and late deliveries is one pull, and the mirror is right", async () => {
    const { connection, userId, instructor } = await connected();
    const since = ctx.now();
    const delivered = endpoint.answered.length;
    const created = await Promise.all(
      [1, 2, 3, 4].map((d) => h.control<{ id: string }>("POST", `/users/${userId}/events`, timed(d, 9, `Busy ${d}`))),
    );
    await h.control("PATCH", `/users/${userId}/events/${encodeURIComponent(created[0]!.id)}`, { subject: "Moved" });
    await h.control("DELETE", `/users/${userId}/events/${encodeURIComponent(created[1]!.id)}`);
    await settle();
    // More notifications than changes (bursts, duplicates), one pull.
    expect(endpoint.answered.length - delivered).toBeGreaterThan(6);
    const pulls = await pullsOf(connection.id, since);
    expect(pulls.map((r) => [r.trigger, r.status])).toEqual([["notification", "succeeded"]]);
    const busy = await busyIntervals(h.db, {
      instructorIds: [instructor.id],
      from: new Date(today()),
      to: new Date(today() + 7 * 86_400_000),
    });
    expect(busy.map((b) => b.title).sort()).toEqual(["Busy 3", "Busy 4", "Moved"]);
    // The delta round read past every id the notifications noted.
    expect(await pendingIds(connection.id)).toEqual([]);
  });

  it("in Full Private Mode is pulled with times only: no subject, body or location crosses the wire", async () => {
    const { connection, userId, instructor } = await connected("full_private");
    await h.control("DELETE", "/requests");
    await h.control("POST", `/users/${userId}/events`, {
      ...timed(2, 14, "Secret interview"),
      body: { contentType: "text", content: "confidential notes" },
      location: { displayName: "Room 42" },
    });
    await settle();
    const busy = await busyIntervals(h.db, {
      instructorIds: [instructor.id],
      from: new Date(today()),
      to: new Date(today() + 7 * 86_400_000),
    });
    expect(busy.map((b) => b.title)).toEqual([null]);
    const log = (
      await h.control<{ value: { path: string; query: Record<string, string> }[] }>(
        "GET",
        `/requests?userId=${userId}&path=/v1.0/`,
      )
    ).value;
    const reads = log.filter((e) => e.path.includes("/calendarView") || e.path.includes("/events"));
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) expect(read.query.$select ?? "").not.toMatch(/subject|body|location/);
    expect(log.filter((e) => e.path.includes("/delta"))).toEqual([]);
    expect((await pullsOf(connection.id, new Date(0))).map((r) => r.trigger)).toContain("notification");
  });
});

describe("lifecycle notifications", () => {
  it("missed → a full pull (baseline)", async () => {
    const { connection } = await connected();
    const row = (await subscriptionRow(connection.id))!;
    const since = ctx.now();
    await h.control("POST", `/subscriptions/${row.graphSubscriptionId}/lifecycle`, { event: "missed" });
    await settle();
    const pulls = await pullsOf(connection.id, since);
    expect(pulls.map((r) => [r.trigger, r.status, r.counts.baseline])).toEqual([["notification", "succeeded", 1]]);
  });

  it("reauthorizationRequired → renewed under a new clientState (a new expiry at Graph and here)", async () => {
    const { connection, userId } = await connected();
    const old = new Date(Date.now() + 10 * 60_000);
    await h.db
      .update(calendarSubscriptions)
      .set({ expiresAt: old })
      .where(eq(calendarSubscriptions.connectionId, connection.id));
    const row = (await subscriptionRow(connection.id))!;
    await h.control("POST", `/subscriptions/${row.graphSubscriptionId}/lifecycle`, {
      event: "reauthorizationRequired",
    });
    await settle();
    const renewed = (await subscriptionRow(connection.id))!;
    expect(renewed.status).toBe("active");
    expect(renewed.graphSubscriptionId).not.toBe(row.graphSubscriptionId);
    expect(renewed.clientStateHash).not.toBe(row.clientStateHash);
    expect(renewed.expiresAt!.getTime()).toBeGreaterThan(old.getTime() + 48 * HOUR);
    const graph = await emulatorSubscriptions(userId);
    expect(graph.map((s) => s.id)).toEqual([renewed.graphSubscriptionId]);
    expect(new Date(graph[0]!.expirationDateTime).getTime()).toBe(renewed.expiresAt!.getTime());
  });

  it("subscriptionRemoved → created anew, then a pull", async () => {
    const { connection, userId } = await connected();
    const row = (await subscriptionRow(connection.id))!;
    const since = ctx.now();
    await h.control("POST", `/subscriptions/${row.graphSubscriptionId}/lifecycle`, { event: "subscriptionRemoved" });
    await settle();
    const again = (await subscriptionRow(connection.id))!;
    expect(again.status).toBe("active");
    expect(again.graphSubscriptionId).not.toBe(row.graphSubscriptionId);
    expect(again.clientStateHash).not.toBe(row.clientStateHash);
    expect((await emulatorSubscriptions(userId)).map((s) => s.id)).toEqual([again.graphSubscriptionId]);
    expect((await pullsOf(connection.id, since)).map((r) => r.trigger)).toEqual(["notification"]);
  });

  it("subscriptionRemoved because the instructor revoked the app → the refused-grant path (their disconnection)", async () => {
    const { connection, userId } = await connected();
    await h.control("POST", `/users/${userId}/revoke`, { immediate: true });
    await settle();
    const [after] = await h.db
      .select({ status: calendarConnections.status })
      .from(calendarConnections)
      .where(eq(calendarConnections.id, connection.id));
    expect(after!.status).toBe("disconnected_by_instructor");
    expect(await subscriptionRow(connection.id)).toBeUndefined();
  });
});

it("the renewal cron renews subscriptions near expiry and leaves the others", async () => {
  const near = await connected();
  const far = await connected();
  const soon = new Date(Date.now() + 2 * HOUR);
  await h.db
    .update(calendarSubscriptions)
    .set({ expiresAt: soon })
    .where(eq(calendarSubscriptions.connectionId, near.connection.id));
  const farBefore = (await subscriptionRow(far.connection.id))!;
  // What an eavesdropper captured before the renewal: a notification with the subscription's clientState.
  const [captured] = await emulatorSubscriptions(near.userId);
  await renewExpiringSubscriptions({ ctx });
  await settle();
  const renewed = (await subscriptionRow(near.connection.id))!;
  expect(renewed.expiresAt!.getTime()).toBeGreaterThan(soon.getTime() + 48 * HOUR);
  expect(renewed.graphSubscriptionId).not.toBe(captured!.id);
  const replayed = {
    value: [
      {
        subscriptionId: captured!.id,
        clientState: captured!.clientState,
        changeType: "updated",
        resource: "Users/x/Events/AAA",
      },
    ],
  };
  expect((await post(replayed)).status).toBe(202);
  await settle();
  expect((await subscriptionRow(near.connection.id))!.lastNotificationAt).toEqual(renewed.lastNotificationAt);
  expect((await subscriptionRow(far.connection.id))!.updatedAt).toEqual(farBefore.updatedAt);
});

it("removing the calendar deletes the Graph subscription and its row", async () => {
  const { connection, userId, instructor } = await connected();
  expect(await emulatorSubscriptions(userId)).toHaveLength(1);
  await disconnectCalendar({ ctx, instructorId: instructor.id, by: "admin" });
  await settle();
  expect(await emulatorSubscriptions(userId)).toEqual([]);
  expect(await subscriptionRow(connection.id)).toBeUndefined();
  const [removal] = await h.db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.connectionId, connection.id), eq(syncRuns.kind, "removal")));
  expect(removal).toMatchObject({ status: "succeeded", counts: expect.objectContaining({ subscriptionsDeleted: 1 }) });
});
