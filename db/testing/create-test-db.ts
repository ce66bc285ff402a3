import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openPostgres, type OpenedDb } from "../open";
import { openPgliteFromTemplate } from "./pglite-template";

/**
 * A migrated database for one test file: a fresh in-memory PGlite (loaded from the migrated template
 * vitest's global setup made), or the PostgreSQL named by
 * DATABASE_URL (CI creates a fresh database per run). Tests share it, so factories give every
 * row unique values and tests never assume an empty table.
 *
 * `isolated`: on PostgreSQL, a database of the file's own beside DATABASE_URL's, dropped on close, for
 * tests whose subject reads the whole database (the sweep repairs every connection it finds, and would
 * reach other files' rows).
 */
export async function createTestDb({ isolated = false }: { isolated?: boolean } = {}): Promise<OpenedDb> {
  const url = process.env.DATABASE_URL;
  if (!url) return openPgliteFromTemplate();
  if (!isolated) return openPostgres(url, { max: 4 });
  const name = `test_isolated_${randomBytes(6).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  const opened = await openPostgres(own.toString(), { max: 4 });
  return {
    ...opened,
    close: async () => {
      await opened.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`).catch(() => undefined);
      await admin.end();
    },
  };
}
