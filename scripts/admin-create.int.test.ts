import path from "node:path";
import { describe, expect, it } from "vitest";
import { openPglite } from "@/db/open";
import { findAdminByEmail } from "@/db/queries/admin-users";
import { verifyPassword } from "@/lib/auth/password";
import { freshDataDir, runScript } from "./run-script.testing";

async function adminIn(dataDir: string, email: string) {
  const opened = await openPglite(path.join(dataDir, "pglite"));
  try {
    return await findAdminByEmail(opened.db, email);
  } finally {
    await opened.close();
  }
}

describe("npm run admin:create", () => {
  it("creates an owner whose password is read from stdin and stored as a scrypt hash", async () => {
    const dataDir = freshDataDir();
    const run = await runScript(
      "admin-create.ts",
      ["--email", "Ada@Example.com", "--name", "Ada Lovelace", "--owner"],
      {
        dataDir,
        stdin: "correct horse battery staple\n",
      },
    );
    expect(run.stderr).toBe("");
    expect([run.code, run.stdout.trim()]).toEqual([0, "Admin Ada@Example.com created (owner)."]);
    const admin = await adminIn(dataDir, "ada@example.com");
    expect(admin).toMatchObject({ name: "Ada Lovelace", role: "owner" });
    expect(admin!.passwordHash).toMatch(/^scrypt\$/);
    expect(await verifyPassword("correct horse battery staple", admin!.passwordHash)).toBe(true);
    // Nothing else arrives with it: no demo organisation, no demo admin.
    expect(await adminIn(dataDir, "admin@calendar-sync.local")).toBeNull();
  }, 60_000);

  it("refuses a short password, a duplicate email and missing arguments", async () => {
    const dataDir = freshDataDir();
    const short = await runScript("admin-create.ts", ["--email", "bob@example.com", "--name", "Bob"], {
      dataDir,
      stdin: "short\n",
    });
    expect([short.code, short.stderr]).toEqual([1, expect.stringMatching(/password: Use at least 12 characters/)]);
    expect(await adminIn(dataDir, "bob@example.com")).toBeNull();

    const first = await runScript("admin-create.ts", ["--email", "bob@example.com", "--name", "Bob"], {
      dataDir,
      stdin: "a long enough password\n",
    });
    expect(first.stdout).toContain("created (coordinator)");
    const again = await runScript("admin-create.ts", ["--email", "BOB@example.com", "--name", "Bob"], {
      dataDir,
      stdin: "a long enough password\n",
    });
    expect([again.code, again.stderr]).toEqual([1, expect.stringMatching(/already exists/)]);

    const usage = await runScript("admin-create.ts", ["--email", "x@example.com"], { dataDir });
    expect([usage.code, usage.stderr]).toEqual([2, expect.stringMatching(/^Usage/)]);
  }, 90_000);
});
