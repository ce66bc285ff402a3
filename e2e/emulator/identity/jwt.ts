/**
 * RS256 JWTs and the JWKS that publishes their key (reference §10.4 `jwks_uri`, §10.5 header
 * `typ/alg/kid`). MSAL never checks id_token signatures but next-auth/openid-client do
 * (stack-notes §4.4), and the emulator verifies its own access tokens with the same key.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from "node:crypto";

export type SigningKey = { kid: string; privateKey: KeyObject; publicKey: KeyObject };

export type Jwk = { kty: string; use: string; kid: string; x5t: string; n: string; e: string; alg: string };

export function generateSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return withKid(privateKey, publicKey);
}

/** Rebuild a key from a stored PKCS#8 PEM, so the JWKS stays stable across restarts. */
export function signingKeyFromPem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  return withKid(privateKey, createPublicKey(privateKey));
}

export function signingKeyToPem(key: SigningKey): string {
  return key.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}

function withKid(privateKey: KeyObject, publicKey: KeyObject): SigningKey {
  const der = publicKey.export({ type: "spki", format: "der" });
  const kid = createHash("sha256").update(der).digest("base64url").slice(0, 27);
  return { kid, privateKey, publicKey };
}

export function publicJwk(key: SigningKey): Jwk {
  const jwk = key.publicKey.export({ format: "jwk" });
  return { kty: "RSA", use: "sig", kid: key.kid, x5t: key.kid, n: String(jwk.n), e: String(jwk.e), alg: "RS256" };
}

export function signJwt(key: SigningKey, payload: Record<string, unknown>): string {
  const header = { typ: "JWT", alg: "RS256", kid: key.kid };
  const signingInput = `${base64urlJson(header)}.${base64urlJson(payload)}`;
  const signature = sign("RSA-SHA256", Buffer.from(signingInput), key.privateKey).toString("base64url");
  return `${signingInput}.${signature}`;
}

/** The payload when the signature is ours and the token is well formed; otherwise undefined. Expiry is the caller's job. */
export function verifyJwt(key: SigningKey, token: string): Record<string, unknown> | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  const ok = verify(
    "RSA-SHA256",
    Buffer.from(`${header}.${payload}`),
    key.publicKey,
    Buffer.from(signature, "base64url"),
  );
  if (!ok) return undefined;
  return decodeJwtPayload(token);
}

/** Decode without verifying (what MSAL does with id_tokens, reference §11.3). */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}
