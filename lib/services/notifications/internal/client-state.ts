import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The secret Graph echoes as `clientState` in every notification of a subscription (≤ 128 characters,
 * graph-behaviour.md §9.1): random per subscription, only its SHA-256 stored, compared in constant time.
 */
export function newClientState(): string {
  return randomBytes(32).toString("base64url");
}

export function hashClientState(clientState: string): string {
  return createHash("sha256").update(clientState, "utf8").digest("hex");
}

export function clientStateMatches(storedHash: string, given: string | null): boolean {
  if (given === null) return false;
  const expected = Buffer.from(storedHash, "hex");
  const actual = createHash("sha256").update(given, "utf8").digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
