/**
 * Realistic profile, change notifications (issue 10 item 3; graph-behaviour.md §9.3, §9.4) against a
 * real local webhook listener, on a frozen emulator clock that only POST /_emulator/clock moves:
 * bursts / late / duplicate deliveries, lifecycle events on their own (reauthorizationRequired before
 * expiry, subscriptionRemoved on expiry and on consent revocation, missed after an outage or a
 * dropped delivery), the 45-minute minimum — and a fixed seed reproducing the whole sequence.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createMs365Emulator, type Ms365Emulator } from "./index";
import { control, eventBody, expectValid, freshMailbox, type Mailbox } from "./testing/graph";
import { startWebhookListener, type WebhookListener } from "./testing/webhook-listener";

let open: { emulator: Ms365Emulator; listener: WebhookListener }[] = [];
afterEach(async () => {
  for (const o of open) await Promise.all([o.emulator.close(), o.listener.close()]);
  open = [];
});

async function setup(seed: number, overrides: Record<string, unknown> = {}) {
  const t0 = Date.now();
  const emulator = await createMs365Emulator({
    port: 0,
    now: () => t0,
    profile: { profile: "realistic", seed, overrides },
    config: { graph: { notificationRetryDelaysMs: [1_000, 2_000] } },
  });
  const listener = await startWebhookListener();
  open.push({ emulator, listener });
  const me = await freshMailbox(emulator);
  return { emulator, listener, me, t0 };
}

const advance = (emulator: Ms365Emulator, seconds: number) =>
  control(emulator, "POST", "/clock", { advanceSeconds: seconds });
/** Waits (polling, no fixed sleep) until everything due at the emulator's clock has been delivered. */
async function drained(emulator: Ms365Emulator): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { body } = await control<{ due: number }>(emulator, "GET", "/notifications");
    if (body.due === 0) return;
    if (Date.now() > deadline) throw new Error(`still ${body.due} notifications due`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function subscribe(
  s: { emulator: Ms365Emulator; listener: WebhookListener; me: Mailbox; t0: number },
  minutes: number,
) {
  return s.me.client.api("/subscriptions").post({
    changeType: "created,updated,deleted",
    resource: "me/events",
    clientState: "cs",
    notificationUrl: `${s.listener.url}/notify`,
    lifecycleNotificationUrl: `${s.listener.url}/lifecycle`,
    expirationDateTime: new Date(s.t0 + minutes * 60_000).toISOString(),
  }) as Promise<Record<string, unknown>>;
}

/** A scripted run: six changes, then enough clock for every late delivery; returns what the endpoint saw, normalised. */
async function scriptedRun(seed: number) {
  const s = await setup(seed);
  await subscribe(s, 48 * 60);
  const ids: string[] = [];
  for (let i = 0; i < 4; i++)
    ids.push(String((await s.me.client.api("/me/events").post(eventBody(s.t0, 2 + i, `E${i}`))).id));
  await s.me.client.api(`/me/events/${ids[0]}`).patch({ subject: "E0 moved" });
  await s.me.client.api(`/me/events/${ids[1]}`).delete();
  await drained(s.emulator); // the immediate ones
  await advance(s.emulator, 30);
  await drained(s.emulator);
  return s.listener
    .notifications("/notify")
    .map((n) => `${String(n.changeType)}:${ids.indexOf(String((n.resourceData as { id: string }).id))}`);
}

describe("realistic notifications", () => {
  it("a fixed seed reproduces the notification sequence; another seed differs; changes yield bursts, late and duplicate deliveries", async () => {
    const first = await scriptedRun(1234);
    const again = await scriptedRun(1234);
    expect(again).toEqual(first);
    expect(first.length).toBeGreaterThan(6); // more notifications than changes
    expect(first.filter((n) => n.startsWith("created")).length).toBe(4);
    const other = await scriptedRun(99);
    expect(other).not.toEqual(first);
  });

  it("late notifications wait for the emulator clock", async () => {
    const s = await setup(7, {
      notificationBursts: false,
      notificationDuplicates: false,
      notificationReordering: false,
    });
    await subscribe(s, 48 * 60);
    for (let i = 0; i < 12; i++) await s.me.client.api("/me/events").post(eventBody(s.t0, 2 + i, `L${i}`));
    await drained(s.emulator); // everything due at the frozen clock went out; the late ones wait
    const before = s.listener.notifications("/notify").length;
    expect(before).toBeLessThan(12);
    await advance(s.emulator, 10);
    await drained(s.emulator);
    expect(s.listener.notifications("/notify")).toHaveLength(12);
  });

  it("expiry under 45 minutes is raised to 45; reauthorizationRequired before expiry, subscriptionRemoved at expiry", async () => {
    const s = await setup(3);
    const sub = expectValid("subscription", await subscribe(s, 10));
    expect(Date.parse(String(sub.expirationDateTime))).toBe(s.t0 + 45 * 60_000);
    await advance(s.emulator, 31 * 60);
    await drained(s.emulator);
    expect(s.listener.notifications("/lifecycle").map((n) => n.lifecycleEvent)).toEqual(["reauthorizationRequired"]);
    await advance(s.emulator, 15 * 60);
    await drained(s.emulator);
    expect(s.listener.notifications("/lifecycle").map((n) => n.lifecycleEvent)).toEqual([
      "reauthorizationRequired",
      "subscriptionRemoved",
    ]);
    expect(
      (await control<{ value: unknown[] }>(s.emulator, "GET", `/subscriptions?userId=${s.me.userId}`)).body.value,
    ).toEqual([]);
  });

  it("subscriptionRemoved when the user revokes consent", async () => {
    const s = await setup(3);
    await subscribe(s, 48 * 60);
    await control(s.emulator, "POST", `/users/${s.me.userId}/revoke`, { reason: "consentRevoked" });
    await advance(s.emulator, 1);
    await drained(s.emulator);
    expect(s.listener.notifications("/lifecycle").map((n) => n.lifecycleEvent)).toEqual(["subscriptionRemoved"]);
  });

  it("missed after a simulated outage, and after a delivery dropped once its retries ran out", async () => {
    const s = await setup(5, {
      notificationBursts: false,
      notificationDelays: false,
      notificationDuplicates: false,
      notificationReordering: false,
    });
    await subscribe(s, 48 * 60);
    expect(
      (await control(s.emulator, "POST", "/notifications/outage", { userId: s.me.userId, durationSeconds: 30 })).status,
    ).toBe(202);
    await s.me.client.api("/me/events").post(eventBody(s.t0, 2, "Lost"));
    await drained(s.emulator);
    expect(s.listener.notifications("/notify")).toEqual([]);
    await advance(s.emulator, 31);
    await drained(s.emulator);
    expect(s.listener.notifications("/lifecycle").map((n) => n.lifecycleEvent)).toEqual(["missed"]);
    s.listener.behaviour.failNext = 3; // first try + 2 retries all fail
    await s.me.client.api("/me/events").post(eventBody(s.t0, 3, "Dropped"));
    await drained(s.emulator);
    for (let i = 0; i < 2; i++) {
      await advance(s.emulator, 2);
      await drained(s.emulator);
    }
    expect(s.listener.notifications("/notify")).toHaveLength(3); // three failed attempts, then dropped
    expect(s.listener.notifications("/lifecycle").map((n) => n.lifecycleEvent)).toEqual(["missed", "missed"]);
  });
});
