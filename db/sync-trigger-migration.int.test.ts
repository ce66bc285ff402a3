/**
 * Migration 0012 turns `sync_runs.trigger` from the old enum into text with a check, renaming
 * `schedule` → `hourly` and `api` → `manual` in the same batch. Applied here the way a deployed
 * database meets it: migrated to 0011, holding runs with the old values, then migrated again.
 */
import { expect, it } from "vitest";
import { migratedBefore } from "./testing/migrated-before";

it("renames the old triggers and then refuses unknown ones", async () => {
  // Stops at 0011, the way a deployed database meets the migration.
  const { client, migrateRest, close } = await migratedBefore("0012_");
  try {
    await client.exec(`
      insert into instructors (id, name, email, time_zone) values ('00000000-0000-4000-8000-000000000001', 'A', 'a@example.test', 'UTC');
      insert into calendar_connections (id, instructor_id, status, privacy_mode) values
        ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', 'connected', 'default');
      insert into sync_runs (connection_id, trigger, kind) values
        ('00000000-0000-4000-8000-000000000002', 'schedule', 'pull'),
        ('00000000-0000-4000-8000-000000000002', 'api', 'pull'),
        ('00000000-0000-4000-8000-000000000002', 'connect', 'push'),
        ('00000000-0000-4000-8000-000000000002', 'notification', 'removal');
    `);
    await migrateRest();
    const { rows } = await client.query<{ trigger: string; kind: string }>(
      "select trigger, kind from sync_runs order by kind, trigger",
    );
    expect(rows.map((r) => [r.kind, r.trigger]).sort()).toEqual(
      [
        ["pull", "hourly"],
        ["pull", "manual"],
        ["push", "connect"],
        ["removal", "notification"],
      ].sort(),
    );
    await expect(
      client.query(
        "insert into sync_runs (connection_id, trigger, kind) values ('00000000-0000-4000-8000-000000000002', 'schedule', 'pull')",
      ),
    ).rejects.toThrow(/sync_runs_trigger_known/);
  } finally {
    await close();
  }
});
