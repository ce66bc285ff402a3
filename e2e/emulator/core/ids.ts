/** Identifier helpers. Seeded ids are derived from names so they survive emulator restarts (the product's database keeps oids). */
import { createHash, randomBytes, randomUUID } from "node:crypto";

/** A GUID derived deterministically from a name (version nibble 5-style, like RFC 4122 name-based ids). */
export function stableGuid(name: string): string {
  const hex = createHash("sha256").update(`ms365-emulator:${name}`).digest("hex");
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function newGuid(): string {
  return randomUUID();
}

/** An opaque URL-safe token (codes, refresh tokens, flow ids). */
export function opaqueToken(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString("base64url")}`;
}

export function isGuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
