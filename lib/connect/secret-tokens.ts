import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** 256 random bits, URL-safe: invitation tokens, OAuth state and nonce, browser bindings. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Tokens are looked up by hash, so a database leak does not leak working links. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * A link that proves who it was made for without a database row: `<subject>.<expiry>.<mac>`.
 * Used for the instructor's own connection page, linked from their emails.
 */
export function signLink(secret: string, subject: string, expiresAt: Date): string {
  const expiry = Math.floor(expiresAt.getTime() / 1000).toString(36);
  return `${subject}.${expiry}.${mac(secret, `${subject}.${expiry}`)}`;
}

export function verifyLink(
  secret: string,
  link: string,
  now: Date,
): { ok: true; subject: string } | { ok: false; reason: "invalid" | "expired" } {
  const [subject, expiry, signature] = link.split(".");
  if (!subject || !expiry || !signature) return { ok: false, reason: "invalid" };
  const expected = Buffer.from(mac(secret, `${subject}.${expiry}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "invalid" };
  if (parseInt(expiry, 36) * 1000 < now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, subject };
}

function mac(secret: string, value: string) {
  return createHmac("sha256", `instructor-link:${secret}`).update(value).digest("base64url");
}
