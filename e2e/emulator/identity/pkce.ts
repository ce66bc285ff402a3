/**
 * PKCE (RFC 7636) as Entra applies it: S256 or plain (reference §10.1); a mismatch at the token
 * endpoint is AADSTS501481 (reference §10.2 table).
 */
import { createHash, timingSafeEqual } from "node:crypto";

export type PkceMethod = "S256" | "plain";

export function parsePkceMethod(value: string | null): PkceMethod | undefined {
  if (value === null || value === "" || value === "plain") return "plain";
  if (value === "S256") return "S256";
  return undefined;
}

export function pkceChallengeFor(verifier: string, method: PkceMethod): string {
  return method === "S256" ? createHash("sha256").update(verifier, "ascii").digest("base64url") : verifier;
}

/** True when `verifier` answers `challenge`; false for a missing verifier. */
export function verifyPkce(challenge: string, method: PkceMethod, verifier: string | null | undefined): boolean {
  if (!verifier) return false;
  const expected = Buffer.from(challenge);
  const actual = Buffer.from(pkceChallengeFor(verifier, method));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
