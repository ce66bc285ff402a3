import { createPublicKey, createVerify } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  decodeJwtPayload,
  generateSigningKey,
  publicJwk,
  signingKeyFromPem,
  signingKeyToPem,
  signJwt,
  verifyJwt,
} from "./jwt";

describe("RS256 JWTs and JWKS", () => {
  const key = generateSigningKey();

  it("signs tokens that verify against the published JWK", () => {
    const token = signJwt(key, { sub: "s", n: 1 });
    const [header, payload, signature] = token.split(".") as [string, string, string];
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual({ typ: "JWT", alg: "RS256", kid: key.kid });
    const jwk = publicJwk(key);
    expect(jwk).toMatchObject({ kty: "RSA", use: "sig", alg: "RS256", kid: key.kid, e: "AQAB" });
    const publicKey = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: "jwk" });
    const ok = createVerify("RSA-SHA256")
      .update(`${header}.${payload}`)
      .verify(publicKey, Buffer.from(signature, "base64url"));
    expect(ok).toBe(true);
    expect(verifyJwt(key, token)).toEqual({ sub: "s", n: 1 });
  });

  it("rejects tampered tokens and tokens signed by another key", () => {
    const token = signJwt(key, { sub: "s" });
    const [header, , signature] = token.split(".");
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: "admin" })).toString("base64url")}.${signature}`;
    expect(verifyJwt(key, forged)).toBeUndefined();
    expect(verifyJwt(generateSigningKey(), token)).toBeUndefined();
    expect(verifyJwt(key, "not-a-jwt")).toBeUndefined();
    expect(decodeJwtPayload(forged)).toEqual({ sub: "admin" });
  });

  it("round-trips through PEM with the same kid", () => {
    expect(signingKeyFromPem(signingKeyToPem(key)).kid).toBe(key.kid);
  });
});
