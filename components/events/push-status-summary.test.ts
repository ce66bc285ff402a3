import { describe, expect, it } from "vitest";
import type { EventPushStatus } from "@/db/queries/push-status";
import { pushStatusSummary } from "./push-status-summary";

const row = (status: EventPushStatus["status"], extra: Partial<EventPushStatus> = {}): EventPushStatus => ({
  instructorId: "i",
  sessionId: "s",
  status,
  outlookEventId: null,
  lastAttemptAt: null,
  error: null,
  ...extra,
});

describe("pushStatusSummary", () => {
  it("names a connection problem first, then a failure with its reason, then pending", () => {
    expect(pushStatusSummary([row("failed", { error: "x" }), row("not_connected")], "UTC")).toBe("Not connected");
    expect(pushStatusSummary([row("in_outlook"), row("failed", { error: "Graph throttled" })], "UTC")).toBe(
      "Failed: Graph throttled",
    );
    expect(pushStatusSummary([row("in_outlook"), row("pending")], "UTC")).toBe("Pending");
    expect(pushStatusSummary([], "UTC")).toBe("Pending");
  });

  it("says In Outlook since the first entry landed once every session is there", () => {
    const at = (iso: string) => row("in_outlook", { lastAttemptAt: new Date(iso) });
    expect(pushStatusSummary([at("2026-11-20T15:00:00Z"), at("2026-11-20T14:30:00Z")], "UTC")).toMatch(
      /^In Outlook since .*14:30/,
    );
  });
});
