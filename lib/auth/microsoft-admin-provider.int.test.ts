import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET } from "@/e2e/emulator";
import { createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { microsoftAdminProvider } from "./microsoft-admin-provider";

type Cookie = { name: string; value: string };
// next-auth's core is not in its package exports; the route handler runs exactly this function.
const { AuthHandler } = createRequire(import.meta.url)(path.resolve("node_modules/next-auth/core/index.js")) as {
  AuthHandler: (params: {
    req: Record<string, unknown>;
    options: Record<string, unknown>;
  }) => Promise<{ redirect?: string; cookies?: Cookie[]; body?: unknown }>;
};

/**
 * The authorize request next-auth sends for "Sign in with Microsoft" (issue 22 §6): PKCE, state and nonce, each
 * with its cookie, so the callback can check that the code and id token belong to this browser's sign-in.
 */
let h: Harness;
const domain = "admin-sign-in.example";
beforeAll(async () => {
  h = await createMicrosoftHarness();
  await h.control("POST", "/tenants", { displayName: "Admin Sign-in Ltd", domain });
});
afterAll(() => h.close());

it("asks Microsoft with a PKCE challenge, a state and a nonce, each kept in a cookie", async () => {
  const e = parseEnv({
    AZURE_AD_CLIENT_ID: EMULATOR_CLIENT_ID,
    AZURE_AD_CLIENT_SECRET: EMULATOR_CLIENT_SECRET,
    AZURE_AD_ADMIN_TENANT: domain,
    MS_LOGIN_URL: h.emulator.url,
    MS_GRAPH_URL: h.emulator.url,
  });
  const options = { providers: [microsoftAdminProvider(e)], secret: "x".repeat(32) };
  const base = { host: "http://localhost:3000", headers: {}, query: {}, providerId: "azure-ad" };
  const csrf = await AuthHandler({ req: { ...base, method: "GET", action: "csrf", cookies: {} }, options });
  const csrfCookie = (csrf.cookies as Cookie[]).find((c) => c.name.includes("csrf-token"))!;
  const signIn = await AuthHandler({
    req: {
      ...base,
      method: "POST",
      action: "signin",
      cookies: { [csrfCookie.name]: csrfCookie.value },
      body: { csrfToken: (csrf.body as { csrfToken: string }).csrfToken, json: "true" },
    },
    options,
  });
  const url = new URL(String(signIn.redirect));
  expect(url.origin).toBe(h.emulator.httpUrl);
  expect(url.searchParams.get("code_challenge_method")).toBe("S256");
  expect(url.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
  expect(url.searchParams.get("state")).toBeTruthy();
  expect(url.searchParams.get("nonce")).toBeTruthy();
  const names = (signIn.cookies as Cookie[]).map((c) => c.name);
  for (const check of ["pkce.code_verifier", "state", "nonce"]) expect(names.some((n) => n.endsWith(check))).toBe(true);
});
