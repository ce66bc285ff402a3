import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { migrationsFolder, openPglite, type OpenedDb } from "../open";

/** The environment variable through which vitest's global setup hands the template to its workers. */
export const PGLITE_TEMPLATE_ENV = "PGLITE_TEMPLATE_PATH";

/** A hash of every migration file: a template made from other migrations is never reused. */
function migrationsHash(): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(entry.name).update(readFileSync(full));
    }
  };
  walk(migrationsFolder);
  return hash.digest("hex").slice(0, 16);
}

/**
 * Migrates one in-memory PGlite and writes its data directory to a file, once per set of migrations.
 * Migrating costs each integration file about 4 s of CPU on this 2-core machine (92 files: most of a CI
 * minute per worker); loading the migrated copy costs well under one.
 */
export async function ensurePgliteTemplate(): Promise<string> {
  const file = path.join(tmpdir(), `calendar-sync-pglite-${migrationsHash()}.tar`);
  if (existsSync(file)) return file;
  const { db, close } = await openPglite();
  const client = (db as unknown as { $client: PGlite }).$client;
  const dump = await client.dumpDataDir("none");
  await close();
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, file); // atomic: a concurrent run never reads half a template
  return file;
}

/** A fresh in-memory PGlite holding the migrated template (migrated here when no template was handed over). */
export async function openPgliteFromTemplate(): Promise<OpenedDb> {
  const file = process.env[PGLITE_TEMPLATE_ENV];
  if (!file || !existsSync(file)) return openPglite();
  return openPglite(undefined, { loadDataDir: new Blob([readFileSync(file)]) });
}
