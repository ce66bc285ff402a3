import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { devOutboxAccess } from "./dev-outbox-access";

// The e2e server's production configuration, without the outbox flag.
const e2eProduction = { NODE_ENV: "production", ALLOW_EMULATOR_IN_PRODUCTION: "true", ALLOW_PASSWORD_SIGN_IN: "true" };

describe("devOutboxAccess", () => {
  it("is open in development and tests", () => {
    expect(devOutboxAccess(parseEnv({ NODE_ENV: "development" }), "dev-outbox")).toBe("open");
    expect(devOutboxAccess(parseEnv({ NODE_ENV: "test" }), "dev-outbox")).toBe("open");
  });

  it("is closed in production, even where the emulator is allowed", () => {
    expect(devOutboxAccess(parseEnv(e2eProduction), "dev-outbox")).toBe("closed");
  });

  it("serves admins only in production with the explicit test flag", () => {
    expect(devOutboxAccess(parseEnv({ ...e2eProduction, ALLOW_DEV_OUTBOX_IN_PRODUCTION: "true" }), "dev-outbox")).toBe(
      "admins",
    );
  });

  it("is closed whenever real mail goes out", () => {
    expect(devOutboxAccess(parseEnv({ NODE_ENV: "development" }), "smtp")).toBe("closed");
    expect(devOutboxAccess(parseEnv({ ...e2eProduction, ALLOW_DEV_OUTBOX_IN_PRODUCTION: "true" }), "smtp")).toBe(
      "closed",
    );
  });
});
