/**
 * What the database drivers throw, recognised here and nowhere else (as lib/graph/errors.ts does for Graph).
 * drizzle wraps the driver's error in `cause` (DrizzleQueryError), so every predicate walks that chain.
 */
function* errorChain(error: unknown) {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    yield e as { code?: unknown; message?: unknown };
    e = (e as { cause?: unknown }).cause;
  }
}

/** Both drivers report SQLSTATE as `code`. */
function sqlState(error: unknown): string | undefined {
  for (const e of errorChain(error)) if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  return undefined;
}

export const isUniqueViolation = (error: unknown) => sqlState(error) === "23505";

/**
 * Why a statement failed for a reason that passes on its own, or undefined for anything else (a bug, a
 * constraint, bad input: retrying changes nothing).
 * - `contention`: the database gave up one transaction to let another finish: serialization failure
 *   (40001), deadlock (40P01), lock wait timeout (55P03). Retrying at once usually succeeds.
 * - `overloaded`: statement timeout or cancel (57014), too many connections (53300), out of resources
 *   (53200, 53400), postgres.js's pool could not open a connection in `connect_timeout` (CONNECT_TIMEOUT).
 * - `unreachable`: the server is restarting or gone (57P01-57P03, class 08), the socket failed
 *   (ECONNREFUSED, ECONNRESET, ...; postgres.js's CONNECTION_CLOSED / _ENDED / _DESTROYED), or the embedded
 *   PGlite is shutting down with the process (it throws plain errors, recognised by their fixed text).
 */
export type TransientDbFailure = "contention" | "overloaded" | "unreachable";

const contention = new Set(["40001", "40P01", "55P03"]);
const overloaded = new Set(["57014", "53200", "53300", "53400", "CONNECT_TIMEOUT"]);
const unreachable = new Set([
  "57P01",
  "57P02",
  "57P03",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);
const pgliteStopping = new Set(["PGlite is closed", "PGlite is closing"]);

export function transientDbFailure(error: unknown): TransientDbFailure | undefined {
  for (const e of errorChain(error)) {
    const code = typeof e.code === "string" ? e.code : undefined;
    if (code && contention.has(code)) return "contention";
    if (code && overloaded.has(code)) return "overloaded";
    if (code && (unreachable.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return "unreachable";
    if (typeof e.message === "string" && pgliteStopping.has(e.message)) return "unreachable";
  }
  return undefined;
}
