import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";

// A production server (as the e2e server runs one) opening a brand-new embedded database.
Object.assign(process.env, {
  NODE_ENV: "production",
  ALLOW_EMULATOR_IN_PRODUCTION: "true",
  DATABASE_URL: "",
  DATA_DIR: mkdtempSync(path.join(tmpdir(), "calendar-sync-prod-")),
});
const { getDb } = await import("./client");
const { adminUsers, events } = await import("./schema");

it("a production server never loads the demo organisation or the demo admin", async () => {
  const db = await getDb();
  const count = async (table: typeof adminUsers | typeof events) =>
    (await db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
  expect({ admins: await count(adminUsers), events: await count(events) }).toEqual({ admins: 0, events: 0 });
});
