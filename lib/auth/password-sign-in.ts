import { randomBytes } from "node:crypto";
import type { DbOrTx } from "@/db/types";
import { findAdminByEmail } from "@/db/queries/admin-users";
import { hashPassword, verifyPassword } from "./password";
import { clearSignInAttempts, recordSignInAttempt } from "./sign-in-throttle";

export type PasswordSignInResult =
  | { outcome: "signed-in"; admin: { id: string; email: string; name: string } }
  | { outcome: "refused" }
  | { outcome: "throttled" };

/** A hash of a random password: unknown emails cost one scrypt too, so timing does not reveal who is an admin. */
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword(randomBytes(24).toString("base64url")));

/**
 * One password sign-in: judged by the throttle first, so a throttled attempt costs no password hash (the
 * scrypt is what a flood of guesses would otherwise buy). `checkPassword` is for tests that count hashes.
 */
export async function passwordSignIn(
  db: DbOrTx,
  { email, password, address, now }: { email: string; password: string; address: string; now: Date },
  { checkPassword = verifyPassword }: { checkPassword?: typeof verifyPassword } = {},
): Promise<PasswordSignInResult> {
  const ticket = await recordSignInAttempt(db, { email, address, now });
  if (!ticket.admitted) return { outcome: "throttled" };
  // PostgreSQL cannot compare text holding NUL: such an email is no admin's (and must not fail as a 500).
  const admin = email && !email.includes("\u0000") ? await findAdminByEmail(db, email) : null;
  const matches = await checkPassword(password, admin?.passwordHash ?? (await dummy()));
  if (!admin?.passwordHash || !matches) return { outcome: "refused" };
  await clearSignInAttempts(db, ticket);
  return { outcome: "signed-in", admin: { id: admin.id, email: admin.email, name: admin.name } };
}
