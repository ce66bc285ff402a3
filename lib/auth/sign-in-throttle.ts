import { createHash } from "node:crypto";
import { and, count, gt, inArray, lt, max, ne } from "drizzle-orm";
import { signInAttempts } from "@/db/schema";
import type { DbOrTx } from "@/db/types";

/**
 * Password sign-in attempts are counted in the database (so the limits hold across app instances), one row per
 * attempt and key: the (email, address) pair, the email, the address. Within a sliding window:
 * - a pair may fail `perPair` times: one address guessing one admin's password is stopped;
 * - an address may fail `perAddress` times across emails;
 * - once an email has failed `emailBackoffAfter` times from anywhere, an address that has already failed for it
 *   waits a backoff (doubling with each further failure) after the email's last attempt. An address that has
 *   not failed for the email is never held back by it, so guesses from elsewhere cannot lock the real admin out.
 * Every attempt is recorded before it is judged, so parallel guesses count against each other. A throttled
 * attempt is taken back out (it neither extends a lockout nor costs a password hash); a successful sign-in
 * clears its email's and its pair's failures.
 */
export const signInLimits = {
  windowMs: 15 * 60_000,
  perPair: 5,
  perAddress: 30,
  emailBackoffAfter: 5,
  backoffBaseMs: 2_000,
  backoffMaxMs: 15 * 60_000,
} as const;

export type AttemptTicket = { admitted: boolean; emailKey: string; pairKey: string; rowIds: string[] };

const hash = (value: string) => createHash("sha256").update(value).digest("base64url");
const normalise = (value: string) => value.trim().toLowerCase();
const keysFor = (email: string, address: string) => ({
  emailKey: `email:${hash(normalise(email))}`,
  addressKey: `address:${hash(normalise(address))}`,
  pairKey: `pair:${hash(`${normalise(email)}\n${normalise(address)}`)}`,
});

/** How long an address that has failed for an email waits after the email's last attempt. */
export function emailBackoffMs(emailFailures: number): number {
  if (emailFailures < signInLimits.emailBackoffAfter) return 0;
  const doublings = Math.min(emailFailures - signInLimits.emailBackoffAfter, 20);
  return Math.min(signInLimits.backoffBaseMs * 2 ** doublings, signInLimits.backoffMaxMs);
}

export async function recordSignInAttempt(
  db: DbOrTx,
  { email, address, now }: { email: string; address: string; now: Date },
): Promise<AttemptTicket> {
  const { emailKey, addressKey, pairKey } = keysFor(email, address);
  const keys = [emailKey, addressKey, pairKey];
  const windowStart = new Date(now.getTime() - signInLimits.windowMs);
  await db
    .delete(signInAttempts)
    .where(and(inArray(signInAttempts.key, keys), lt(signInAttempts.attemptedAt, windowStart)));
  const rows = await db
    .insert(signInAttempts)
    .values(keys.map((key) => ({ key, attemptedAt: now })))
    .returning({ id: signInAttempts.id, key: signInAttempts.key });
  const rowIds = rows.map((r) => r.id);
  // Other attempts per key within the window (this attempt's own rows left out), and the email's latest.
  const others = await db
    .select({ key: signInAttempts.key, n: count(), latest: max(signInAttempts.attemptedAt) })
    .from(signInAttempts)
    .where(
      and(
        inArray(signInAttempts.key, keys),
        gt(signInAttempts.attemptedAt, windowStart),
        ...rowIds.map((id) => ne(signInAttempts.id, id)),
      ),
    )
    .groupBy(signInAttempts.key);
  const of = (key: string) => others.find((o) => o.key === key);
  const pairFailures = of(pairKey)?.n ?? 0;
  const emailFailures = of(emailKey)?.n ?? 0;
  const lastForEmail = of(emailKey)?.latest;
  const backoff = pairFailures > 0 ? emailBackoffMs(emailFailures) : 0;
  const admitted =
    pairFailures < signInLimits.perPair &&
    (of(addressKey)?.n ?? 0) < signInLimits.perAddress &&
    !(backoff > 0 && lastForEmail && now.getTime() < new Date(lastForEmail).getTime() + backoff);
  if (!admitted) await db.delete(signInAttempts).where(inArray(signInAttempts.id, rowIds));
  return { admitted, emailKey, pairKey, rowIds };
}

export async function clearSignInAttempts(db: DbOrTx, ticket: AttemptTicket): Promise<void> {
  await db.delete(signInAttempts).where(inArray(signInAttempts.key, [ticket.emailKey, ticket.pairKey]));
  await db.delete(signInAttempts).where(inArray(signInAttempts.id, ticket.rowIds));
}

export type ProxyTrust = { trustedProxyHops: number; onVercel: boolean };

type Headers = Record<string, string | string[] | undefined> | undefined;
const header = (headers: Headers, name: string) => {
  const value = headers?.[name];
  return (Array.isArray(value) ? value.join(",") : value) ?? "";
};

/**
 * The client's address, from forwarding headers only as far as they are trusted. Next.js cannot tell the
 * socket's peer to a route (and keeps a client's own `X-Forwarded-For`), so with no trusted proxy every client
 * is one address (`direct`): forged headers then change nothing. Behind `trustedProxyHops` proxies that each
 * append the address they saw, the client is that many entries from the right of `X-Forwarded-For`; entries to
 * its left are the client's own word. On Vercel, `x-vercel-forwarded-for` is set by Vercel's edge alone.
 */
export function clientAddress(headers: Headers, trust: ProxyTrust): string {
  if (trust.onVercel) {
    const vercel = header(headers, "x-vercel-forwarded-for").split(",")[0]?.trim();
    if (vercel) return vercel;
  }
  if (trust.trustedProxyHops < 1) return "direct";
  const chain = header(headers, "x-forwarded-for")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return chain[chain.length - trust.trustedProxyHops] ?? "direct";
}
