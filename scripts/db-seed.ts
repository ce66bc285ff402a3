/**
 * Loads the demo organisation into the configured database if it has no admin yet.
 * With PGlite, stop the app first: one embedded database cannot be opened by two processes.
 */
import { openConfiguredDb } from "@/db/client";
import { seedDemoDataIfEmpty } from "@/db/seed/seed-demo";
import { demoAdmin } from "@/db/seed/demo-people";

const opened = await openConfiguredDb();
const seeded = await seedDemoDataIfEmpty(opened.db, { now: new Date() });
console.log(
  seeded
    ? `Demo data loaded. Sign in as ${demoAdmin.email} / ${demoAdmin.password}`
    : "The database already has an admin; nothing was seeded.",
);
await opened.close();
