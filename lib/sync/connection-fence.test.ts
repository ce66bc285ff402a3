import { expect, it } from "vitest";
import { fenceHolds, type FencedConnection } from "./connection-fence";

const started = { generation: 3 };

// (the row under the lock, live required?, may the work still write?)
const table: [FencedConnection, boolean, boolean][] = [
  [{ generation: 3, status: "connected" }, true, true],
  [{ generation: 3, status: "syncing" }, true, true],
  // Not live: a pull or a new claim gives up; recording what Outlook already did does not need it live.
  [{ generation: 3, status: "reconnect_needed" }, true, false],
  [{ generation: 3, status: "reconnect_needed" }, false, true],
  // A removal began since the work read the connection: nothing lands, whatever the status now.
  [{ generation: 4, status: "disconnecting" }, true, false],
  [{ generation: 4, status: "disconnecting" }, false, false],
  // … even once the instructor connected again after it.
  [{ generation: 4, status: "connected" }, true, false],
  [{ generation: 4, status: "connected" }, false, false],
  // The connection is gone.
  [null, true, false],
  [null, false, false],
];

it.each(table)("%o (live required: %s) → holds: %s", (now, live, holds) => {
  expect(fenceHolds(started, now, { live })).toBe(holds);
});
