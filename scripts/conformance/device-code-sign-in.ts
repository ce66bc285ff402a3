/**
 * `--target microsoft`: signs the test mailbox in through MSAL's device-code flow (a public-client
 * flow: the app registration must allow public client flows), with the product's own scopes. Only
 * the URLs decide where it goes: MS_LOGIN_URL (Microsoft's by default, the emulator when it stands in),
 * so the emulator run exercises this very code. The person at the keyboard is `onCode`'s concern.
 */
import { LogLevel, PublicClientApplication, type AccountInfo } from "@azure/msal-node";
import { CONNECT_SCOPES } from "@/lib/graph/app-config";
import { isMicrosoftLoginHost } from "@/lib/graph/msal-configuration";

export type DeviceCodePrompt = { userCode: string; verificationUri: string; message: string };

export type SignedIn = { username: string; accessToken: () => Promise<string> };

export async function signInWithDeviceCode(options: {
  loginUrl: string;
  tenant: string;
  clientId: string;
  onCode: (prompt: DeviceCodePrompt) => void | Promise<void>;
}): Promise<SignedIn> {
  const host = new URL(options.loginUrl).host;
  const pca = new PublicClientApplication({
    auth: {
      clientId: options.clientId,
      authority: `${options.loginUrl.replace(/\/$/, "")}/${options.tenant}`,
      ...(isMicrosoftLoginHost(host) ? {} : { knownAuthorities: [host] }),
    },
    system: { loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => {} } },
  });
  const result = await pca.acquireTokenByDeviceCode({
    scopes: CONNECT_SCOPES,
    deviceCodeCallback: (response) =>
      void options.onCode({
        userCode: response.userCode,
        verificationUri: response.verificationUri,
        message: response.message,
      }),
  });
  if (!result?.account) throw new Error("The device-code sign-in returned no account");
  const account: AccountInfo = result.account;
  return {
    username: account.username,
    // Silent refreshes through MSAL's in-memory cache for the few minutes the kit runs.
    accessToken: async () => (await pca.acquireTokenSilent({ account, scopes: CONNECT_SCOPES })).accessToken,
  };
}
