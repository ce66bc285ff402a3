import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { KeyRing } from "./key-ring";

export type Sealed = { keyId: string; ciphertext: string };

export class DecryptionError extends Error {
  override name = "DecryptionError";
}

/**
 * AES-256-GCM with a fresh 96-bit IV. `context` is authenticated but not stored (e.g. the row id),
 * so a ciphertext copied onto another row fails to decrypt. Output: base64(iv | tag | data).
 */
export function seal(ring: KeyRing, plaintext: string, context: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", ring.current.key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { keyId: ring.current.id, ciphertext: Buffer.concat([iv, cipher.getAuthTag(), data]).toString("base64") };
}

export function open(ring: KeyRing, sealed: Sealed, context: string): string {
  const key = ring.byId.get(sealed.keyId);
  if (!key) throw new DecryptionError(`No key "${sealed.keyId}" in TOKEN_ENCRYPTION_KEY`);
  const raw = Buffer.from(sealed.ciphertext, "base64");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    decipher.setAAD(Buffer.from(context, "utf8"));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptionError("The ciphertext does not decrypt with its key (tampered, or another key)");
  }
}
