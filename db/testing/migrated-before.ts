import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { migrationsFolder } from "../open";

/**
 * A bare in-memory PGlite (btree_gist loaded, as openPglite does) migrated up to, not including, the
 * migration whose tag starts with `tag`: a migration test seeds rows the way a deployed database holds
 * them, then calls `migrateRest()` to apply that migration and the ones after it.
 */
export async function migratedBefore(tag: string) {
  const before = mkdtempSync(path.join(tmpdir(), `migrations-before-${tag}`));
  cpSync(migrationsFolder, before, { recursive: true });
  const journalPath = path.join(before, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const upTo = journal.entries.findIndex((e) => e.tag.startsWith(tag));
  if (upTo <= 0) throw new Error(`No migration ${tag} after the first`);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo) }));
  const client = new PGlite({ extensions: { btree_gist } });
  const db = drizzle({ client });
  await migrate(db, { migrationsFolder: before });
  return {
    client,
    db,
    migrateRest: () => migrate(db, { migrationsFolder }),
    close: async () => {
      await client.close();
      rmSync(before, { recursive: true, force: true });
    },
  };
}
