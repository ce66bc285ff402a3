import { createHash } from "node:crypto";

/**
 * Encryption keys for data at rest. The first key encrypts; every key can decrypt, so a key is
 * rotated by putting a new one first and dropping the old one once nothing uses it. Each
 * ciphertext is stored beside the id of the key that made it.
 */
export type KeyRing = { current: { id: string; key: Buffer }; byId: Map<string, Buffer> };

/** "k2:base64,k1:base64" (or one bare base64 key, whose id is derived from its hash). */
export function parseKeyRing(spec: string): KeyRing {
  const entries = spec
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const colon = part.indexOf(":");
      const [id, encoded] = colon > 0 ? [part.slice(0, colon), part.slice(colon + 1)] : [null, part];
      const key = Buffer.from(encoded, "base64");
      if (key.length !== 32) throw new Error("Each TOKEN_ENCRYPTION_KEY entry must be 32 bytes, base64-encoded");
      return { id: id ?? createHash("sha256").update(key).digest("hex").slice(0, 8), key };
    });
  const [current] = entries;
  if (!current) throw new Error("TOKEN_ENCRYPTION_KEY has no key");
  return { current, byId: new Map(entries.map((e) => [e.id, e.key])) };
}
