import type { Env } from "@/lib/env";

/** The app registration and endpoints, from configuration; null when no Microsoft app is configured. */
export type MicrosoftAppConfig = {
  clientId: string;
  clientSecret: string;
  tenant: string;
  loginUrl: string;
  graphUrl: string;
  redirectUri: string;
  adminConsentRedirectUri: string;
};

/** Fixed from the start: adding a scope later would force every customer tenant to consent again. */
export const CONNECT_SCOPES = ["offline_access", "User.Read", "Calendars.ReadWrite"];

export function microsoftAppConfig(env: Env): MicrosoftAppConfig | null {
  if (!env.AZURE_AD_CLIENT_ID || !env.AZURE_AD_CLIENT_SECRET) return null;
  const appUrl = env.APP_URL.replace(/\/$/, "");
  return {
    clientId: env.AZURE_AD_CLIENT_ID,
    clientSecret: env.AZURE_AD_CLIENT_SECRET,
    tenant: env.AZURE_AD_TENANT,
    loginUrl: env.MS_LOGIN_URL.replace(/\/$/, ""),
    graphUrl: env.MS_GRAPH_URL.replace(/\/$/, ""),
    redirectUri: `${appUrl}/api/microsoft/callback`,
    adminConsentRedirectUri: `${appUrl}/api/microsoft/admin-consent`,
  };
}
