/**
 * The seam part 2 relies on: the Microsoft Graph SDK, configured as the product configures it
 * (baseUrl = the emulator's https origin, customHosts = its hostname), sends the access token to the
 * emulator, which identifies the user and can verify the token.
 */
import { Client } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMs365Emulator, type Ms365Emulator } from "./index";
import { redeem, signInWithCode, userIdOf } from "./testing/flows";

let emulator: Ms365Emulator;
beforeAll(async () => {
  emulator = await createMs365Emulator({ port: 0 });
});
afterAll(async () => {
  await emulator?.close();
});

describe("Graph SDK against the emulator's https origin", () => {
  it("sends the bearer token, which the emulator attributes to the signed-in user", async () => {
    const tokens = await redeem(await signInWithCode(emulator, "marcus.lee@northwind-training.example"));
    const client = Client.initWithMiddleware({
      authProvider: { getAccessToken: async () => tokens.accessToken },
      baseUrl: emulator.url,
      customHosts: new Set([new URL(emulator.url).hostname]),
    });
    const me = (await client.api("/me").get()) as { id: string };
    expect(me.id).toBe(await userIdOf(emulator, "marcus.lee@northwind-training.example"));
    const log = emulator.state.requestLog.filter((entry) => entry.path === "/v1.0/me");
    expect(log.length).toBeGreaterThan(0);
    expect(log[0]?.headers.authorization).toBe("Bearer [redacted]");
    expect(log[0]?.userId).toBe(await userIdOf(emulator, "marcus.lee@northwind-training.example"));
  });
});
