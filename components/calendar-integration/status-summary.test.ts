import { expect, it } from "vitest";
import type { HealthState } from "@/lib/sync/connection-health";
import { countByStatus } from "./status-summary";

const rows = (...states: HealthState[]) => states.map((state) => ({ health: { state } }));

it("counts each status the table shows, what needs an admin first, and leaves out states with nobody", () => {
  expect(
    countByStatus(rows("connected", "invited", "connected", "error", "waiting_for_approval", "connected")),
  ).toEqual([
    { state: "error", label: "Error", count: 1 },
    { state: "waiting_for_approval", label: "Waiting for admin approval", count: 1 },
    { state: "connected", label: "Connected", count: 3 },
    { state: "invited", label: "Invited", count: 1 },
  ]);
  expect(countByStatus([])).toEqual([]);
});
