/**
 * A tenant with user consent disabled (Fabrikam Learning in the demo data): a user stops at
 * "Need admin approval" (AADSTS90094); an admin grants consent for the organisation, from that page
 * or through /adminconsent; afterwards the tenant's users get tokens with no consent prompt.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMs365Emulator, EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, type Ms365Emulator } from "./index";
import { control, redeem, signInWithCode, startAuthorize, userIdOf } from "./testing/flows";
import { PageDriver } from "./testing/page-driver";
import { REDIRECT_URI } from "./testing/msal";

let emulator: Ms365Emulator;
beforeAll(async () => {
  emulator = await createMs365Emulator({ port: 0 });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => emulator.reset());

const LUKAS = "lukas.weber@fabrikam-learning.example";
const FABRIKAM_ADMIN = "it-admin@fabrikam-learning.example";
const NORTHWIND_ADMIN = "it-admin@northwind-training.example";

async function fabrikamId(): Promise<string> {
  const { body } = await control<{ value: Array<{ id: string; displayName: string }> }>(emulator, "GET", "/tenants");
  const id = body.value.find((t) => t.displayName === "Fabrikam Learning")?.id;
  if (!id) throw new Error("no Fabrikam tenant");
  return id;
}

describe("tenant where users cannot consent", () => {
  it("stops a user at Need admin approval; Return gives access_denied with AADSTS65004", async () => {
    const { driver } = await startAuthorize(emulator);
    await driver.submit({ login: LUKAS });
    expect(driver.text()).toContain("Need admin approval");
    expect(driver.text()).toContain(
      "Calendar Sync needs permission to access resources in your organization that only an admin can grant.",
    );
    expect(driver.text()).toContain("Have an admin account? Sign in with that account");
    expect(driver.text()).toContain("AADSTS90094");
    await driver.clickLink("return-to-app");
    expect(driver.callback?.url.toString().startsWith(REDIRECT_URI)).toBe(true);
    expect(driver.callback?.params.get("error")).toBe("access_denied");
    expect(driver.callback?.params.get("error_description")).toMatch(/^AADSTS65004/);
    expect(driver.callback?.params.get("state")).toBe("state-abc");
  });

  it("lets an admin consent for the organisation from that page, after which users sign in without a prompt", async () => {
    const { driver, msal, pkce, nonce } = await startAuthorize(emulator);
    await driver.submit({ login: LUKAS });
    await driver.clickLink("admin-sign-in");
    expect(driver.text()).toContain("Sign in with an admin account");
    await driver.submit({ login: LUKAS });
    expect(driver.text()).toContain("is not an administrator");
    await driver.submit({ login: FABRIKAM_ADMIN });
    expect(driver.text()).toContain("Permissions requested");
    expect(driver.page?.html).toMatch(/name="consentForOrg" value="1" checked/);
    await driver.submit({ consentForOrg: "1" }, "accept");
    const code = driver.callback?.params.get("code");
    expect(code).toBeTruthy();
    // Entra continues the flow as the admin who signed in.
    const adminTokens = await msal.acquireTokenByCode({
      code: code ?? "",
      scopes: ["https://graph.microsoft.com/Calendars.ReadWrite"],
      redirectUri: REDIRECT_URI,
      codeVerifier: pkce.verifier,
      nonce,
    });
    expect(adminTokens.account?.username).toBe(FABRIKAM_ADMIN);

    const lukas = await signInWithCode(emulator, LUKAS);
    expect(lukas.driver.text()).not.toContain("Need admin approval");
    const tokens = await redeem(lukas);
    expect(tokens.account?.localAccountId).toBe(await userIdOf(emulator, LUKAS));
    expect(tokens.tenantId).toBe(await fabrikamId());
  });

  it("an admin consenting only for themselves does not unblock the tenant", async () => {
    const admin = await startAuthorize(emulator);
    await admin.driver.submit({ login: FABRIKAM_ADMIN });
    expect(admin.driver.page?.html).not.toMatch(/name="consentForOrg" value="1" checked/);
    await admin.driver.submit({}, "accept");
    expect(admin.driver.callback?.params.get("code")).toBeTruthy();
    const user = await startAuthorize(emulator);
    await user.driver.submit({ login: LUKAS });
    expect(user.driver.text()).toContain("Need admin approval");
  });
});

describe("/adminconsent endpoints", () => {
  const adminConsentUrl = (path: string, extra: Record<string, string> = {}) =>
    `${emulator.httpUrl}/organizations${path}?${new URLSearchParams({ client_id: EMULATOR_CLIENT_ID, redirect_uri: "http://localhost:3000/admin/consented", state: "s-1", ...extra })}`;

  it("legacy /adminconsent: admin accepts -> admin_consent=True&tenant&state; then client_credentials carries roles", async () => {
    const tenantId = await fabrikamId();
    const before = await clientCredentials(tenantId);
    expect(before.roles).toBeUndefined();

    const driver = new PageDriver([emulator.url, emulator.httpUrl]);
    await driver.open(adminConsentUrl("/adminconsent"));
    expect(driver.text()).toContain("Sign in with an admin account");
    await driver.submit({ login: FABRIKAM_ADMIN });
    expect(driver.text()).toContain("on behalf of your organization");
    expect(driver.text()).toContain("Have full access to your calendars");
    await driver.submit({}, "accept");
    expect(driver.callback?.url.pathname).toBe("/admin/consented");
    expect(Object.fromEntries(driver.callback?.params ?? [])).toEqual({
      admin_consent: "True",
      tenant: tenantId,
      state: "s-1",
    });

    const after = await clientCredentials(tenantId);
    expect(after.roles).toEqual(["Calendars.ReadWrite"]);
    const lukas = await signInWithCode(emulator, LUKAS);
    expect((await redeem(lukas)).accessToken).toBeTruthy();
  });

  it("v2 /adminconsent returns the granted scope; Cancel gives error=consent_required with AADSTS65004", async () => {
    const scope =
      "https://graph.microsoft.com/Calendars.ReadWrite https://graph.microsoft.com/User.Read offline_access openid profile";
    const driver = new PageDriver([emulator.url, emulator.httpUrl]);
    await driver.open(adminConsentUrl("/v2.0/adminconsent", { scope }));
    await driver.submit({ login: NORTHWIND_ADMIN });
    await driver.submit({}, "cancel");
    expect(driver.callback?.params.get("error")).toBe("consent_required");
    expect(driver.callback?.params.get("error_description")).toMatch(/^AADSTS65004/);
    expect(driver.callback?.params.get("admin_consent")).toBe("True");

    await driver.open(adminConsentUrl("/v2.0/adminconsent", { scope }));
    expect(driver.text()).toContain("Sign in with an admin account"); // /adminconsent always asks who is signing in
    await driver.submit({ login: NORTHWIND_ADMIN });
    await driver.submit({}, "accept");
    expect(driver.callback?.params.get("admin_consent")).toBe("True");
    expect(driver.callback?.params.get("scope")).toBe(scope);
  });

  it("a non-admin at /adminconsent ends on Need admin approval; returning gives permission_denied", async () => {
    const driver = new PageDriver([emulator.url, emulator.httpUrl]);
    await driver.open(adminConsentUrl("/adminconsent"));
    await driver.submit({ login: LUKAS });
    expect(driver.text()).toContain("Need admin approval");
    await driver.clickLink("return-to-app");
    expect(driver.callback?.params.get("error")).toBe("permission_denied");
    expect(driver.callback?.params.get("error_description")).toBe("The admin canceled the request");
  });
});

async function clientCredentials(tenantId: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${emulator.url}/${tenantId}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: EMULATOR_CLIENT_ID,
      client_secret: EMULATOR_CLIENT_SECRET,
      scope: "https://graph.microsoft.com/.default",
    }),
  });
  const body = (await res.json()) as { access_token: string; refresh_token?: string; expires_in: number };
  expect(res.status).toBe(200);
  expect(body.refresh_token).toBeUndefined();
  const payload = JSON.parse(Buffer.from(body.access_token.split(".")[1] ?? "", "base64url").toString()) as Record<
    string,
    unknown
  >;
  expect(payload.idtyp).toBe("app");
  return { roles: (payload.roles as string[] | undefined)?.length ? payload.roles : undefined };
}
