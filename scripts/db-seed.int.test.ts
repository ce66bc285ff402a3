import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openPglite } from "@/db/open";
import { adminUsers, instructors } from "@/db/schema";
import { freshDataDir, runScript } from "./run-script.testing";

async function counts(dataDir: string) {
  const opened = await openPglite(path.join(dataDir, "pglite"));
  try {
    const count = async (table: typeof adminUsers | typeof instructors) =>
      (await opened.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
    return { admins: await count(adminUsers), instructors: await count(instructors) };
  } finally {
    await opened.close();
  }
}

describe("npm run db:seed", () => {
  it("loads the demo organisation only when asked with --demo", async () => {
    const dataDir = freshDataDir();
    const bare = await runScript("db-seed.ts", [], { dataDir });
    expect([bare.code, bare.stderr]).toEqual([2, expect.stringMatching(/--demo/)]);
    const demo = await runScript("db-seed.ts", ["--demo"], { dataDir });
    expect([demo.code, demo.stdout]).toEqual([0, expect.stringMatching(/Demo data loaded/)]);
    expect(await counts(dataDir)).toEqual({ admins: 1, instructors: 12 });
  }, 60_000);

  it("never loads it in production", async () => {
    const dataDir = freshDataDir();
    const run = await runScript("db-seed.ts", ["--demo"], {
      dataDir,
      // A complete production configuration (the database here is the embedded one so the test can look inside).
      env: { NODE_ENV: "production", ALLOW_EMULATOR_IN_PRODUCTION: "true" },
    });
    expect([run.code, run.stderr]).toEqual([1, expect.stringMatching(/never loaded in production/)]);
    expect(await counts(dataDir)).toEqual({ admins: 0, instructors: 0 });
  }, 60_000);
});
