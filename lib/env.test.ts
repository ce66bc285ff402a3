import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults to the embedded setup and treats empty values as unset", () => {
    const env = parseEnv({ DATABASE_URL: "", NODE_ENV: "development" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.AZURE_AD_TENANT).toBe("organizations");
    expect(env.MS_GRAPH_URL).toBe("https://graph.microsoft.com");
  });

  it("refuses the emulator in production unless explicitly allowed", () => {
    const emulator = { NODE_ENV: "production", MS_LOGIN_URL: "https://localhost:4010", MS_GRAPH_URL: "https://localhost:4010" };
    expect(() => parseEnv(emulator)).toThrow(/not a Microsoft endpoint/);
    expect(parseEnv({ ...emulator, ALLOW_EMULATOR_IN_PRODUCTION: "true" }).MS_LOGIN_URL).toBe("https://localhost:4010");
    expect(parseEnv({ NODE_ENV: "production", SMTP_URL: "smtp://mail" }).MS_LOGIN_URL).toBe("https://login.microsoftonline.com");
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/SMTP_URL must be set/);
  });

  it("names every bad variable", () => {
    expect(() => parseEnv({ APP_URL: "not a url", NEXTAUTH_SECRET: "short" })).toThrow(/APP_URL.*NEXTAUTH_SECRET/);
  });
});
