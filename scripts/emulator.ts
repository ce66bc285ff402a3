/**
 * `npm run emulator`: the Microsoft 365 emulator on EMULATOR_PORT (default 4010), printing the
 * environment that points Calendar Sync at it. See e2e/emulator/README.md.
 */
import { DEFAULT_EMULATOR_PORT, formatExports, startEmulatorForDev } from "../e2e/emulator/dev";

const port = Number(process.env.EMULATOR_PORT ?? DEFAULT_EMULATOR_PORT);
const { emulator, env } = await startEmulatorForDev({ port });
if (emulator.reused) {
  console.log(`A Microsoft 365 emulator is already running on ${emulator.url}; its environment:\n`);
  console.log(formatExports(env));
  process.exit(0);
}

console.log(`Microsoft 365 emulator listening on ${emulator.url} (sign-in pages on ${emulator.httpUrl})`);
console.log("Point Calendar Sync at it with:\n");
console.log(formatExports(env));
console.log("\nSign in as any demo instructor, e.g. amelia.hart@northwind-training.example (no password).");
console.log(`Control API: ${emulator.url}/_emulator (see e2e/emulator/README.md). Ctrl+C to stop.`);

const stop = () => void emulator.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
