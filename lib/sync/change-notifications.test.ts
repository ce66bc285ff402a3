import { describe, expect, it } from "vitest";
import {
  LEGACY_SUBSCRIPTION_LIFETIME_MINUTES,
  lifetimeAfterRefusal,
  parseChangeNotifications,
  renewalDue,
  subscriptionExpiry,
  SUBSCRIPTION_LIFETIME_MINUTES,
} from "./change-notifications";

describe("parseChangeNotifications", () => {
  it("reads change notifications with the event id from resourceData or, failing that, the resource path", () => {
    const parsed = parseChangeNotifications({
      value: [
        {
          subscriptionId: "s1",
          clientState: "secret",
          changeType: "updated",
          resource: "Users/u1/Events/AAk=",
          resourceData: { "@odata.type": "#Microsoft.Graph.Event", id: "AAk=" },
          tenantId: "t",
        },
        { subscriptionId: "s1", clientState: "secret", changeType: "deleted", resource: "Users/u1/Events/AB%2Fc" },
      ],
    });
    expect(parsed).toEqual([
      { kind: "change", subscriptionId: "s1", clientState: "secret", changeType: "updated", eventId: "AAk=" },
      { kind: "change", subscriptionId: "s1", clientState: "secret", changeType: "deleted", eventId: "AB/c" },
    ]);
  });

  it("reads lifecycle notifications, keeping unknown lifecycle events apart", () => {
    expect(
      parseChangeNotifications({
        value: [
          { subscriptionId: "s", clientState: "c", lifecycleEvent: "missed" },
          { subscriptionId: "s", lifecycleEvent: "somethingNew" },
        ],
      }),
    ).toEqual([
      { kind: "lifecycle", subscriptionId: "s", clientState: "c", lifecycleEvent: "missed" },
      { kind: "unknown_lifecycle", subscriptionId: "s", clientState: null, lifecycleEvent: "somethingNew" },
    ]);
  });

  it.each([null, "text", {}, { value: [] }, { value: [{}] }, { value: [{ subscriptionId: 5 }] }, { value: "x" }])(
    "refuses what is not a notification collection: %j",
    (body) => expect(parseChangeNotifications(body)).toBeNull(),
  );
});

describe("subscription lifetime", () => {
  const now = new Date("2026-11-24T10:00:00Z");
  it("asks for a little less than the documented 10,080-minute maximum for Outlook events", () => {
    expect(SUBSCRIPTION_LIFETIME_MINUTES).toBeLessThan(10_080);
    expect(SUBSCRIPTION_LIFETIME_MINUTES).toBeGreaterThan(4_230);
    expect(subscriptionExpiry(now).toISOString()).toBe("2026-12-01T09:30:00.000Z");
  });
  it("renews with a quarter of the lifetime left (about 42 hours), or when the expiry is unknown", () => {
    expect(renewalDue(new Date("2026-11-26T03:00:00Z"), now)).toBe(true);
    expect(renewalDue(new Date("2026-11-26T06:00:00Z"), now)).toBe(false);
    expect(renewalDue(null, now)).toBe(true);
  });
  it.each([
    ["Graph answered 400 InvalidRequest Subscription expiration can only be 4230 minutes in the future.", 4_200],
    ["Subscription expiration can only be 1,440 minutes in the future.", 1_410],
    ["The expiration is too far in the future.", LEGACY_SUBSCRIPTION_LIFETIME_MINUTES],
    ["clientState is too long", null],
  ])("after the refusal %j asks for %j minutes", (message, minutes) => {
    expect(lifetimeAfterRefusal(message)).toBe(minutes);
  });
});
