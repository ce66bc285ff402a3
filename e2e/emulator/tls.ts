/**
 * The emulator's TLS certificate: self-signed, SANs localhost / 127.0.0.1 / ::1, generated on first
 * start into .data/emulator/ and reused while valid for at least 7 more days. Node processes that
 * talk to the emulator over https trust it through NODE_EXTRA_CA_CERTS=<certPath>, which Node reads
 * only at startup — so callers run this *before* spawning them (scripts, vitest globalSetup).
 * Async because selfsigned 5 only offers an async generate().
 */
import { X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "selfsigned";

export const DEFAULT_CERT_DIR = path.join(fileURLToPath(new URL("../../", import.meta.url)), ".data", "emulator");
const MIN_REMAINING_MS = 7 * 24 * 3600 * 1000;

export type EmulatorCertificate = { certPath: string; keyPath: string };

export async function ensureEmulatorCertificate(dir: string = DEFAULT_CERT_DIR): Promise<EmulatorCertificate> {
  const certPath = path.join(dir, "cert.pem");
  const keyPath = path.join(dir, "key.pem");
  if (isUsable(certPath, keyPath)) return { certPath, keyPath };

  mkdirSync(dir, { recursive: true });
  const notBeforeDate = new Date(Date.now() - 60_000);
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 365 * 24 * 3600 * 1000),
    extensions: [
      // A self-signed certificate acting as its own trust anchor in NODE_EXTRA_CA_CERTS.
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  });
  // Write-then-rename so a parallel reader never sees half a file.
  writeAtomic(keyPath, pems.private);
  writeAtomic(certPath, pems.cert);
  return { certPath, keyPath };
}

function isUsable(certPath: string, keyPath: string): boolean {
  if (!existsSync(certPath) || !existsSync(keyPath)) return false;
  try {
    const cert = new X509Certificate(readFileSync(certPath));
    const sans = cert.subjectAltName ?? "";
    return (
      new Date(cert.validTo).getTime() - Date.now() > MIN_REMAINING_MS &&
      sans.includes("localhost") &&
      sans.includes("127.0.0.1")
    );
  } catch {
    return false;
  }
}

export function writeAtomic(file: string, content: string): void {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, content, { mode: 0o600 });
  renameSync(temp, file);
}
