/**
 * `npm run db:seed -- --demo`: loads the demo organisation (with the well-known demo owner) into the
 * configured database if it has no admin yet. Refused in production: create real admins with
 * `npm run admin:create`. With PGlite, stop the app first: one embedded database cannot be opened twice.
 */
import { openConfiguredDb } from "@/db/client";
import { seedDemoDataIfEmpty } from "@/db/seed/seed-demo";
import { demoAdmin } from "@/db/seed/demo-people";
import { env } from "@/lib/env";

if (!process.argv.includes("--demo")) {
  console.error("Usage: npm run db:seed -- --demo   (loads the demo organisation; development and trials only)");
  process.exit(2);
}
if (env().NODE_ENV === "production") {
  console.error(
    "Refused: the demo data has a well-known owner password and is never loaded in production. Use `npm run admin:create`.",
  );
  process.exit(1);
}

const opened = await openConfiguredDb();
try {
  const seeded = await seedDemoDataIfEmpty(opened.db, { now: new Date() });
  console.log(
    seeded
      ? `Demo data loaded. Sign in as ${demoAdmin.email} / ${demoAdmin.password}`
      : "The database already has an admin; nothing was seeded.",
  );
} finally {
  await opened.close();
}
