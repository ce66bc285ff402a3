/**
 * vitest globalSetup for the integration suite: makes sure the emulator's certificate exists (and, on
 * PGlite, a migrated database template) and puts NODE_EXTRA_CA_CERTS into the environment *before* vitest forks its workers — Node reads
 * that variable only at process start, so setting it inside a test file would be too late.
 */
import { ensurePgliteTemplate, PGLITE_TEMPLATE_ENV } from "@/db/testing/pglite-template";
import { ensureEmulatorCertificate } from "./tls";

export default async function setup(): Promise<void> {
  const { certPath } = await ensureEmulatorCertificate();
  process.env.NODE_EXTRA_CA_CERTS = certPath;
  // On the embedded database every file starts from one migrated copy instead of migrating its own.
  if (!process.env.DATABASE_URL) process.env[PGLITE_TEMPLATE_ENV] = await ensurePgliteTemplate();
}
