import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "./env";

/**
 * Secrets the embedded default generates on first start, kept in DATA_DIR so sessions survive
 * restarts. Production must configure its own: there, a missing secret is an error, not a default.
 */
type LocalSecrets = { nextAuthSecret: string };

let cached: LocalSecrets | undefined;

function localSecrets(): LocalSecrets {
  if (cached) return cached;
  const file = path.resolve(env().DATA_DIR, "secrets.json");
  try {
    cached = JSON.parse(readFileSync(file, "utf8")) as LocalSecrets;
  } catch {
    cached = { nextAuthSecret: randomBytes(32).toString("base64url") };
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(cached, null, 2), { mode: 0o600 });
  }
  return cached;
}

export function nextAuthSecret(): string {
  const e = env();
  if (e.NEXTAUTH_SECRET) return e.NEXTAUTH_SECRET;
  if (e.NODE_ENV === "production") throw new Error("NEXTAUTH_SECRET must be set in production");
  return localSecrets().nextAuthSecret;
}
