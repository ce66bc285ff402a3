/**
 * The repository must stand on its own: a clone with nothing beside it runs and tests the product.
 * `.ci/run` proves it by running the suite in an isolated copy; this test names the offending file
 * early, so a new path to `../shared` (or any folder above the root) fails here first.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const SKIPPED_DIRS = new Set(["node_modules", ".next", ".data", ".git", "test-results", "playwright-report"]);
const TEXT_FILE = /\.(ts|tsx|js|mjs|cjs|json|ya?ml|md|sh|sql|css)$|^\.ci|run$/;
const OUTSIDE_THE_REPO = /\.\.\/(?:\.\.\/)*shared\//;

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    if (SKIPPED_DIRS.has(entry)) continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) yield* files(full);
    else if (TEXT_FILE.test(entry) && entry !== "package-lock.json") yield full;
  }
}

describe("a self-contained repository", () => {
  it("has no file that reads or cites ../shared", () => {
    const offenders = [...files(root)].filter((file) => OUTSIDE_THE_REPO.test(readFileSync(file, "utf8")));
    expect(offenders.map((file) => path.relative(root, file))).toEqual([]);
  });
});
