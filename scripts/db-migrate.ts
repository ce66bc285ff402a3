/** Applies pending migrations to the configured database (the app also does this on start). */
import { openConfiguredDb } from "@/db/client";

const opened = await openConfiguredDb();
console.log(`Migrations applied (${opened.kind}).`);
await opened.close();
