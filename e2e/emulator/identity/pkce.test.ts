import { describe, expect, it } from "vitest";
import { parsePkceMethod, pkceChallengeFor, verifyPkce } from "./pkce";

describe("PKCE", () => {
  // RFC 7636 appendix B test vector.
  const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  const challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

  it("computes the S256 challenge of the RFC 7636 example", () => {
    expect(pkceChallengeFor(verifier, "S256")).toBe(challenge);
  });

  it.each([
    ["S256", challenge, verifier, true],
    ["S256", challenge, `${verifier}x`, false],
    ["S256", challenge, undefined, false],
    ["plain", "abc", "abc", true],
    ["plain", "abc", "abd", false],
  ] as const)("%s %s / %s -> %s", (method, expected, given, ok) => {
    expect(verifyPkce(expected, method, given)).toBe(ok);
  });

  it("defaults the method to plain and rejects unknown methods", () => {
    expect(parsePkceMethod(null)).toBe("plain");
    expect(parsePkceMethod("S256")).toBe("S256");
    expect(parsePkceMethod("S512")).toBeUndefined();
  });
});
