import { DrizzleQueryError } from "drizzle-orm";

/**
 * The `sync_runs.error_class` of a failure: the error's `name`, which every error class of ours spells
 * out as a literal equal to its class name. Never `constructor.name`: the production build minifies
 * class names, so it would store "e" or "" where rows and comparisons (the held round, removal) expect
 * the class name. drizzle's DrizzleQueryError sets no `name` of its own (it reads "Error"), and drizzle
 * is bundled, so it is named here to keep the value the unminified code stored.
 */
export function errorClassOf(error: unknown): string {
  if (error instanceof DrizzleQueryError) return "DrizzleQueryError";
  if (error instanceof Error && typeof error.name === "string" && error.name) return error.name;
  return "Error";
}
