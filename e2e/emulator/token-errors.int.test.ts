/**
 * The documented failures, through unmodified MSAL where MSAL can produce the request and raw HTTP
 * where the body shape itself is under test: code reuse (AADSTS54005), wrong PKCE verifier
 * (AADSTS501481), wrong client secret (AADSTS7000215), expired code (AADSTS70008), declined consent
 * (access_denied + AADSTS65004), unregistered redirect URI (AADSTS50011).
 */
import { ServerError } from "@azure/msal-node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMs365Emulator, EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, type Ms365Emulator } from "./index";
import { redeem, signInWithCode, startAuthorize } from "./testing/flows";
import { createMsalClient, GRAPH_SCOPES, REDIRECT_URI } from "./testing/msal";

let clockOffsetMs = 0;
let emulator: Ms365Emulator;
beforeAll(async () => {
  emulator = await createMs365Emulator({ port: 0, now: () => Date.now() + clockOffsetMs });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => {
  clockOffsetMs = 0;
  emulator.reset();
});

const AMELIA = "amelia.hart@northwind-training.example";

async function serverError(promise: Promise<unknown>): Promise<ServerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServerError);
  return error as ServerError;
}

async function postToken(form: Record<string, string>, tenant = "organizations") {
  const res = await fetch(`${emulator.url}/${tenant}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "client-request-id": "corr-42" },
    body: new URLSearchParams(form),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

describe("token endpoint errors", () => {
  it("a redeemed code cannot be used again (AADSTS54005)", async () => {
    const started = await signInWithCode(emulator, AMELIA);
    await redeem(started);
    const error = await serverError(redeem(started));
    expect(error.errorCode).toBe("invalid_grant");
    expect(error.errorMessage).toContain("AADSTS54005");
  });

  it("a wrong PKCE verifier is rejected (AADSTS501481) and the code stays usable with the right one", async () => {
    const started = await signInWithCode(emulator, AMELIA);
    const error = await serverError(
      started.msal.acquireTokenByCode({
        code: started.code,
        scopes: GRAPH_SCOPES,
        redirectUri: REDIRECT_URI,
        codeVerifier: "x".repeat(43),
        nonce: started.nonce,
      }),
    );
    expect(error.errorCode).toBe("invalid_grant");
    expect(error.errorMessage).toContain("AADSTS501481");
    expect((await redeem(started)).accessToken).toBeTruthy();
  });

  it("plain PKCE works", async () => {
    const started = await signInWithCode(emulator, AMELIA, { pkce: "plain" });
    expect((await redeem(started)).account?.username).toBe(AMELIA);
  });

  it("a wrong client secret is invalid_client with AADSTS7000215", async () => {
    const started = await signInWithCode(emulator, AMELIA);
    const wrong = createMsalClient(emulator.url, { clientSecret: "not-the-secret" });
    const error = await serverError(
      wrong.acquireTokenByCode({
        code: started.code,
        scopes: GRAPH_SCOPES,
        redirectUri: REDIRECT_URI,
        codeVerifier: started.pkce.verifier,
        nonce: started.nonce,
      }),
    );
    expect(error.errorCode).toBe("invalid_client");
    expect(error.errorMessage).toContain("AADSTS7000215");
  });

  it("a code older than 10 minutes has expired (AADSTS70008)", async () => {
    const started = await signInWithCode(emulator, AMELIA);
    clockOffsetMs = 10 * 60 * 1000 + 1000;
    const error = await serverError(redeem(started));
    expect(error.errorCode).toBe("invalid_grant");
    expect(error.errorMessage).toContain("AADSTS70008");
  });

  it("error bodies carry error_codes, trace_id, correlation_id, timestamp and error_uri", async () => {
    const started = await signInWithCode(emulator, AMELIA);
    const form = {
      grant_type: "authorization_code",
      client_id: EMULATOR_CLIENT_ID,
      client_secret: EMULATOR_CLIENT_SECRET,
      code: started.code,
      redirect_uri: REDIRECT_URI,
      code_verifier: started.pkce.verifier,
    };
    expect((await postToken(form)).status).toBe(200);
    const reuse = await postToken(form);
    expect(reuse.status).toBe(400);
    expect(reuse.body).toMatchObject({
      error: "invalid_grant",
      error_codes: [54005],
      correlation_id: "corr-42",
      error_uri: "https://login.microsoftonline.com/error?code=54005",
    });
    expect(reuse.body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(reuse.body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    expect(reuse.body.error_description).toMatch(
      /^AADSTS54005: .*\r\nTrace ID: .*\r\nCorrelation ID: corr-42\r\nTimestamp: /s,
    );

    const badSecret = await postToken({ ...form, client_secret: "nope" });
    expect(badSecret.status).toBe(401);
    expect(badSecret.body.error_codes).toEqual([7000215]);
  });

  it("success bodies carry client_info, id_token, expires_in and ext_expires_in", async () => {
    const started = await signInWithCode(emulator, AMELIA);
    const ok = await postToken({
      grant_type: "authorization_code",
      client_id: EMULATOR_CLIENT_ID,
      client_secret: EMULATOR_CLIENT_SECRET,
      code: started.code,
      redirect_uri: REDIRECT_URI,
      code_verifier: started.pkce.verifier,
      client_info: "1",
      scope: GRAPH_SCOPES.join(" "),
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599 });
    expect(ok.body.scope).toBe(
      "https://graph.microsoft.com/Calendars.ReadWrite https://graph.microsoft.com/User.Read openid profile",
    );
    const clientInfo = JSON.parse(Buffer.from(String(ok.body.client_info), "base64url").toString()) as {
      uid: string;
      utid: string;
    };
    const idToken = JSON.parse(
      Buffer.from(String(ok.body.id_token).split(".")[1] ?? "", "base64url").toString(),
    ) as Record<string, unknown>;
    expect(idToken).toMatchObject({
      oid: clientInfo.uid,
      tid: clientInfo.utid,
      preferred_username: AMELIA,
      name: "Amelia Hart",
      nonce: "nonce-123",
      ver: "2.0",
      iss: `${emulator.url}/${clientInfo.utid}/v2.0`,
    });
    expect(String(ok.body.refresh_token)).toMatch(/^0\.A/);
  });
});

describe("authorize errors", () => {
  it("Cancel on the consent page redirects with access_denied and AADSTS65004", async () => {
    const { driver } = await startAuthorize(emulator);
    await driver.submit({ login: AMELIA });
    expect(driver.text()).toContain("Have full access to your calendars");
    expect(driver.text()).toContain("Maintain access to data you have given it access to");
    expect(driver.text()).toContain("Sign you in and read your profile");
    await driver.submit({}, "cancel");
    expect(driver.callback?.params.get("error")).toBe("access_denied");
    expect(driver.callback?.params.get("error_description")).toMatch(/^AADSTS65004/);
    expect(driver.callback?.params.get("state")).toBe("state-abc");
  });

  it("an unregistered non-loopback redirect URI is refused on the page with AADSTS50011", async () => {
    const url = `${emulator.httpUrl}/organizations/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: EMULATOR_CLIENT_ID, response_type: "code", redirect_uri: "https://evil.example/cb", scope: "openid" })}`;
    const res = await fetch(url, { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("AADSTS50011");
  });

  it("form_post delivers the code in an auto-submitting form; the sign-in cookie skips the sign-in page next time", async () => {
    const first = await signInWithCode(emulator, AMELIA, { responseMode: "form_post" });
    expect(first.driver.page?.html).toContain('method="POST"');
    expect(first.driver.callback?.params.get("state")).toBe("state-abc");
    const second = await startAuthorize(emulator, { driver: first.driver });
    expect(second.driver.callback?.params.get("code")).toBeTruthy();
    const forced = await startAuthorize(emulator, { driver: first.driver, prompt: "login" });
    expect(forced.driver.callback).toBeUndefined();
    expect(forced.driver.text()).toContain("Sign in");
  });

  it("prompt=none without a session returns login_required (AADSTS50058)", async () => {
    const { driver } = await startAuthorize(emulator, { prompt: "none" });
    expect(driver.callback?.params.get("error")).toBe("login_required");
    expect(driver.callback?.params.get("error_description")).toMatch(/^AADSTS50058/);
  });

  it("an unknown user gets Entra's inline message on the sign-in page", async () => {
    const { driver } = await startAuthorize(emulator);
    await driver.submit({ login: "nobody@northwind-training.example" });
    expect(driver.text()).toContain("This username may be incorrect.");
  });
});
