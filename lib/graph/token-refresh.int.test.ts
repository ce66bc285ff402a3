/**
 * MicrosoftIdentity.accessToken, the one way every job gets a token (the Graph client asks it through
 * ConnectionAccessToken), against the emulator's token endpoint: rotated refresh tokens are all saved, and
 * each way Microsoft refuses comes back as the typed error the refused-grant rule names
 * (lib/sync/refused-grant.ts). What the jobs then do with it is lib/services/sync/refused-grant.int.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { calendarConnections, tokenCaches } from "@/db/schema";
import { AccessRevokedError, MicrosoftUnavailableError, ReconnectRequiredError } from "@/lib/errors";

// Strict rotation: only the newest refresh token works, so a lost save would break the next refresh.
let h: Harness;
let tenant: string;
const domain = "rotation.example";
beforeAll(async () => {
  h = await createMicrosoftHarness({ emulatorConfig: { rejectRotatedRefreshTokens: true } });
  tenant = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Rotation Inc", domain })).id;
});
afterAll(() => h.close());

async function connected() {
  const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId: tenant, domain });
  const [connection] = await h.db
    .select()
    .from(calendarConnections)
    .where(eq(calendarConnections.instructorId, instructor.id));
  const refresh = () =>
    h.ctx.microsoft!.accessToken(
      { id: connection!.id, homeAccountId: connection!.homeAccountId! },
      { forceRefresh: true },
    );
  return { connection: connection!, emulatorUserId, refresh };
}
const cacheVersion = async (connectionId: string) =>
  (await h.db.select().from(tokenCaches).where(eq(tokenCaches.connectionId, connectionId)))[0]!.version;

describe("refreshing tokens", () => {
  it("persists every rotated refresh token under 10 concurrent refreshes", async () => {
    const { connection, refresh } = await connected();
    const before = await cacheVersion(connection.id);
    const tokens = await Promise.all(Array.from({ length: 10 }, async () => (await refresh()).accessToken));
    expect(new Set(tokens).size).toBe(10);
    expect(await cacheVersion(connection.id)).toBe(before + 10);
    // Only the newest refresh token is accepted: this works only if the last rotation was saved.
    await expect(refresh()).resolves.toBeTruthy();
  });

  it("the app removed by the user (AADSTS65001) is AccessRevokedError", async () => {
    const { emulatorUserId, refresh } = await connected();
    await h.control("POST", `/users/${emulatorUserId}/revoke`, { immediate: true, reason: "consentRevoked" });
    await expect(refresh()).rejects.toBeInstanceOf(AccessRevokedError);
  });

  it("revoked sessions (AADSTS50173) are ReconnectRequiredError, not a revocation of the app", async () => {
    const { emulatorUserId, refresh } = await connected();
    await h.control("POST", `/users/${emulatorUserId}/revoke`, { immediate: true, reason: "sessionsRevoked" });
    const refused = await refresh().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ReconnectRequiredError);
    expect(refused).not.toBeInstanceOf(AccessRevokedError);
    expect((refused as Error).message).toContain("invalid_grant");
  });

  it.each([
    [503, {}],
    [429, { retryAfterSeconds: 1 }],
  ])("a %i from the token endpoint is MicrosoftUnavailableError, and the next refresh works", async (status, extra) => {
    const { emulatorUserId, refresh } = await connected();
    await h.control("POST", "/faults", {
      pathPattern: "/oauth2/v2.0/token",
      userId: emulatorUserId,
      status,
      count: 1,
      ...extra,
    });
    await expect(refresh()).rejects.toBeInstanceOf(MicrosoftUnavailableError);
    await expect(refresh()).resolves.toBeTruthy();
  });
});
