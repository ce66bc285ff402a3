import { createHash } from "node:crypto";
import { and, count, eq, gt, inArray, lt } from "drizzle-orm";
import { signInAttempts } from "@/db/schema";
import type { DbOrTx } from "@/db/types";

/**
 * Password sign-in attempts are limited per email and per client address within a sliding window,
 * counted in the database so the limit holds however many app instances serve the sign-in.
 * Every attempt is recorded before it is judged, so parallel guesses count against each other;
 * a successful sign-in clears its email's count (and its own address record).
 */
export const signInLimits = { windowMs: 15 * 60_000, perEmail: 5, perAddress: 30 } as const;

export type AttemptTicket = { admitted: boolean; emailKey: string; addressRowId: string };

const keyFor = (kind: "email" | "address", value: string) =>
  `${kind}:${createHash("sha256").update(value.trim().toLowerCase()).digest("base64url")}`;

export async function recordSignInAttempt(
  db: DbOrTx,
  { email, address, now }: { email: string; address: string; now: Date },
): Promise<AttemptTicket> {
  const emailKey = keyFor("email", email);
  const addressKey = keyFor("address", address);
  const windowStart = new Date(now.getTime() - signInLimits.windowMs);
  await db
    .delete(signInAttempts)
    .where(and(inArray(signInAttempts.key, [emailKey, addressKey]), lt(signInAttempts.attemptedAt, windowStart)));
  const rows = await db
    .insert(signInAttempts)
    .values([
      { key: emailKey, attemptedAt: now },
      { key: addressKey, attemptedAt: now },
    ])
    .returning({ id: signInAttempts.id, key: signInAttempts.key });
  const recent = async (key: string) =>
    (
      await db
        .select({ n: count() })
        .from(signInAttempts)
        .where(and(eq(signInAttempts.key, key), gt(signInAttempts.attemptedAt, windowStart)))
    )[0]!.n;
  const admitted =
    (await recent(emailKey)) <= signInLimits.perEmail && (await recent(addressKey)) <= signInLimits.perAddress;
  return { admitted, emailKey, addressRowId: rows.find((r) => r.key === addressKey)!.id };
}

export async function clearSignInAttempts(db: DbOrTx, ticket: AttemptTicket): Promise<void> {
  await db.delete(signInAttempts).where(eq(signInAttempts.key, ticket.emailKey));
  await db.delete(signInAttempts).where(eq(signInAttempts.id, ticket.addressRowId));
}

/**
 * The client's address as the TLS-terminating proxy reports it: `X-Real-IP` (Vercel and the usual
 * nginx setup), else the first `X-Forwarded-For` entry. A client can forge the latter to dodge the
 * per-address limit, but not the per-email one.
 */
export function clientAddress(headers: Record<string, string | string[] | undefined> | undefined): string {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.split(",")[0]?.trim();
  return first(headers?.["x-real-ip"]) || first(headers?.["x-forwarded-for"]) || "unknown";
}
