import { describe, expect, it } from "vitest";
import {
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
  it("asks for less than Graph's 4,230-minute maximum for Outlook events", () => {
    expect(SUBSCRIPTION_LIFETIME_MINUTES).toBeLessThan(4_230);
    expect(subscriptionExpiry(now).toISOString()).toBe("2026-11-27T08:00:00.000Z");
  });
  it("renews with less than a day left, or when the expiry is unknown", () => {
    expect(renewalDue(new Date("2026-11-25T09:59:00Z"), now)).toBe(true);
    expect(renewalDue(new Date("2026-11-25T10:01:00Z"), now)).toBe(false);
    expect(renewalDue(null, now)).toBe(true);
  });
});
