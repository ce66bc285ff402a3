import { createHash, randomBytes } from "node:crypto";

/**
 * API keys are 32 random bytes, so a plain SHA-256 is enough to store them safely (no dictionary
 * to attack); a slow password hash would only slow every API call. The prefix names the key in lists.
 */
const KEY_PREFIX = "csk_";

export function generateApiKey(): { secret: string; prefix: string; secretHash: string } {
  const secret = KEY_PREFIX + randomBytes(32).toString("base64url");
  return { secret, prefix: secret.slice(0, KEY_PREFIX.length + 6), secretHash: hashApiKey(secret) };
}

export function hashApiKey(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function bearerToken(authorization: string | null): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1] ?? null;
}
