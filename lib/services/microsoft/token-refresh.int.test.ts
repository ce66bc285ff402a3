import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { calendarConnections, tokenCaches } from "@/db/schema";
import { MicrosoftUnavailableError, ReconnectRequiredError } from "@/lib/errors";
import { microsoftAccessToken } from "./microsoft-access-token";
import { connectionLog } from "@/db/queries/connection-log";

// Strict rotation: only the newest refresh token works, so a lost save would break the next refresh.
let h: Harness;
let tenant: string;
const domain = "rotation.example";
beforeAll(async () => {
  h = await createMicrosoftHarness({ emulatorConfig: { rejectRotatedRefreshTokens: true } });
  tenant = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Rotation Inc", domain })).id;
});
afterAll(() => h.close());

const connectionOf = async (instructorId: string) =>
  (await h.db.select().from(calendarConnections).where(eq(calendarConnections.instructorId, instructorId)))[0]!;
const cacheVersion = async (connectionId: string) =>
  (await h.db.select().from(tokenCaches).where(eq(tokenCaches.connectionId, connectionId)))[0]!.version;

describe("refreshing tokens", () => {
  it("persists every rotated refresh token under 10 concurrent refreshes", async () => {
    const { instructor } = await connectInstructor(h, { tenantId: tenant, domain });
    const connection = await connectionOf(instructor.id);
    const before = await cacheVersion(connection.id);
    const tokens = await Promise.all(
      Array.from({ length: 10 }, () =>
        microsoftAccessToken({ ctx: h.ctx, instructorId: instructor.id, forceRefresh: true }),
      ),
    );
    expect(new Set(tokens).size).toBe(10);
    expect(await cacheVersion(connection.id)).toBe(before + 10);
    // Only the newest refresh token is accepted: this works only if the last rotation was saved.
    await expect(
      microsoftAccessToken({ ctx: h.ctx, instructorId: instructor.id, forceRefresh: true }),
    ).resolves.toBeTruthy();
    expect((await connectionOf(instructor.id)).status).toBe("connected");
  });

  it("marks a user whose sessions were revoked Reconnect needed and emails them a reconnect link", async () => {
    const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId: tenant, domain });
    // Revoked sign-in sessions (AADSTS50173), not the app's consent: that one is Removal's (handle-refused-grant).
    await h.control("POST", `/users/${emulatorUserId}/revoke`, { immediate: true, reason: "sessionsRevoked" });
    await expect(
      microsoftAccessToken({ ctx: h.ctx, instructorId: instructor.id, forceRefresh: true }),
    ).rejects.toBeInstanceOf(ReconnectRequiredError);
    const connection = await connectionOf(instructor.id);
    expect(connection.status).toBe("reconnect_needed");
    const log = await connectionLog(h.ctx.db, instructor.id);
    expect(log.events.find((e) => e.kind === "reconnect_needed")?.message).toContain("invalid_grant");
    const mail = await h.lastEmailTo(instructor.email);
    expect(mail.kind).toBe("reconnect");
    expect(mail.links.some((l) => l.includes("/connect/"))).toBe(true);
    // A second attempt neither flips anything nor mails again.
    await expect(microsoftAccessToken({ ctx: h.ctx, instructorId: instructor.id })).rejects.toBeInstanceOf(
      ReconnectRequiredError,
    );
    expect((await h.lastEmailTo(instructor.email)).id).toBe(mail.id);
  });

  it("stays Connected when the token endpoint answers 503", async () => {
    const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId: tenant, domain });
    await h.control("POST", "/faults", {
      pathPattern: "/oauth2/v2.0/token",
      userId: emulatorUserId,
      status: 503,
      count: 1,
    });
    await expect(
      microsoftAccessToken({ ctx: h.ctx, instructorId: instructor.id, forceRefresh: true }),
    ).rejects.toBeInstanceOf(MicrosoftUnavailableError);
    const connection = await connectionOf(instructor.id);
    expect(connection.status).toBe("connected");
    expect((await connectionLog(h.ctx.db, instructor.id)).events.map((e) => e.kind)).not.toContain("reconnect_needed");
    await expect(
      microsoftAccessToken({ ctx: h.ctx, instructorId: instructor.id, forceRefresh: true }),
    ).resolves.toBeTruthy();
  });

  it("stays Connected when the token endpoint throttles with 429", async () => {
    const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId: tenant, domain });
    await h.control("POST", "/faults", {
      pathPattern: "/oauth2/v2.0/token",
      userId: emulatorUserId,
      status: 429,
      retryAfterSeconds: 1,
      count: 1,
    });
    await expect(
      microsoftAccessToken({ ctx: h.ctx, instructorId: instructor.id, forceRefresh: true }),
    ).rejects.toBeInstanceOf(MicrosoftUnavailableError);
    expect((await connectionOf(instructor.id)).status).toBe("connected");
  });
});
