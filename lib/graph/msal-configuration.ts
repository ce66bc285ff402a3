import { LogLevel, type Configuration, type ICachePlugin } from "@azure/msal-node";
import type { MicrosoftAppConfig } from "./app-config";

const microsoftLoginHosts = new Set([
  "login.microsoftonline.com",
  "login.microsoftonline.us",
  "login.partner.microsoftonline.cn",
]);

export function isMicrosoftLoginHost(host: string): boolean {
  return microsoftLoginHosts.has(host);
}

/**
 * MSAL configuration for the app registration. A login host MSAL does not know (the emulator)
 * goes in knownAuthorities so MSAL trusts its discovery document instead of asking Microsoft's
 * instance discovery, which it cannot reach. Logging never includes personal data or tokens.
 */
export function msalConfiguration(
  app: MicrosoftAppConfig,
  cachePlugin?: ICachePlugin,
  tenant = app.tenant,
): Configuration {
  const host = new URL(app.loginUrl).host;
  return {
    auth: {
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      authority: `${app.loginUrl}/${tenant}`,
      ...(isMicrosoftLoginHost(host) ? {} : { knownAuthorities: [host] }),
    },
    cache: cachePlugin ? { cachePlugin } : undefined,
    system: { loggerOptions: { logLevel: LogLevel.Warning, piiLoggingEnabled: false, loggerCallback: () => {} } },
  };
}
