/**
 * Every POST route handler under /connect/ refuses a cross-site form post (an `Origin` that is not
 * ours) with 403 before doing anything. Found from the file system, so a new route without the
 * check fails here.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

const connectDir = path.join(import.meta.dirname);
const routeFiles = (readdirSync(connectDir, { recursive: true }) as string[])
  .filter((file) => path.basename(file) === "route.ts")
  .map((file) => path.join(connectDir, file));

it("finds the Connect POST routes", () => {
  expect(routeFiles.length).toBeGreaterThanOrEqual(2);
});

it.each(routeFiles.map((file) => [path.relative(connectDir, file), file]))(
  "%s answers 403 to a foreign Origin",
  async (_, file) => {
    const route = (await import(file)) as { POST?: (request: Request, context: unknown) => Promise<Response> };
    if (!route.POST) return;
    for (const origin of ["https://evil.example", "null", "http://localhost:3000.evil.example"]) {
      const request = new Request("http://localhost:3000/connect/abcdefghijklmnopqrstuvwxyz/start", {
        method: "POST",
        headers: { origin, host: "localhost:3000", "content-type": "application/x-www-form-urlencoded" },
        body: "privacyMode=full_private",
      });
      const response = await route.POST(request, { params: Promise.resolve({ token: "abcdefghijklmnopqrstuvwxyz" }) });
      expect(response.status).toBe(403);
    }
  },
);
