import type { Env } from "@/lib/env";

/**
 * The demo organisation (and its well-known owner password) exists for trying the product: it is
 * loaded automatically only by a development server on the embedded database, and otherwise only
 * by an explicit `npm run db:seed -- --demo` outside production.
 */
export function loadsDemoDataOnStart(e: Pick<Env, "NODE_ENV">, kind: "pglite" | "postgres"): boolean {
  return e.NODE_ENV === "development" && kind === "pglite";
}

/** The sign-in page names the demo credentials only where they can exist unasked: development. */
export function showsDemoCredentials(e: Pick<Env, "NODE_ENV">): boolean {
  return e.NODE_ENV === "development";
}
