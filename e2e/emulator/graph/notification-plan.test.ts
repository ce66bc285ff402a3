import { describe, expect, it } from "vitest";
import { planDeliveries } from "./notification-plan";
import type { Notification } from "./notifier";
import { createRng } from "./prng";
import { PROFILES } from "./realism";
import type { Subscription } from "./subscriptions";

const sub = { id: "sub-1", changeTypes: ["created", "updated", "deleted"] } as Subscription;
const note = (changeType: string, i: number): Notification => ({
  subscription: sub,
  url: "https://hook.example/n",
  payload: { value: [{ id: `n${i}`, changeType, resource: `Users/u/Events/e${i}` }] },
});
const changes = Array.from({ length: 40 }, (_, i) => note(i % 3 === 2 ? "deleted" : "created", i));

function run(seed: number, settings = PROFILES.realistic) {
  const rng = createRng(seed, "notifications");
  let seq = 0;
  return changes.map((n) => planDeliveries([n], settings, rng, () => ++seq));
}

describe("realistic notification plans (issue 10 item 3, §9.3)", () => {
  it("clean: exactly one notification per change, at once", () => {
    expect(run(1, PROFILES.clean).map((p) => p.map((d) => [d.notification.payload.value[0]?.id, d.delayMs]))).toEqual(
      changes.map((n) => [[n.payload.value[0]?.id, 0]]),
    );
  });

  it("realistic: 1-3 per change as created/updated bursts, some late by seconds, some twice; a seed reproduces the plan", () => {
    const plans = run(42);
    expect(JSON.stringify(run(42))).toBe(JSON.stringify(plans));
    expect(JSON.stringify(run(43))).not.toBe(JSON.stringify(plans));
    const distinct = plans.map((p) => new Set(p.map((d) => d.notification.payload.value[0]?.id)).size);
    expect(Math.min(...distinct)).toBe(1);
    expect(Math.max(...distinct)).toBe(3);
    const bursts = plans.filter((p) => p[0]?.notification.payload.value[0]?.changeType === "created" && p.length > 1);
    expect(bursts[0]?.slice(1).some((d) => d.notification.payload.value[0]?.changeType === "updated")).toBe(true);
    // deletions never burst
    for (const [i, p] of plans.entries())
      if (changes[i]?.payload.value[0]?.changeType === "deleted")
        expect(new Set(p.map((d) => d.notification.payload.value[0]?.id)).size).toBe(1);
    const delays = plans.flat().map((d) => d.delayMs);
    expect(delays.some((ms) => ms >= 1_000)).toBe(true);
    const twice = plans.some((p) => p.length > new Set(p.map((d) => d.notification.payload.value[0]?.id)).size);
    expect(twice).toBe(true);
  });

  it("each behaviour switches off on its own", () => {
    const noDuplicates = run(42, { ...PROFILES.realistic, notificationDuplicates: false });
    expect(
      noDuplicates.every((p) => p.length === new Set(p.map((d) => d.notification.payload.value[0]?.id)).size),
    ).toBe(true);
    const noBursts = run(42, { ...PROFILES.realistic, notificationBursts: false, notificationDuplicates: false });
    expect(noBursts.every((p) => p.length === 1)).toBe(true);
  });
});
