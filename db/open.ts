import path from "node:path";
import { fileURLToPath } from "node:url";
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema";
import type { Db } from "./types";

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export type OpenedDb = { db: Db; kind: "pglite" | "postgres"; close: () => Promise<void> };

/**
 * PGlite in `dataDir` (in memory when omitted), migrated. btree_gist is loaded for the mirror's
 * (connection, time range) GiST index; only the single-object constructor form passes extensions
 * (stack-notes §4.3). `loadDataDir` starts from a dumped data directory (the tests' migrated template), on which
 * the migrations are a no-op check.
 */
export async function openPglite(dataDir?: string, options: { loadDataDir?: Blob } = {}): Promise<OpenedDb> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite({ ...(dataDir ? { dataDir } : {}), ...options, extensions: { btree_gist } });
  const db = drizzlePglite({ client, schema });
  await migratePglite(db, { migrationsFolder });
  return { db: db as unknown as Db, kind: "pglite", close: () => client.close() };
}

/** PostgreSQL through postgres.js, migrated. Migrations run under an advisory lock so parallel starts are safe. */
export async function openPostgres(url: string, options: { max?: number } = {}): Promise<OpenedDb> {
  const client = postgres(url, { max: options.max ?? 10, onnotice: () => {} });
  const db = drizzlePostgres({ client, schema });
  const lock = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await lock`select pg_advisory_lock(7171717)`;
    await migratePostgres(db, { migrationsFolder });
  } finally {
    await lock`select pg_advisory_unlock(7171717)`.catch(() => {});
    await lock.end();
  }
  return { db: db as unknown as Db, kind: "postgres", close: () => client.end() };
}
