/**
 * The control API other suites rely on (/_emulator/*): tenants, users, faults on the token endpoint
 * (503, and 429 with Retry-After, as MSAL sees them), Graph-envelope faults elsewhere, latency, the
 * request log with redaction, and reset.
 */
import { ServerError } from "@azure/msal-node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMs365Emulator, type Ms365Emulator, type RequestLogEntry } from "./index";
import { control, redeem, signInWithCode, userIdOf } from "./testing/flows";

let emulator: Ms365Emulator;
beforeAll(async () => {
  emulator = await createMs365Emulator({ port: 0 });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => emulator.reset());

const AMELIA = "amelia.hart@northwind-training.example";

describe("tenants and users", () => {
  it("creates a tenant and a user who can then sign in, with the created ids in the tokens", async () => {
    const tenant = await control<{ id: string }>(emulator, "POST", "/tenants", {
      displayName: "Contoso",
      userConsentDisabled: false,
    });
    expect(tenant.status).toBe(201);
    const user = await control<{ id: string }>(emulator, "POST", "/users", {
      tenantId: tenant.body.id,
      email: "pat@contoso.example",
      displayName: "Pat Doe",
      timeZone: "Europe/Paris",
    });
    expect(user.status).toBe(201);
    const tokens = await redeem(await signInWithCode(emulator, "pat@contoso.example"));
    expect(tokens.account?.homeAccountId).toBe(`${user.body.id}.${tenant.body.id}`);
    expect(emulator.state.users.get(user.body.id)?.timeZone).toBe("Europe/Paris");
  });

  it("validates bodies and references", async () => {
    expect(
      (await control(emulator, "POST", "/users", { tenantId: "nope", email: "a@b.example", displayName: "A" })).status,
    ).toBe(404);
    expect((await control(emulator, "POST", "/users", { tenantId: "x" })).status).toBe(400);
    const existing = [...emulator.state.tenants.values()][0];
    expect(
      (await control(emulator, "POST", "/users", { tenantId: existing?.id, email: AMELIA, displayName: "Dup" })).status,
    ).toBe(409);
  });

  it("seeds the demo instructors as users of their tenants, and reset() drops control-API additions", async () => {
    const amelia = emulator.state.users.get(await userIdOf(emulator, AMELIA));
    expect(amelia).toMatchObject({ displayName: "Amelia Hart", timeZone: "Europe/London", isAdmin: false });
    expect(emulator.state.tenants.get(amelia?.tenantId ?? "")?.displayName).toBe("Northwind Training");
    await control(emulator, "POST", "/tenants", { id: "t-extra", displayName: "Extra" });
    expect((await control(emulator, "POST", "/reset")).status).toBe(200);
    expect(emulator.state.tenants.has("t-extra")).toBe(false);
    expect(emulator.state.users.size).toBe(15); // 12 instructors, 2 customer IT admins, the demo platform admin
  });
});

describe("faults", () => {
  it("a 503 on the token endpoint reaches MSAL as a ServerError, once", async () => {
    const started = await signInWithCode(emulator, AMELIA);
    await control(emulator, "POST", "/faults", { pathPattern: "/oauth2/v2.0/token", status: 503, count: 1 });
    const error = await redeem(started).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ errorCode: "temporarily_unavailable", errorNo: 90033 });
    expect((await control<{ value: unknown[] }>(emulator, "GET", "/faults")).body.value).toHaveLength(0);
  });

  it("a 429 with Retry-After carries the OAuth error body and header, and MSAL then throttles itself", async () => {
    const started = await signInWithCode(emulator, AMELIA);
    const amelia = await userIdOf(emulator, AMELIA);
    await control(emulator, "POST", "/faults", {
      method: "POST",
      pathPattern: "/oauth2/v2.0/token",
      userId: amelia,
      status: 429,
      retryAfterSeconds: 7,
      count: 1,
    });
    const raw = await fetch(`${emulator.url}/organizations/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code: started.code }),
    });
    expect(raw.status).toBe(429);
    expect(raw.headers.get("retry-after")).toBe("7");
    expect(await raw.json()).toMatchObject({ error: "temporarily_unavailable", error_codes: [expect.any(Number)] });

    await control(emulator, "POST", "/faults", {
      pathPattern: "/oauth2/v2.0/token",
      status: 429,
      retryAfterSeconds: 30,
      count: 1,
    });
    const first = await redeem(started).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(first).toBeInstanceOf(ServerError);
    expect(first).toMatchObject({ errorCode: "temporarily_unavailable", errorNo: 50196 });
    const before = emulator.state.requestLog.length;
    const second = await redeem(started).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(second).toBeInstanceOf(ServerError);
    // MSAL honoured Retry-After: the identical request never reached the emulator.
    expect(emulator.state.requestLog.length).toBe(before);
  });

  it("non-token paths fail with Graph's error envelope; latency-only faults delay then pass", async () => {
    await control(emulator, "POST", "/faults", {
      pathPattern: "/v1.0/me/*",
      status: 503,
      retryAfterSeconds: 2,
      count: 2,
    });
    const res = await fetch(`${emulator.url}/v1.0/me/calendarView`, { headers: { "client-request-id": "c-1" } });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("2");
    expect(res.headers.get("client-request-id")).toBe("c-1");
    const body = (await res.json()) as { error: { code: string; innerError: Record<string, string> } };
    expect(body.error.code).toBe("serviceNotAvailable");
    expect(body.error.innerError["request-id"]).toBe(res.headers.get("request-id"));
    expect(body.error.innerError["client-request-id"]).toBe("c-1");

    await control(emulator, "DELETE", "/faults");
    await control(emulator, "POST", "/faults", { pathPattern: "/.well-known/", latencyMs: 300, count: 1 });
    const started = Date.now();
    const slow = await fetch(`${emulator.url}/organizations/v2.0/.well-known/openid-configuration`);
    expect(slow.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});

describe("request log", () => {
  it("records identity requests per user with Authorization and client_secret redacted", async () => {
    const amelia = await userIdOf(emulator, AMELIA);
    const tokens = await redeem(await signInWithCode(emulator, AMELIA));
    await fetch(`${emulator.url}/v1.0/me`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
    const { body } = await control<{ value: RequestLogEntry[] }>(
      emulator,
      "GET",
      `/requests?userId=${amelia}&path=/token`,
    );
    expect(body.value).toHaveLength(1);
    const entry = body.value[0];
    expect(entry).toMatchObject({
      method: "POST",
      path: "/organizations/oauth2/v2.0/token",
      status: 200,
      userId: amelia,
    });
    expect((entry?.body as Record<string, string>).client_secret).toBe("[redacted]");
    expect((entry?.body as Record<string, string>).grant_type).toBe("authorization_code");
    const graph = await control<{ value: RequestLogEntry[] }>(
      emulator,
      "GET",
      `/requests?userId=${amelia}&path=/v1.0/me`,
    );
    expect(graph.body.value[0]?.headers.authorization).toBe("Bearer [redacted]");
    expect(graph.body.value[0]?.status).toBe(200); // served by the Graph half (part 2)
    const all = await control<{ value: RequestLogEntry[] }>(emulator, "GET", "/requests");
    expect(all.body.value.some((e) => e.path.startsWith("/_emulator"))).toBe(false);
  });
});
