/**
 * The README's run command: starts Calendar Sync on embedded defaults at http://localhost:3000.
 * Without Azure credentials it first starts the built-in Microsoft 365 emulator and points the app
 * at it; NODE_EXTRA_CA_CERTS must be in Next's environment from its start, hence this wrapper.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { devServerArgs } from "./dev-server-args";

// Loopback unless HOST is set (`HOST=0.0.0.0 npm run dev` to reach it from another machine).
const { host, port, args } = devServerArgs(process.env);
const childEnv: NodeJS.ProcessEnv = {
  NEXTAUTH_URL: `http://localhost:${port}`,
  APP_URL: `http://localhost:${port}`,
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
};
let closeEmulator = async () => {};

if (!process.env.AZURE_AD_CLIENT_ID) {
  const { startEmulatorForDev } = await import("../e2e/emulator/dev");
  const { emulator, env } = await startEmulatorForDev({ port: Number(process.env.EMULATOR_PORT ?? 4010) });
  // The emulator's "Calendar Sync demo provider" tenant holds the demo admin, for "Sign in with Microsoft".
  // The emulator accepts http webhooks on localhost, so change notifications work in development too.
  Object.assign(
    childEnv,
    { AZURE_AD_ADMIN_TENANT: "calendar-sync.local", ALLOW_HTTP_NOTIFICATIONS: "true" },
    env,
    process.env.ALLOW_HTTP_NOTIFICATIONS !== undefined && {
      ALLOW_HTTP_NOTIFICATIONS: process.env.ALLOW_HTTP_NOTIFICATIONS,
    },
  );
  closeEmulator = emulator.close;
  console.log(
    `Microsoft 365 emulator: ${emulator.url} (sign-in pages at ${emulator.httpUrl}; no Azure credentials configured)`,
  );
}

const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
const next = spawn(process.execPath, [nextBin, ...args], { env: childEnv, stdio: "inherit" });
console.log(`Calendar Sync: http://localhost:${port} (listening on ${host})`);

const stop = (signal: NodeJS.Signals) => next.kill(signal);
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
next.on("exit", async (code) => {
  await closeEmulator();
  process.exit(code ?? 0);
});
