import { expect, it } from "vitest";
import { integrationStatus } from "./integration-status";

const now = new Date("2026-11-24T12:00:00Z");
const open = { expiresAt: new Date("2026-12-01T00:00:00Z"), usedAt: null, revokedAt: null };
const expired = { ...open, expiresAt: new Date("2026-11-20T00:00:00Z") };
const used = { ...open, usedAt: new Date("2026-11-21T00:00:00Z") };

it.each([
  [null, null, "not_invited"],
  [null, open, "invited"],
  [null, expired, "invitation_expired"],
  [null, used, "not_invited"],
  [{ status: "connected" as const }, used, "connected"],
  [{ status: "connected" as const }, open, "connected"],
  [{ status: "reconnect_needed" as const }, open, "reconnect_needed"],
  [{ status: "disconnected" as const }, used, "disconnected"],
  [{ status: "disconnected" as const }, open, "invited"],
  [{ status: "disconnected" as const }, expired, "invitation_expired"],
  [{ status: "syncing" as const }, used, "connected"],
  [{ status: "disconnecting" as const }, used, "disconnected"],
  [{ status: "disconnecting" as const, disconnectRequestedBy: "admin" as const }, used, "disconnected"],
  // The instructor's removal, in progress or failed and waiting for an admin to restart it, says whose it is.
  [
    { status: "disconnecting" as const, disconnectRequestedBy: "instructor" as const },
    used,
    "disconnected_by_instructor",
  ],
  [{ status: "disconnected_by_instructor" as const }, used, "disconnected_by_instructor"],
  [{ status: "disconnected" as const }, { ...open, purpose: "finish_removal" as const }, "disconnected"],
  [{ status: "disconnected_by_instructor" as const }, open, "invited"],
])("connection %j + invitation %j → %s", (connection, invitation, expected) => {
  expect(integrationStatus(connection, invitation, now)).toBe(expected);
});

it("waits for the organisation's admin approval while an open invitation is stopped there", () => {
  const blocked = { tenantNeedsApproval: true };
  expect(integrationStatus(null, open, now, blocked)).toBe("waiting_for_approval");
  // An expired invitation is what to act on first; a connection means the approval came.
  expect(integrationStatus(null, expired, now, blocked)).toBe("invitation_expired");
  expect(integrationStatus({ status: "connected" }, used, now, blocked)).toBe("connected");
  expect(integrationStatus(null, null, now, blocked)).toBe("not_invited");
});
