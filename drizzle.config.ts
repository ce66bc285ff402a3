import { defineConfig } from "drizzle-kit";

// Migrations are generated here and applied by the app itself (db/migrate.ts) on start.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
});
