/**
 * `EMULATOR_PROFILE=realistic` (and optionally `EMULATOR_SEED=<integer>`) runs the product's
 * integration harness, the e2e server, `npm run emulator` and `npm run dev` against the realistic
 * Graph profile (graph/realism.ts). Unset: "clean". Read by the scripts and test harnesses only,
 * never by the emulator itself, so an in-process emulator is configured by its options alone.
 */
import type { GraphProfileOption } from "./index";

export function profileFromEnv(env: NodeJS.ProcessEnv = process.env): GraphProfileOption | undefined {
  const name = env.EMULATOR_PROFILE?.trim();
  if (!name) return undefined;
  if (name !== "clean" && name !== "realistic")
    throw new Error(`EMULATOR_PROFILE must be "clean" or "realistic", not "${name}"`);
  const seed = env.EMULATOR_SEED?.trim() ? Number(env.EMULATOR_SEED) : undefined;
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0))
    throw new Error(`EMULATOR_SEED must be a non-negative integer`);
  return { profile: name, ...(seed !== undefined ? { seed } : {}) };
}
