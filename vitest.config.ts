import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

const integration = {
  // Creates the emulator's TLS certificate (and PGlite's migrated template) before workers start.
  globalSetup: ["./e2e/emulator/vitest-global-setup.ts"],
  include: ["{app,components,lib,db,emails,inngest,e2e,scripts}/**/*.int.test.{ts,tsx}"],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

/** Integration files with process-wide state, run isolated (see `integration-isolated` below). */
const processWide = [
  "app/**/*.int.test.{ts,tsx}",
  "lib/api/route.int.test.ts",
  "lib/context/create-context.int.test.ts",
  "db/client-*.int.test.ts",
  "inngest/functions/calendar-removal.int.test.ts",
];

// Unit tests sit beside the code (`*.test.ts`); integration tests (`*.int.test.ts`) open a
// real database (PGlite, or PostgreSQL when DATABASE_URL is set) and talk HTTP to the emulator.
export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    environment: "node",
    // Vitest's default is one worker fewer than the cores: a single worker on CI's 2 cores. Integration files
    // spend most of their time waiting on the emulator's latency and on job polling, and each has its own
    // database (PGlite) or its own rows and job queue (PostgreSQL), so two run side by side safely.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          // Pure functions and components, none setting process-wide state: one module cache per worker
          // (34 s → 14 s on 2 cores).
          isolate: false,
          include: ["{app,components,lib,db,emails,inngest,e2e,scripts}/**/*.test.{ts,tsx}"],
          exclude: ["**/*.int.test.{ts,tsx}", "node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          ...integration,
          // One module cache per worker, not per file: importing the app's modules again for each of 90 files
          // was half the CPU of this project on CI's 2 cores. Every file here builds its own database,
          // emulator and job runtime (lib/testing/microsoft-harness.ts) and changes no process-wide state.
          isolate: false,
          exclude: ["node_modules/**", ...processWide],
        },
      },
      {
        extends: true,
        test: {
          name: "integration-isolated",
          ...integration,
          // Files that set process.env (NODE_ENV, DATA_DIR) or open the app's process-wide database and context:
          // each needs a fresh module graph, and what they set must not reach another file.
          include: processWide,
        },
      },
    ],
  },
});
