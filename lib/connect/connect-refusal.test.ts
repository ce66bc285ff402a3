import { expect, it } from "vitest";
import { connectionStatuses } from "@/lib/sync/connection-state";
import { connectRefusal } from "./connect-refusal";

const table = [
  [null, null],
  ["connected", null],
  ["reconnect_needed", null],
  ["disconnected", null],
  ["disconnected_by_instructor", null],
  ["disconnecting", "previous_connection_removing"],
  ["syncing", "connection_changed"],
] as const;

it.each(table)("an invitation for a connection that is %s: %s", (status, refusal) => {
  expect(connectRefusal(status)).toBe(refusal);
});

it("has a row for every status (a new one needs its answer)", () => {
  expect(table.map(([status]) => status).filter(Boolean)).toEqual(expect.arrayContaining([...connectionStatuses]));
});
