import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";

// `npm run dev` on a brand-new embedded database.
Object.assign(process.env, {
  NODE_ENV: "development",
  DATABASE_URL: "",
  DATA_DIR: mkdtempSync(path.join(tmpdir(), "calendar-sync-dev-")),
});
const { getDb } = await import("./client");
const { findAdminByEmail } = await import("./queries/admin-users");
const { demoAdmin } = await import("./seed/demo-people");

it("a development server on the embedded database loads the demo admin", async () => {
  expect(await findAdminByEmail(await getDb(), demoAdmin.email)).toMatchObject({ role: "owner" });
}, 60_000);
