/**
 * What Playwright's webServer runs: the production build (`next start`) on a fresh embedded
 * database, beside a fresh Microsoft 365 emulator. Production mode, so the e2e specs exercise what
 * ships; explicit flags allow the password sign-in, the emulator and the (admin-only) dev outbox for
 * this run only. Production never loads the demo data itself, so it is seeded here first.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { startEmulatorForDev } from "../e2e/emulator/dev";
import { e2eCoordinator } from "../e2e/fixtures/people";

const port = process.env.E2E_PORT ?? "3100";
const { emulator, env } = await startEmulatorForDev({ port: Number(process.env.E2E_EMULATOR_PORT ?? 4110) });
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
// E2E_NEXT_MODE=dev iterates on specs without rebuilding (production build is the default and what CI runs).
const mode = process.env.E2E_NEXT_MODE === "dev" ? "dev" : "start";
const dataDir = mkdtempSync(path.join(tmpdir(), "calendar-sync-e2e-"));
const seed = spawnSync(process.execPath, ["--import", "tsx", "scripts/db-seed.ts", "--demo"], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "development", DATA_DIR: dataDir, DATABASE_URL: "" },
});
if (seed.status !== 0) throw new Error("e2e: seeding the demo data failed");
// A coordinator (not an owner), for the authorization specs, created the way an operator would.
const coordinator = spawnSync(
  process.execPath,
  ["--import", "tsx", "scripts/admin-create.ts", "--email", e2eCoordinator.email, "--name", e2eCoordinator.name],
  {
    stdio: ["pipe", "inherit", "inherit"],
    input: `${e2eCoordinator.password}\n`,
    env: { ...process.env, NODE_ENV: "development", DATA_DIR: dataDir, DATABASE_URL: "" },
  },
);
if (coordinator.status !== 0) throw new Error("e2e: creating the coordinator failed");
// Mirrored calendars for the conflicts spec (Pull fills the mirror in real life).
const mirrors = spawnSync(process.execPath, ["--import", "tsx", "e2e/fixtures/seed-conflicts.ts"], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "development", DATA_DIR: dataDir, DATABASE_URL: "" },
});
if (mirrors.status !== 0) throw new Error("e2e: seeding the conflict calendars failed");
const next = spawn(process.execPath, [nextBin, mode, "--port", port], {
  stdio: "inherit",
  env: {
    ...process.env,
    ...env,
    NODE_ENV: mode === "dev" ? "development" : "production",
    NEXT_TELEMETRY_DISABLED: "1",
    APP_URL: `http://localhost:${port}`,
    NEXTAUTH_URL: `http://localhost:${port}`,
    NEXTAUTH_SECRET: "e2e-only-secret-e2e-only-secret-e2e-only",
    TOKEN_ENCRYPTION_KEY: `e2e:${randomBytes(32).toString("base64")}`,
    DATA_DIR: dataDir,
    DATABASE_URL: "", // always the embedded database, whatever the caller's shell has
    ALLOW_PASSWORD_SIGN_IN: "true",
    // The emulator's demo tenant holds the demo admin, so "Sign in with Microsoft" is tested too.
    AZURE_AD_ADMIN_TENANT: "calendar-sync.local",
    ALLOW_EMULATOR_IN_PRODUCTION: "true",
    ALLOW_DEV_OUTBOX_IN_PRODUCTION: "true",
    // The emulator accepts http webhooks on localhost: connections get change-notification subscriptions.
    ALLOW_HTTP_NOTIFICATIONS: "true",
  },
});
console.log(`e2e: app http://localhost:${port}, emulator ${emulator.url}`);

const stop = () => next.kill("SIGTERM");
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
next.on("exit", async (code) => {
  await emulator.close();
  process.exit(code ?? 0);
});
