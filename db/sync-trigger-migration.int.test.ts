/**
 * Migration 0012 turns `sync_runs.trigger` from the old enum into text with a check, renaming
 * `schedule` → `hourly` and `api` → `manual` in the same batch. Applied here the way a deployed
 * database meets it: migrated to 0011, holding runs with the old values, then migrated again.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, expect, it } from "vitest";
import { migrationsFolder } from "./open";

const before = mkdtempSync(path.join(tmpdir(), "migrations-0011-"));
afterAll(() => rmSync(before, { recursive: true, force: true }));

it("renames the old triggers and then refuses unknown ones", async () => {
  cpSync(migrationsFolder, before, { recursive: true });
  const journalPath = path.join(before, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const upTo = journal.entries.findIndex((e) => e.tag.startsWith("0012_"));
  expect(upTo).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo) }));

  // Bare PGlite on purpose, with btree_gist as openPglite loads it: this test needs to stop at 0011.
  const client = new PGlite({ extensions: { btree_gist } });
  const db = drizzle({ client });
  try {
    await migrate(db, { migrationsFolder: before });
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
    await migrate(db, { migrationsFolder });
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
    await client.close();
  }
});
