/**
 * vitest globalSetup for suites that talk https to the emulator: makes sure the certificate exists
 * and puts NODE_EXTRA_CA_CERTS into the environment *before* vitest forks its workers — Node reads
 * that variable only at process start, so setting it inside a test file would be too late.
 */
import { ensureEmulatorCertificate } from "./tls";

export default async function setup(): Promise<void> {
  const { certPath } = await ensureEmulatorCertificate();
  process.env.NODE_EXTRA_CA_CERTS = certPath;
}
