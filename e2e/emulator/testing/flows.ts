/** Test helpers: the control API over HTTP and an authorize round trip driven through the pages. */
import type { ConfidentialClientApplication } from "@azure/msal-node";
import type { Ms365Emulator } from "../index";
import { PageDriver } from "./page-driver";
import { createMsalClient, GRAPH_SCOPES, pkcePair, REDIRECT_URI } from "./msal";

export async function control<T = unknown>(
  emulator: Pick<Ms365Emulator, "url">,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${emulator.url}/_emulator${path}`, {
    method,
    ...(body !== undefined ? { headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function userIdOf(emulator: Pick<Ms365Emulator, "url">, email: string): Promise<string> {
  const { body } = await control<{ value: Array<{ id: string }> }>(
    emulator,
    "GET",
    `/users?email=${encodeURIComponent(email)}`,
  );
  const id = body.value[0]?.id;
  if (!id) throw new Error(`no user ${email}`);
  return id;
}

export type AuthorizeOptions = {
  tenant?: string;
  scopes?: string[];
  nonce?: string;
  prompt?: "login" | "none" | "consent" | "select_account";
  responseMode?: "query" | "form_post";
  pkce?: "S256" | "plain";
  loginHint?: string;
  driver?: PageDriver;
};

/** getAuthCodeUrl -> open it in a PageDriver. The caller then signs in / consents with driver.submit(). */
export async function startAuthorize(emulator: Ms365Emulator, options: AuthorizeOptions = {}) {
  const msal: ConfidentialClientApplication = createMsalClient(
    emulator.url,
    options.tenant ? { tenant: options.tenant } : {},
  );
  const pkce = await pkcePair(options.pkce ?? "S256");
  const nonce = options.nonce ?? "nonce-123";
  const authUrl = await msal.getAuthCodeUrl({
    scopes: options.scopes ?? GRAPH_SCOPES,
    redirectUri: REDIRECT_URI,
    state: "state-abc",
    ...(nonce ? { nonce } : {}),
    codeChallenge: pkce.challenge,
    codeChallengeMethod: options.pkce ?? "S256",
    ...(options.prompt ? { prompt: options.prompt } : {}),
    ...(options.responseMode ? { responseMode: options.responseMode } : {}),
    ...(options.loginHint ? { loginHint: options.loginHint } : {}),
  });
  const driver = options.driver ?? new PageDriver([emulator.url, emulator.httpUrl]);
  await driver.open(authUrl);
  return { msal, pkce, nonce, authUrl, driver };
}

/** Sign in as `email` and accept consent when asked; returns the code and MSAL client. */
export async function signInWithCode(emulator: Ms365Emulator, email: string, options: AuthorizeOptions = {}) {
  const started = await startAuthorize(emulator, options);
  const { driver } = started;
  if (!driver.callback) await driver.submit({ login: email });
  if (!driver.callback && driver.text().includes("Permissions requested")) await driver.submit({}, "accept");
  const code = driver.callback?.params.get("code");
  if (!code) throw new Error(`expected a code, got ${driver.callback?.url.toString() ?? driver.text().slice(0, 300)}`);
  return { ...started, code };
}

export async function redeem(started: Awaited<ReturnType<typeof signInWithCode>>, scopes: string[] = GRAPH_SCOPES) {
  return started.msal.acquireTokenByCode({
    code: started.code,
    scopes,
    redirectUri: REDIRECT_URI,
    codeVerifier: started.pkce.verifier,
    ...(started.nonce ? { nonce: started.nonce } : {}),
  });
}
