import { index, pgTable, text } from "drizzle-orm/pg-core";
import { id, instant } from "./columns";

/**
 * Password sign-in attempts that count against a limit, one row per attempt and key (a hashed
 * email or client address). Kept in the database so the limit holds across app instances.
 */
export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    id: id(),
    key: text("key").notNull(),
    attemptedAt: instant("attempted_at").notNull(),
  },
  (t) => [index("sign_in_attempts_key_time_idx").on(t.key, t.attemptedAt)],
);
