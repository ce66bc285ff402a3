/**
 * The bench's Microsoft 365 emulator, in a process of its own (forked by fixture.ts): Graph is
 * another machine for the product, so the emulator's own work (expanding a year of recurrences,
 * computing delta rounds) must not be timed as the product's, nor share its event loop. Sends
 * its URLs to the parent over IPC and exits when the parent goes.
 */
import { createMs365Emulator } from "@/e2e/emulator";

const profile = process.env.BENCH_EMULATOR_PROFILE === "realistic" ? "realistic" : "clean";
const emulator = await createMs365Emulator({
  port: 0,
  seed: false,
  profile: { profile, seed: Number(process.env.BENCH_EMULATOR_SEED) },
});
process.send!({ url: emulator.url, httpUrl: emulator.httpUrl });
process.on("disconnect", () => void emulator.close().finally(() => process.exit(0)));
