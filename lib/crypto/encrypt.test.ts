import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DecryptionError, open, seal } from "./encrypt";
import { parseKeyRing } from "./key-ring";

const key = () => randomBytes(32).toString("base64");

describe("seal / open", () => {
  const ring = parseKeyRing(`k1:${key()}`);

  it("round-trips and never contains the plaintext", () => {
    const sealed = seal(ring, '{"refresh_token":"secret-rt"}', "conn-1");
    expect(sealed.keyId).toBe("k1");
    expect(Buffer.from(sealed.ciphertext, "base64").toString("latin1")).not.toContain("secret-rt");
    expect(open(ring, sealed, "conn-1")).toBe('{"refresh_token":"secret-rt"}');
  });

  it("refuses another row's context, another key and a flipped bit", () => {
    const sealed = seal(ring, "x", "conn-1");
    expect(() => open(ring, sealed, "conn-2")).toThrow(DecryptionError);
    expect(() => open(parseKeyRing(`k1:${key()}`), sealed, "conn-1")).toThrow(DecryptionError);
    const bytes = Buffer.from(sealed.ciphertext, "base64");
    bytes[bytes.length - 1]! ^= 1;
    expect(() => open(ring, { ...sealed, ciphertext: bytes.toString("base64") }, "conn-1")).toThrow(DecryptionError);
  });

  it("rotates: new key encrypts, old key still decrypts", () => {
    const [oldKey, newKey] = [key(), key()];
    const sealedWithOld = seal(parseKeyRing(`old:${oldKey}`), "x", "c");
    const rotated = parseKeyRing(`new:${newKey},old:${oldKey}`);
    expect(open(rotated, sealedWithOld, "c")).toBe("x");
    expect(seal(rotated, "y", "c").keyId).toBe("new");
  });
});

describe("parseKeyRing", () => {
  it("derives an id for a bare key and rejects short keys", () => {
    expect(parseKeyRing(key()).current.id).toMatch(/^[0-9a-f]{8}$/);
    expect(() => parseKeyRing("k:" + randomBytes(16).toString("base64"))).toThrow(/32 bytes/);
  });
});
