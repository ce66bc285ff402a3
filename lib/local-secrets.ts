import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "./env";
import { parseKeyRing, type KeyRing } from "./crypto/key-ring";

/**
 * Secrets the embedded default generates on first start, kept in DATA_DIR so sessions and stored
 * tokens survive restarts. Production must configure its own: there, a missing secret is an error.
 */
type LocalSecrets = { nextAuthSecret: string; tokenEncryptionKey: string };

let cached: LocalSecrets | undefined;

function localSecrets(): LocalSecrets {
  if (cached) return cached;
  const file = path.resolve(env().DATA_DIR, "secrets.json");
  let stored: Partial<LocalSecrets> = {};
  try {
    stored = JSON.parse(readFileSync(file, "utf8")) as Partial<LocalSecrets>;
  } catch {
    // first start
  }
  const complete: LocalSecrets = {
    nextAuthSecret: stored.nextAuthSecret ?? randomBytes(32).toString("base64url"),
    tokenEncryptionKey: stored.tokenEncryptionKey ?? `local1:${randomBytes(32).toString("base64")}`,
  };
  if (complete.nextAuthSecret !== stored.nextAuthSecret || complete.tokenEncryptionKey !== stored.tokenEncryptionKey) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(complete, null, 2), { mode: 0o600 });
  }
  cached = complete;
  return cached;
}

export function nextAuthSecret(): string {
  const e = env();
  if (e.NEXTAUTH_SECRET) return e.NEXTAUTH_SECRET;
  if (e.NODE_ENV === "production") throw new Error("NEXTAUTH_SECRET must be set in production");
  return localSecrets().nextAuthSecret;
}

let ring: KeyRing | undefined;
export function tokenKeyRing(): KeyRing {
  if (ring) return ring;
  const e = env();
  if (!e.TOKEN_ENCRYPTION_KEY && e.NODE_ENV === "production")
    throw new Error("TOKEN_ENCRYPTION_KEY must be set in production");
  ring = parseKeyRing(e.TOKEN_ENCRYPTION_KEY ?? localSecrets().tokenEncryptionKey);
  return ring;
}
