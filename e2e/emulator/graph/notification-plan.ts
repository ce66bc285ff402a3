/**
 * How one change's notifications reach the endpoint under the `realistic` profile (issue 10 item 3;
 * graph-behaviour.md §9.3: notifications are a trigger, "can be missed/duplicated", latency averages
 * under a minute). Pure: the seeded Rng decides, the caller schedules. Per notification, in this
 * draw order: burst (extra `updated` notifications, as an Outlook edit yields created -> updated ->
 * updated), then for each copy: late by seconds, held back so the next change overtakes it, and
 * delivered twice. With every switch off the plan is the notifications themselves, at once.
 */
import { guidFrom } from "./ids";
import type { Notification } from "./notifier";
import type { Rng } from "./prng";
import { ODDS, type RealismSettings } from "./realism";

export type PlannedDelivery = { notification: Notification; delayMs: number };

type Switches = Pick<
  RealismSettings,
  "notificationBursts" | "notificationDelays" | "notificationDuplicates" | "notificationReordering"
>;

/** A further notification for the same item with its own id (a burst member). */
function burstMember(n: Notification, seq: number): Notification {
  const [item] = n.payload.value;
  const id = guidFrom(`notification:${n.subscription.id}:burst:${seq}`);
  return { ...n, payload: { value: [{ ...item, id, changeType: "updated" }] } };
}

export function planDeliveries(
  notifications: readonly Notification[],
  s: Switches,
  rng: Rng,
  nextSeq: () => number,
): PlannedDelivery[] {
  const out: PlannedDelivery[] = [];
  for (const n of notifications) {
    const changeType = n.payload.value[0]?.changeType;
    const copies = [n];
    if (s.notificationBursts && changeType !== "deleted" && n.subscription.changeTypes.includes("updated")) {
      const extra = rng.int(ODDS.extraNotifications[0], ODDS.extraNotifications[1]);
      for (let i = 0; i < extra; i++) copies.push(burstMember(n, nextSeq()));
    }
    // Burst members follow their first notification by a few hundred ms, in order.
    copies.forEach((copy, index) => {
      let delayMs = index * 200;
      if (s.notificationDelays && rng.chance(ODDS.lateChance)) delayMs += rng.int(ODDS.lateMs[0], ODDS.lateMs[1]);
      if (s.notificationReordering && rng.chance(ODDS.reorderChance))
        delayMs += rng.int(ODDS.reorderHoldMs[0], ODDS.reorderHoldMs[1]);
      out.push({ notification: copy, delayMs });
      if (s.notificationDuplicates && rng.chance(ODDS.duplicateChance)) {
        out.push({
          notification: copy,
          delayMs: delayMs + rng.int(ODDS.duplicateAfterMs[0], ODDS.duplicateAfterMs[1]),
        });
      }
    });
  }
  return out;
}
