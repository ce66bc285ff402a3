/**
 * A ConfidentialClientApplication configured exactly as the product configures MSAL against a
 * non-Microsoft login host (authority `${MS_LOGIN_URL}/${tenant}` + knownAuthorities [host:port],
 * plain discovery), plus PKCE helpers. Used by the integration tests.
 */
import { ConfidentialClientApplication, CryptoProvider, LogLevel } from "@azure/msal-node";
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET } from "../seed";

export const REDIRECT_URI = "http://localhost:3000/api/microsoft/callback";
export const GRAPH_SCOPES = [
  "https://graph.microsoft.com/Calendars.ReadWrite",
  "https://graph.microsoft.com/User.Read",
];

export function createMsalClient(loginUrl: string, options: { tenant?: string; clientSecret?: string } = {}) {
  return new ConfidentialClientApplication({
    auth: {
      clientId: EMULATOR_CLIENT_ID,
      clientSecret: options.clientSecret ?? EMULATOR_CLIENT_SECRET,
      authority: `${loginUrl}/${options.tenant ?? "organizations"}`,
      knownAuthorities: [new URL(loginUrl).host],
    },
    system: { loggerOptions: { logLevel: LogLevel.Error, loggerCallback: () => undefined, piiLoggingEnabled: false } },
  });
}

export async function pkcePair(method: "S256" | "plain" = "S256"): Promise<{ verifier: string; challenge: string }> {
  const crypto = new CryptoProvider();
  const { verifier, challenge } = await crypto.generatePkceCodes();
  return { verifier, challenge: method === "S256" ? challenge : verifier };
}
