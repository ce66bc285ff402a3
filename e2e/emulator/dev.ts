/**
 * Starting the emulator beside the product (scripts/emulator.ts, and scripts/dev.ts when no Azure
 * credentials are configured). Returns the environment the product needs; NODE_EXTRA_CA_CERTS must
 * be in a child process's environment when it starts (Node reads it only at startup).
 * If the port is taken by an emulator already running (`npm run emulator` in another terminal), that
 * one is reused instead of failing.
 */
import { DEFAULT_CERT_DIR, ensureEmulatorCertificate } from "./tls";
import { createMs365Emulator, EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, type Ms365Emulator } from "./index";
import { profileFromEnv } from "./profile-env";

export const DEFAULT_EMULATOR_PORT = 4010;

export type EmulatorEnvironment = {
  AZURE_AD_CLIENT_ID: string;
  AZURE_AD_CLIENT_SECRET: string;
  AZURE_AD_TENANT: string;
  MS_LOGIN_URL: string;
  MS_GRAPH_URL: string;
  NODE_EXTRA_CA_CERTS: string;
};

/** A handle on the emulator the dev script runs (or found already running on the port). */
export type DevEmulatorHandle = {
  /** https origin (MS_LOGIN_URL / MS_GRAPH_URL). */
  url: string;
  /** http origin on the same port: the sign-in pages. */
  httpUrl: string;
  /** True when an emulator already listening on the port was reused; close() then does nothing. */
  reused: boolean;
  /** The in-process emulator, unless reused. */
  instance: Ms365Emulator | undefined;
  close: () => Promise<void>;
};

export async function startEmulatorForDev(
  options: { port?: number; host?: string } = {},
): Promise<{ emulator: DevEmulatorHandle; env: EmulatorEnvironment }> {
  const port = options.port ?? DEFAULT_EMULATOR_PORT;
  try {
    const instance = await createMs365Emulator({
      port,
      profile: profileFromEnv(),
      ...(options.host ? { host: options.host } : {}),
    });
    const emulator = { url: instance.url, httpUrl: instance.httpUrl, reused: false, instance, close: instance.close };
    return { emulator, env: emulatorEnvironment(instance) };
  } catch (error) {
    if (!(error instanceof Error && "code" in error && error.code === "EADDRINUSE")) throw error;
    // The same port speaks plain http too, so this probe needs no CA.
    const probe = await fetch(`http://localhost:${port}/_emulator/tenants`).catch(() => undefined);
    if (!probe?.ok)
      throw new Error(`port ${port} is in use by something that is not the Microsoft 365 emulator`, { cause: error });
    const { certPath } = await ensureEmulatorCertificate(DEFAULT_CERT_DIR);
    const url = `https://localhost:${port}`;
    const emulator = {
      url,
      httpUrl: `http://localhost:${port}`,
      reused: true,
      instance: undefined,
      close: async () => undefined,
    };
    return { emulator, env: emulatorEnvironment({ url, certPath }) };
  }
}

export function emulatorEnvironment(emulator: Pick<Ms365Emulator, "url" | "certPath">): EmulatorEnvironment {
  return {
    AZURE_AD_CLIENT_ID: EMULATOR_CLIENT_ID,
    AZURE_AD_CLIENT_SECRET: EMULATOR_CLIENT_SECRET,
    AZURE_AD_TENANT: "organizations",
    MS_LOGIN_URL: emulator.url,
    MS_GRAPH_URL: emulator.url,
    NODE_EXTRA_CA_CERTS: emulator.certPath,
  };
}

/** `export NAME='value'` lines for a shell. */
export function formatExports(env: EmulatorEnvironment): string {
  return Object.entries(env)
    .map(([name, value]) => `export ${name}='${value.replaceAll("'", "'\\''")}'`)
    .join("\n");
}
