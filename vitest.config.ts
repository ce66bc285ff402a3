import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

// Unit tests sit beside the code (`*.test.ts`); integration tests (`*.int.test.ts`) open a
// real database (PGlite, or PostgreSQL when DATABASE_URL is set) and talk HTTP to the emulator.
export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    environment: "node",
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
