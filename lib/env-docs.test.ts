import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { envSchema } from "./env";

it("documents every variable of lib/env.ts in the README's configuration table", () => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const documented = new Set([...readme.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]));
  expect(Object.keys(envSchema.shape).filter((name) => !documented.has(name))).toEqual([]);
});
