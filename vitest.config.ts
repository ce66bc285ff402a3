import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

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
          include: ["{app,components,lib,db,emails,inngest,e2e,scripts}/**/*.test.{ts,tsx}"],
          exclude: ["**/*.int.test.{ts,tsx}", "node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          // Creates the emulator's TLS certificate and sets NODE_EXTRA_CA_CERTS before workers start.
          globalSetup: ["./e2e/emulator/vitest-global-setup.ts"],
          include: ["{app,components,lib,db,emails,inngest,e2e,scripts}/**/*.int.test.{ts,tsx}"],
          exclude: ["node_modules/**"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
