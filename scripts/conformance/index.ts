/**
 * `npm run conformance`: one behavioural suite (checks.ts) that proves, on a target, the Graph behaviours
 * the emulator's `realistic` profile assumes and the product relies on. Prints a table (behaviour |
 * expected | this target | verdict) and writes the same as JSON.
 *
 *   npm run conformance                                    # against a fresh emulator (CI)
 *   npm run conformance -- --target microsoft [--public-url https://tunnel.example/notify --listen-port 8787]
 *
 * `--target microsoft` signs a test mailbox in with MSAL's device-code flow (device-code-sign-in.ts):
 * CONFORMANCE_CLIENT_ID (else AZURE_AD_CLIENT_ID; the registration must allow public client flows),
 * CONFORMANCE_TENANT (else AZURE_AD_TENANT, else `organizations`), MS_LOGIN_URL / MS_GRAPH_URL (Microsoft's
 * by default). The emulator target runs that same code with the emulator's URLs, playing the person who
 * enters the code. Exit code 1 when a behaviour differs from what is expected.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureEmulatorCertificate } from "@/e2e/emulator/tls";
import { runSuite, type CheckResult, type SuiteOptions } from "./checks";
import { signInWithDeviceCode, type DeviceCodePrompt } from "./device-code-sign-in";
import { GraphSession } from "./graph-session";

const { values } = parseArgs({
  options: {
    target: { type: "string", default: "emulator" },
    "public-url": { type: "string" },
    "listen-port": { type: "string" },
    out: { type: "string" },
  },
});
const target = values.target === "microsoft" ? "microsoft" : "emulator";
const out = values.out ?? path.join(".data", `conformance-${target}.json`);

/** A target: where Microsoft is, who signs in, and who enters the device code. */
export type TargetSetup = {
  loginUrl: string;
  graphUrl: string;
  tenant: string;
  clientId: string;
  onCode: (prompt: DeviceCodePrompt) => void | Promise<void>;
  suite: SuiteOptions;
  close?: () => Promise<void>;
};

async function main() {
  const setup = target === "microsoft" ? microsoftSetup() : await emulatorSetup();
  if (!setup) return;
  try {
    const signedIn = await signInWithDeviceCode(setup);
    console.log(`Signed in as ${signedIn.username}; running the suite against ${setup.graphUrl} …`);
    const results = await runSuite(new GraphSession(setup.graphUrl, signedIn.accessToken), setup.suite);
    report(results);
    process.exitCode = results.some((r) => r.verdict === "differs") ? 1 : 0;
  } finally {
    await setup.close?.();
  }
}

function microsoftSetup(): TargetSetup {
  const clientId = process.env.CONFORMANCE_CLIENT_ID || process.env.AZURE_AD_CLIENT_ID;
  if (!clientId) throw new Error("Set CONFORMANCE_CLIENT_ID (an app registration that allows public client flows)");
  return {
    loginUrl: process.env.MS_LOGIN_URL || "https://login.microsoftonline.com",
    graphUrl: (process.env.MS_GRAPH_URL || "https://graph.microsoft.com").replace(/\/$/, ""),
    tenant: process.env.CONFORMANCE_TENANT || process.env.AZURE_AD_TENANT || "organizations",
    clientId,
    onCode: (prompt) =>
      console.log(`\n${prompt.message}\n(Sign in as a TEST mailbox: the kit creates and deletes events.)\n`),
    suite: {
      publicUrl: values["public-url"] ?? null,
      listenPort: Number(values["listen-port"] ?? 8787),
      deltaWaitMs: 120_000,
      notifyWaitMs: 120_000,
    },
  };
}

/**
 * A fresh emulator in its realistic profile, a test tenant, mailbox and public-client app; the human step
 * (entering the code at /devicelogin) through the control API. Runs in a child process when Node was not
 * started with the emulator's certificate trusted (NODE_EXTRA_CA_CERTS is read only at start).
 */
async function emulatorSetup(): Promise<TargetSetup | null> {
  const { certPath } = await ensureEmulatorCertificate();
  if (process.env.NODE_EXTRA_CA_CERTS !== certPath) {
    const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      stdio: "inherit",
      env: { ...process.env, NODE_EXTRA_CA_CERTS: certPath },
    });
    process.exitCode = child.status ?? 1;
    return null;
  }
  const { createMs365Emulator } = await import("@/e2e/emulator");
  const emulator = await createMs365Emulator({ port: 0, profile: { profile: "realistic", seed: 20 } });
  const control = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${emulator.url}/_emulator${route}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`emulator control ${method} ${route}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const tenant = await control<{ id: string }>("POST", "/tenants", {
    displayName: "Conformance Ltd",
    domain: "conformance.example",
  });
  const email = "test.mailbox@conformance.example";
  await control("POST", "/users", { tenantId: tenant.id, email, displayName: "Test Mailbox" });
  const app = await control<{ clientId: string }>("POST", "/apps", { displayName: "Conformance kit" });
  return {
    loginUrl: emulator.url,
    graphUrl: emulator.url,
    tenant: tenant.id,
    clientId: app.clientId,
    onCode: (prompt) =>
      control("POST", "/devicecode/approve", { userCode: prompt.userCode, user: email }).then(() => {}),
    suite: {
      publicUrl: values["public-url"] ?? "http://127.0.0.1:{port}/notify",
      listenPort: Number(values["listen-port"] ?? 0),
      deltaWaitMs: 15_000,
      notifyWaitMs: 20_000,
    },
    close: () => emulator.close(),
  };
}

function report(results: CheckResult[]) {
  const head = ["behaviour", "expected", "this target", "verdict"];
  const rows = results.map((r) => [r.behaviour, r.expected, r.observed, r.verdict]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log([line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n"));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ target, at: new Date().toISOString(), results }, null, 2)}\n`);
  console.log(`\nWritten to ${out}`);
}

await main();
