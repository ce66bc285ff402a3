import path from "node:path";
import { env } from "@/lib/env";
import { openPglite, openPostgres, type OpenedDb } from "./open";
import { seedDemoDataIfEmpty } from "./seed/seed-demo";
import { loadsDemoDataOnStart } from "./seed/demo-policy";
import type { Db } from "./types";

/** The configured database, migrated: PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR. */
export function openConfiguredDb(): Promise<OpenedDb> {
  const e = env();
  return e.DATABASE_URL ? openPostgres(e.DATABASE_URL) : openPglite(path.resolve(e.DATA_DIR, "pglite"));
}

/**
 * The app's database, opened once per process. The promise lives on globalThis because Next.js
 * may evaluate this module more than once, and two PGlite instances on one folder corrupt it.
 */
const globalKey = Symbol.for("calendar-sync.db");
type Holder = { [globalKey]?: Promise<OpenedDb> };

export function getDb(): Promise<Db> {
  const holder = globalThis as Holder;
  holder[globalKey] ??= openForApp().catch((error: unknown) => {
    delete holder[globalKey];
    throw error;
  });
  return holder[globalKey].then((opened) => opened.db);
}

async function openForApp(): Promise<OpenedDb> {
  const opened = await openConfiguredDb();
  // A development server on the embedded database is for trying the product: give it something to look at.
  if (loadsDemoDataOnStart(env(), opened.kind)) await seedDemoDataIfEmpty(opened.db, { now: new Date() });
  return opened;
}
