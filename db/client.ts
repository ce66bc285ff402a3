import path from "node:path";
import { env } from "@/lib/env";
import { openPglite, openPostgres, type OpenedDb } from "./open";
import { seedDemoDataIfEmpty } from "./seed/seed-demo";
import type { Db } from "./types";

/**
 * The app's database: PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR.
 * Opened (and migrated) once per process; the promise lives on globalThis because Next.js
 * may evaluate this module more than once, and two PGlite instances on one folder corrupt it.
 */
const globalKey = Symbol.for("calendar-sync.db");
type Holder = { [globalKey]?: Promise<OpenedDb> };

export function getDb(): Promise<Db> {
  const holder = globalThis as Holder;
  holder[globalKey] ??= open().catch((error: unknown) => {
    delete holder[globalKey];
    throw error;
  });
  return holder[globalKey].then((opened) => opened.db);
}

async function open(): Promise<OpenedDb> {
  const e = env();
  if (e.DATABASE_URL) return openPostgres(e.DATABASE_URL);
  const opened = await openPglite(path.resolve(e.DATA_DIR, "pglite"));
  // The embedded default is for trying the product: give it something to look at on first start.
  await seedDemoDataIfEmpty(opened.db, { now: new Date() });
  return opened;
}
