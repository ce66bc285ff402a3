import { expect, it } from "vitest";
import {
  connectionStatuses,
  InvalidConnectionTransitionError,
  nextConnectionStatus,
  requesterAfter,
  type ConnectionEvent,
  type ConnectionStatus,
} from "./connection-state";

const byAdmin = { type: "disconnect_requested", by: "admin" } as const;
const byInstructor = { type: "disconnect_requested", by: "instructor" } as const;

// Every (from, event) pair; a missing target means the transition is refused.
const table: [ConnectionStatus | null, ConnectionEvent, ConnectionStatus | undefined][] = [
  [null, { type: "signed_in" }, "connected"],
  ["connected", { type: "signed_in" }, "connected"],
  ["reconnect_needed", { type: "signed_in" }, "connected"],
  ["disconnected", { type: "signed_in" }, "connected"],
  ["disconnected_by_instructor", { type: "signed_in" }, "connected"],
  ["syncing", { type: "signed_in" }, undefined],
  ["disconnecting", { type: "signed_in" }, undefined],

  ["connected", { type: "sync_started" }, "syncing"],
  ["syncing", { type: "sync_started" }, undefined],
  ["reconnect_needed", { type: "sync_started" }, undefined],
  ["disconnecting", { type: "sync_started" }, undefined],
  ["disconnected", { type: "sync_started" }, undefined],
  [null, { type: "sync_started" }, undefined],

  ["syncing", { type: "sync_finished" }, "connected"],
  ["connected", { type: "sync_finished" }, undefined],
  ["disconnecting", { type: "sync_finished" }, undefined],

  ["connected", { type: "grant_refused" }, "reconnect_needed"],
  ["syncing", { type: "grant_refused" }, "reconnect_needed"],
  ["reconnect_needed", { type: "grant_refused" }, undefined],
  ["disconnecting", { type: "grant_refused" }, undefined],
  ["disconnected", { type: "grant_refused" }, undefined],

  ["connected", byAdmin, "disconnecting"],
  ["syncing", byInstructor, "disconnecting"],
  ["reconnect_needed", byInstructor, "disconnecting"],
  ["disconnecting", byAdmin, undefined],
  ["disconnected", byInstructor, undefined],
  ["disconnected_by_instructor", byAdmin, undefined],
  [null, byAdmin, undefined],

  ["disconnecting", { type: "removal_finished", by: "admin" }, "disconnected"],
  ["disconnecting", { type: "removal_finished", by: "instructor" }, "disconnected_by_instructor"],
  ["connected", { type: "removal_finished", by: "admin" }, undefined],

  ["disconnected", { type: "finish_removal_signed_in" }, "disconnecting"],
  ["disconnected_by_instructor", { type: "finish_removal_signed_in" }, "disconnecting"],
  ["connected", { type: "finish_removal_signed_in" }, undefined],
  ["disconnecting", { type: "finish_removal_signed_in" }, undefined],
  [null, { type: "finish_removal_signed_in" }, undefined],
  ["disconnected", { type: "removal_finished", by: "admin" }, undefined],
];

it.each(table)("%s + %j → %s", (from, event, to) => {
  if (to) expect(nextConnectionStatus(from, event)).toBe(to);
  else expect(() => nextConnectionStatus(from, event)).toThrow(InvalidConnectionTransitionError);
});

it("every status can be left and reached", () => {
  const reached = new Set(table.filter(([, , to]) => to).map(([, , to]) => to));
  const left = new Set(table.filter(([, , to]) => to).map(([from]) => from));
  for (const status of connectionStatuses) {
    expect(reached, status).toContain(status);
    expect(left, status).toContain(status);
  }
});

// Who requested the disconnection (`disconnect_requested_by`) after each move; undefined: left as it was.
it.each([
  ["connected", byAdmin, "admin"],
  ["reconnect_needed", byInstructor, "instructor"],
  // A finish-removal sign-in keeps the original requester, read from the status it leaves.
  ["disconnected", { type: "finish_removal_signed_in" }, "admin"],
  ["disconnected_by_instructor", { type: "finish_removal_signed_in" }, "instructor"],
  // Connecting again: nothing is being disconnected.
  ["disconnected_by_instructor", { type: "signed_in" }, null],
  [null, { type: "signed_in" }, null],
  // The removal's end, syncs and refused grants leave it alone.
  ["disconnecting", { type: "removal_finished", by: "admin" }, undefined],
  ["connected", { type: "sync_started" }, undefined],
  ["syncing", { type: "grant_refused" }, undefined],
] as [ConnectionStatus | null, ConnectionEvent, string | null | undefined][])(
  "%s + %j records %s as the requester",
  (from, event, requester) => {
    expect(requesterAfter(from, event)).toBe(requester);
  },
);
