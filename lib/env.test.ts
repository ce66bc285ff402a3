import { describe, expect, it } from "vitest";
import { notificationBaseUrl, parseEnv } from "./env";

/** What a real deployment sets; each production test removes or spoils one thing. */
const production = {
  NODE_ENV: "production",
  DATABASE_URL: "postgres://app@db.internal:5432/calendar_sync",
  SMTP_URL: "smtp://mail",
  APP_URL: "https://sync.example.com",
  NEXTAUTH_URL: "https://sync.example.com",
};

describe("parseEnv", () => {
  it("defaults to the embedded setup and treats empty values as unset", () => {
    const env = parseEnv({ DATABASE_URL: "", NODE_ENV: "development" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.AZURE_AD_TENANT).toBe("organizations");
    expect(env.MS_GRAPH_URL).toBe("https://graph.microsoft.com");
  });

  it("accepts a complete production configuration", () => {
    expect(parseEnv(production).MS_LOGIN_URL).toBe("https://login.microsoftonline.com");
  });

  it("refuses the emulator in production unless explicitly allowed", () => {
    const emulator = {
      NODE_ENV: "production",
      MS_LOGIN_URL: "https://localhost:4010",
      MS_GRAPH_URL: "https://localhost:4010",
    };
    expect(() => parseEnv({ ...production, ...emulator })).toThrow(/not a Microsoft endpoint/);
    expect(parseEnv({ ...emulator, ALLOW_EMULATOR_IN_PRODUCTION: "true" }).MS_LOGIN_URL).toBe("https://localhost:4010");
  });

  it.each([
    ["DATABASE_URL", { DATABASE_URL: "" }, /DATABASE_URL must be set in production/],
    ["SMTP_URL", { SMTP_URL: undefined }, /SMTP_URL must be set in production/],
    ["NEXTAUTH_URL", { NEXTAUTH_URL: undefined }, /NEXTAUTH_URL must be set in production/],
    ["APP_URL unset", { APP_URL: undefined }, /APP_URL must be an https URL in production/],
    ["APP_URL over http", { APP_URL: "http://sync.example.com" }, /APP_URL must be an https URL/],
    ["NEXTAUTH_URL over http", { NEXTAUTH_URL: "http://sync.example.com" }, /NEXTAUTH_URL must be an https URL/],
  ])("refuses production without %s", (_, change, message) => {
    expect(() => parseEnv({ ...production, ...change })).toThrow(message);
  });

  it.each([
    ["INNGEST_DEV", { INNGEST_DEV: "1" }, /INNGEST_DEV turns off the signature check/],
    ["ALLOW_HTTP_NOTIFICATIONS", { ALLOW_HTTP_NOTIFICATIONS: "true" }, /ALLOW_HTTP_NOTIFICATIONS is refused/],
    [
      "ALLOW_DEV_OUTBOX_IN_PRODUCTION",
      { ALLOW_DEV_OUTBOX_IN_PRODUCTION: "1" },
      /ALLOW_DEV_OUTBOX_IN_PRODUCTION is refused/,
    ],
    ["ALLOW_EMULATOR_IN_PRODUCTION off loopback", { ALLOW_EMULATOR_IN_PRODUCTION: "true" }, /end-to-end server/],
  ])("refuses to start in production with %s, saying why", (_, change, message) => {
    expect(() => parseEnv({ ...production, ...change })).toThrow(message);
  });

  it("refuses INNGEST_DEV in production even beside the emulator; the end-to-end server's settings pass", () => {
    const e2e = {
      NODE_ENV: "production",
      APP_URL: "http://localhost:3100",
      NEXTAUTH_URL: "http://localhost:3100",
      ALLOW_EMULATOR_IN_PRODUCTION: "true",
      ALLOW_DEV_OUTBOX_IN_PRODUCTION: "true",
      ALLOW_HTTP_NOTIFICATIONS: "true",
      ALLOW_PASSWORD_SIGN_IN: "true",
    };
    expect(parseEnv(e2e).ALLOW_DEV_OUTBOX_IN_PRODUCTION).toBe(true);
    expect(() => parseEnv({ ...e2e, INNGEST_DEV: "http://localhost:8288" })).toThrow(/INNGEST_DEV/);
    expect(parseEnv({ INNGEST_DEV: "1" }).INNGEST_DEV).toBe("1"); // development keeps its dev server
  });

  it("names every production problem at once", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/DATABASE_URL.*SMTP_URL.*APP_URL.*NEXTAUTH_URL/);
  });

  it.each(["common", "organizations", "Consumers", "9188040d-6c67-4c5b-b112-36a304b66dad"])(
    "refuses the multi-tenant admin tenant %s",
    (tenant) => {
      expect(() => parseEnv({ ...production, AZURE_AD_ADMIN_TENANT: tenant })).toThrow(/AZURE_AD_ADMIN_TENANT/);
      expect(() => parseEnv({ AZURE_AD_ADMIN_TENANT: tenant })).toThrow(/AZURE_AD_ADMIN_TENANT/);
    },
  );

  it("accepts one organisation's tenant for admins", () => {
    expect(parseEnv({ ...production, AZURE_AD_ADMIN_TENANT: "contoso.onmicrosoft.com" }).AZURE_AD_ADMIN_TENANT).toBe(
      "contoso.onmicrosoft.com",
    );
  });

  it("names every bad variable", () => {
    expect(() => parseEnv({ APP_URL: "not a url", NEXTAUTH_SECRET: "short" })).toThrow(/APP_URL.*NEXTAUTH_SECRET/);
  });
});

describe("notificationBaseUrl", () => {
  it("is the https APP_URL, or NOTIFICATIONS_URL when set", () => {
    expect(notificationBaseUrl(parseEnv({ APP_URL: "https://sync.example.com/" }))).toBe("https://sync.example.com");
    expect(
      notificationBaseUrl(
        parseEnv({ APP_URL: "http://localhost:3000", NOTIFICATIONS_URL: "https://tunnel.example.net" }),
      ),
    ).toBe("https://tunnel.example.net");
  });

  it("is off (null) for an http URL unless http is allowed outside a real production deployment", () => {
    expect(notificationBaseUrl(parseEnv({ APP_URL: "http://localhost:3000" }))).toBeNull();
    expect(notificationBaseUrl(parseEnv({ APP_URL: "http://localhost:3000", ALLOW_HTTP_NOTIFICATIONS: "true" }))).toBe(
      "http://localhost:3000",
    );
    // A production deployment refuses the flag at start; were it set afterwards, an http URL is still refused.
    expect(() => parseEnv({ ...production, ALLOW_HTTP_NOTIFICATIONS: "true" })).toThrow(/ALLOW_HTTP_NOTIFICATIONS/);
    const deployed = { ...parseEnv(production), ALLOW_HTTP_NOTIFICATIONS: true };
    expect(notificationBaseUrl({ ...deployed, NOTIFICATIONS_URL: "http://localhost:3000" })).toBeNull();
  });
});
