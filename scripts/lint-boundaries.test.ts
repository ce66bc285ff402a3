/**
 * The boundaries ESLint enforces (eslint.config.js), each proved by linting a snippet as if it lived at a
 * given path: only lib/graph talks to Microsoft, the pure domain has no database, framework or clock of its
 * own, shipped code never imports the emulator or test helpers.
 */
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The messages of `ruleId` that ESLint reports for `code` as if it lived at `filePath`. */
async function messages(filePath: string, code: string, ruleId: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === ruleId).map((m) => m.message);
}
const restrictedImports = (filePath: string, code: string) => messages(filePath, code, "no-restricted-imports");
const restrictedSyntax = (filePath: string, code: string) => messages(filePath, code, "no-restricted-syntax");

const msal = `import { ConfidentialClientApplication } from "@azure/msal-node";\nexport const app = ConfidentialClientApplication;\n`;
const graphSdk = `import { Client } from "@microsoft/microsoft-graph-client";\nexport const client = Client;\n`;
const e2e = `import { control } from "@/e2e/emulator/testing/graph";\nexport const c = control;\n`;
const testHelper = `import { createTestDb } from "@/db/testing/create-test-db";\nexport const c = createTestDb;\n`;

describe("only lib/graph imports MSAL and the Graph SDK", () => {
  it.each([
    ["lib/services/sync-calendar.ts", msal],
    ["lib/sync/plan.ts", graphSdk],
    ["app/api/example/route.ts", graphSdk],
    ["inngest/functions/pull.ts", msal],
  ])("rejects the import in %s", async (filePath, code) => {
    expect(await restrictedImports(filePath, code)).toEqual([
      expect.stringContaining("Only lib/graph talks to Microsoft"),
    ]);
  });

  it.each([
    ["lib/graph/calendar-client.ts", graphSdk],
    ["lib/graph/microsoft-identity.ts", msal],
    ["e2e/emulator/testing/graph.ts", graphSdk],
    ["lib/services/microsoft/token-refresh.int.test.ts", msal],
  ])("allows it in %s", async (filePath, code) => {
    expect(await restrictedImports(filePath, code)).toEqual([]);
  });

  it("still rejects e2e imports in lib/graph", async () => {
    expect(await restrictedImports("lib/graph/x.ts", e2e)).toEqual([
      expect.stringContaining("never imports the emulator"),
    ]);
  });
});

describe("the pure domain (lib/sync, lib/training, lib/time)", () => {
  it.each([
    ["lib/sync/plan-pushes.ts", `import { db } from "@/db";\nexport const x = db;\n`],
    ["lib/training/rules.ts", `import { events } from "@/db/schema";\nexport const x = events;\n`],
    ["lib/time/window.ts", `import { eq } from "drizzle-orm";\nexport const x = eq;\n`],
    ["lib/sync/reconcile.ts", `import { headers } from "next/headers";\nexport const x = headers;\n`],
  ])("rejects database and framework imports in %s", async (filePath, code) => {
    expect(await restrictedImports(filePath, code)).toEqual([expect.stringContaining("are pure")]);
  });

  it.each([
    ["lib/sync/window.ts", "export const t = Date.now();\n"],
    ["lib/time/today.ts", "export const t = new Date();\n"],
    ["lib/training/now.ts", `import { DateTime } from "luxon";\nexport const t = DateTime.now();\n`],
  ])("rejects an ambient clock in %s", async (filePath, code) => {
    expect(await restrictedSyntax(filePath, code)).toEqual([expect.stringContaining("takes `now` as an input")]);
  });

  it("allows dates built from values, and ambient clocks outside the pure folders", async () => {
    expect(await restrictedSyntax("lib/sync/window.ts", "export const at = (ms: number) => new Date(ms);\n")).toEqual(
      [],
    );
    expect(await restrictedSyntax("lib/services/now.ts", "export const t = Date.now();\n")).toEqual([]);
    expect(await restrictedSyntax("lib/sync/window.test.ts", "export const t = new Date();\n")).toEqual([]);
  });
});

describe("services take configuration and secrets from ctx", () => {
  it.each([
    ["lib/services/connect/issue-invitation.ts", `import { env } from "@/lib/env";\nexport const x = env;\n`],
    [
      "lib/services/connect/complete-connect.ts",
      `import { tokenKeyRing } from "@/lib/local-secrets";\nexport const x = tokenKeyRing;\n`,
    ],
    [
      "lib/services/internal/links.ts",
      `import { nextAuthSecret } from "../../local-secrets";\nexport const x = nextAuthSecret;\n`,
    ],
  ])("rejects the import in %s", async (filePath, code) => {
    expect(await restrictedImports(filePath, code)).toEqual([
      expect.stringContaining("take configuration and secrets from ctx"),
    ]);
  });

  it("keeps the other boundaries there, and allows the import in lib/context and in tests", async () => {
    expect(await restrictedImports("lib/services/sync/pull.ts", msal)).toEqual([
      expect.stringContaining("Only lib/graph talks to Microsoft"),
    ]);
    const envImport = `import { env } from "@/lib/env";\nexport const x = env;\n`;
    expect(await restrictedImports("lib/context/create-context.ts", envImport)).toEqual([]);
    expect(await restrictedImports("lib/services/connect/connect-flow.int.test.ts", envImport)).toEqual([]);
  });
});

describe("test helpers stay in tests", () => {
  it("rejects db/testing and lib/testing imports from shipped code", async () => {
    expect(await restrictedImports("lib/services/training/create-event.ts", testHelper)).toEqual([
      expect.stringContaining("Test helpers are for tests"),
    ]);
    expect(await restrictedImports("app/(admin)/events/page.tsx", testHelper)).toEqual([
      expect.stringContaining("Test helpers are for tests"),
    ]);
  });

  it("allows them from tests and from other test helpers", async () => {
    expect(await restrictedImports("lib/services/training/training.int.test.ts", testHelper)).toEqual([]);
    expect(await restrictedImports("lib/testing/microsoft-harness.ts", testHelper)).toEqual([]);
  });

  it("reads process.env only in lib/env.ts and test helpers", async () => {
    const code = "export const x = process.env.X;\n";
    expect(await restrictedSyntax("lib/services/x.ts", code)).toEqual([expect.stringContaining("lib/env.ts")]);
    expect(await restrictedSyntax("lib/testing/x.ts", code)).toEqual([]);
  });
});
