import type { Env } from "@/lib/env";
import type { Mailer } from "./mailer";

/**
 * Who may read the dev outbox (every email with its links, invitation tokens included).
 * open: development and tests; admins: a production build run by the end-to-end tests, which sets
 * an explicit flag, and then only with an admin session; closed: everything else, and always
 * when real mail is configured.
 */
export type DevOutboxAccess = "open" | "admins" | "closed";

export function devOutboxAccess(
  e: Pick<Env, "NODE_ENV" | "ALLOW_DEV_OUTBOX_IN_PRODUCTION">,
  transport: Mailer["transport"],
): DevOutboxAccess {
  if (transport !== "dev-outbox") return "closed";
  if (e.NODE_ENV !== "production") return "open";
  return e.ALLOW_DEV_OUTBOX_IN_PRODUCTION ? "admins" : "closed";
}
