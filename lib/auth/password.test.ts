import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";
import { bearerToken, generateApiKey, hashApiKey } from "./api-key-format";

describe("passwords", () => {
  it("verifies the right password only", async () => {
    const stored = await hashPassword("correct horse");
    expect(stored).not.toContain("correct horse");
    expect(await verifyPassword("correct horse", stored)).toBe(true);
    expect(await verifyPassword("correct horsE", stored)).toBe(false);
    expect(await verifyPassword("anything", null)).toBe(false);
  });
});

describe("api keys", () => {
  it("stores only a hash and identifies the key by its prefix", () => {
    const key = generateApiKey();
    expect(key.secret).toMatch(/^csk_[A-Za-z0-9_-]{43}$/);
    expect(key.secret.startsWith(key.prefix)).toBe(true);
    expect(key.secretHash).toBe(hashApiKey(key.secret));
    expect(key.secretHash).not.toContain(key.secret.slice(4));
  });
  it.each([
    ["Bearer abc", "abc"],
    ["bearer  abc ", "abc"],
    ["Basic abc", null],
    [null, null],
    ["Bearer", null],
  ])("reads %j as %j", (header, expected) => {
    expect(bearerToken(header)).toBe(expected);
  });
});
