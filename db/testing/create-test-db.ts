import { openPglite, openPostgres, type OpenedDb } from "../open";

/**
 * A migrated database for one test file: a fresh in-memory PGlite, or the PostgreSQL named by
 * DATABASE_URL (CI creates a fresh database per run). Tests share it, so factories give every
 * row unique values and tests never assume an empty table.
 */
export async function createTestDb(): Promise<OpenedDb> {
  const url = process.env.DATABASE_URL;
  return url ? openPostgres(url, { max: 4 }) : openPglite();
}
