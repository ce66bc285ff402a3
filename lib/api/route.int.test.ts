import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, expect, it, vi } from "vitest";

process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "calendar-sync-route-"));
const { getDb } = await import("@/db/client");
const { createApiKey } = await import("@/lib/services/api-keys/create-api-key");
const { testContext } = await import("@/lib/testing/test-context");
const { apiRoute } = await import("./route");

afterEach(() => vi.restoreAllMocks());

it("logs a 500 without the SQL parameters or the value the database quoted", async () => {
  const key = (await createApiKey({ ctx: testContext({ db: await getDb() }), input: { name: "route" } })).secret;
  const secret = "s3cret-parameter-value";
  const logged: string[] = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    logged.push(
      args
        .map((a) => (a instanceof Error ? `${a.stack} ${JSON.stringify(a)} ${String(a.cause)}` : String(a)))
        .join(" "),
    );
  });
  const handler = apiRoute(async ({ ctx }) => {
    await ctx.db.execute(sql`select ${secret}::uuid`);
    return Response.json({});
  });
  const response = await handler(
    new Request("http://localhost/api/v1/x", { headers: { authorization: `Bearer ${key}` } }),
    { params: Promise.resolve({}) },
  );
  expect(response.status).toBe(500);
  expect(logged).toHaveLength(1);
  expect(logged[0]).toContain("select $1::uuid"); // what failed is still there to debug
  expect(logged[0]).not.toContain(secret);
}, 120_000);
