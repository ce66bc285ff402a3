import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The no-restricted-imports messages ESLint reports for `code` as if it lived at `filePath`. */
async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

const msal = `import { ConfidentialClientApplication } from "@azure/msal-node";\nexport const app = ConfidentialClientApplication;\n`;
const graphSdk = `import { Client } from "@microsoft/microsoft-graph-client";\nexport const client = Client;\n`;

describe("only lib/graph imports MSAL and the Graph SDK", () => {
  it.each([
    ["lib/services/sync-calendar.ts", msal],
    ["lib/sync/plan.ts", graphSdk],
    ["app/api/example/route.ts", graphSdk],
    ["inngest/functions/pull.ts", msal],
  ])("rejects the import in %s", async (filePath, code) => {
    expect(await restrictedImports(filePath, code)).toEqual([expect.stringContaining("Only lib/graph talks to Microsoft")]);
  });

  it.each([
    ["lib/graph/calendar-client.ts", graphSdk],
    ["lib/graph/microsoft-identity.ts", msal],
    ["e2e/emulator/testing/graph.ts", graphSdk],
    ["lib/services/token-refresh.int.test.ts", msal],
  ])("allows it in %s", async (filePath, code) => {
    expect(await restrictedImports(filePath, code)).toEqual([]);
  });

  it("still rejects e2e imports in lib/graph", async () => {
    expect(await restrictedImports("lib/graph/x.ts", `import { control } from "@/e2e/emulator/testing/graph";\nexport const c = control;\n`)).toEqual([
      expect.stringContaining("never imports the emulator"),
    ]);
  });
});
