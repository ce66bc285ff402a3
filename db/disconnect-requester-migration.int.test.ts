/**
 * Migration 0017 records who requested each disconnection (`calendar_connections.disconnect_requested_by`) and
 * backfills it: from the status of a disconnected connection, and for one being disconnected from the newest
 * 'disconnected' line of its connection log (the instructor's words, else an admin). Applied here the way a
 * deployed database meets it: migrated to 0016, holding connections in every state, then migrated again.
 */
import { expect, it } from "vitest";
import { migratedBefore } from "./testing/migrated-before";

/** name → status and its connection log's 'disconnected' lines, oldest first. */
const connections: Record<string, [status: string, lines: string[], expected: string | null]> = {
  instructorDisconnect: ["disconnecting", ["The instructor disconnected their calendar"], "instructor"],
  revokedApp: ["disconnecting", ["The instructor revoked the app's access in their Microsoft account"], "instructor"],
  adminRemove: ["disconnecting", ["An admin removed the calendar"], "admin"],
  // Disconnected by the instructor once, reconnected, now being removed by an admin: the newest line counts.
  newestWins: [
    "disconnecting",
    ["The instructor disconnected their calendar", "An admin removed the calendar"],
    "admin",
  ],
  noLog: ["disconnecting", [], "admin"],
  // A finish-removal sign-in after the instructor's disconnection logs no new 'disconnected' line.
  finishing: ["disconnecting", ["The instructor disconnected their calendar"], "instructor"],
  disconnected: ["disconnected", ["The instructor disconnected their calendar"], "admin"],
  byInstructor: ["disconnected_by_instructor", [], "instructor"],
  connected: ["connected", ["An admin removed the calendar"], null],
};

it("backfills who requested each disconnection, then refuses a removal without one", async () => {
  // Stops at 0016, the way a deployed database meets the migration.
  const { client, migrateRest, close } = await migratedBefore("0017_");
  try {
    const names = Object.keys(connections);
    for (const [i, name] of names.entries()) {
      const [status, lines] = connections[name]!;
      const instructorId = `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`;
      await client.query("insert into instructors (id, name, email, time_zone) values ($1, $2, $3, 'UTC')", [
        instructorId,
        name,
        `${name}@example.test`,
      ]);
      await client.query(
        "insert into calendar_connections (instructor_id, status, privacy_mode) values ($1, $2, 'default')",
        [instructorId, status],
      );
      for (const [n, message] of lines.entries())
        await client.query(
          "insert into connection_events (instructor_id, kind, message, at) values ($1, 'disconnected', $2, $3)",
          [instructorId, message, new Date(Date.UTC(2026, 10, 1 + n))],
        );
      // Other lines, newer, never count.
      await client.query(
        "insert into connection_events (instructor_id, kind, message) values ($1, 'finish_removal_signed_in', 'The instructor signed in')",
        [instructorId],
      );
    }
    await migrateRest();
    const { rows } = await client.query<{ name: string; by: string | null }>(
      "select i.name, c.disconnect_requested_by as by from calendar_connections c join instructors i on i.id = c.instructor_id",
    );
    expect(Object.fromEntries(rows.map((r) => [r.name, r.by]))).toEqual(
      Object.fromEntries(names.map((name) => [name, connections[name]![2]])),
    );
    await expect(
      client.query("update calendar_connections set disconnect_requested_by = null where status = 'disconnecting'"),
    ).rejects.toThrow(/calendar_connections_disconnecting_has_requester/);
    await expect(
      client.query("update calendar_connections set disconnect_requested_by = 'owner' where status = 'disconnecting'"),
    ).rejects.toThrow(/calendar_connections_disconnect_requested_by_check/);
  } finally {
    await close();
  }
});
