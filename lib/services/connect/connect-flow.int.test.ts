import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createMicrosoftHarness, tokenFromLink, type Harness } from "@/lib/testing/microsoft-harness";
import { makeInstructor, unique } from "@/db/testing/factories";
import { authRequests, calendarConnections, connectionEvents, invitations, tokenCaches } from "@/db/schema";
import { parseKeyRing } from "@/lib/crypto/key-ring";
import { open } from "@/lib/crypto/encrypt";
import { randomBytes } from "node:crypto";
import { sendInvitations } from "./send-invitations";
import { sendInvitationReminders } from "./send-invitation-reminders";
import { openInvitation } from "./open-invitation";
import { startConnect } from "./start-connect";
import { completeConnect } from "./complete-connect";
import { createInvitationAdminConsentUrl } from "./create-invitation-admin-consent-url";
import { listCalendarIntegration } from "@/db/queries/calendar-integration";
import { recordAdminConsent } from "./record-admin-consent";
import { instructorFromConnectionLink } from "./instructor-from-connection-link";

let h: Harness;
let openTenant: string;
let lockedTenant: { id: string; domain: string };
const DAY = 24 * 3600_000;

beforeAll(async () => {
  h = await createMicrosoftHarness();
  openTenant = (
    await h.control<{ id: string }>("POST", "/tenants", { displayName: "Contoso", domain: "contoso.example" })
  ).id;
  const domain = `${unique("locked")}.example`;
  const locked = await h.control<{ id: string }>("POST", "/tenants", {
    displayName: "Locked Down Ltd",
    domain,
    userConsentDisabled: true,
  });
  lockedTenant = { id: locked.id, domain };
  await h.control("POST", "/users", {
    tenantId: locked.id,
    email: `it-admin@${domain}`,
    displayName: "IT Admin",
    isAdmin: true,
  });
});
afterAll(() => h.close());

async function instructorInTenant(tenantId: string, domain: string) {
  const email = `${unique("inst")}@${domain}`;
  await h.control("POST", "/users", { tenantId, email, displayName: "Test Instructor" });
  return makeInstructor(h.ctx, { email });
}

async function invite(instructorId: string, email: string, ctx = h.ctx) {
  await sendInvitations({ ctx, input: { instructorIds: [instructorId] } });
  const mail = await h.lastEmailTo(email);
  return tokenFromLink(mail.links.find((l) => l.includes("/connect/"))!);
}

/** Start the wizard's sign-in and return the browser at Microsoft's first page. */
async function signIn(token: string, privacyMode: "full_private" | "default" = "full_private") {
  const started = await startConnect({ ctx: h.ctx, token, input: { privacyMode } });
  const browser = h.browser();
  await browser.open(started.authorizeUrl);
  return { ...started, browser };
}

async function finish(
  started: Awaited<ReturnType<typeof signIn>>,
  browserBinding: string | null = started.browserBinding,
) {
  const query = Object.fromEntries(started.browser.callback!.params);
  return completeConnect({ ctx: h.ctx, query, browserBinding });
}

describe("invitations", () => {
  it("are single-use, replaced by a resend, and expire", async () => {
    const instructor = await instructorInTenant(openTenant, "contoso.example");
    const first = await invite(instructor.id, instructor.email);
    expect((await openInvitation({ ctx: h.ctx, token: first })).ok).toBe(true);
    const second = await invite(instructor.id, instructor.email);
    expect(await openInvitation({ ctx: h.ctx, token: first })).toEqual({ ok: false, reason: "replaced" });
    expect(await openInvitation({ ctx: h.ctx, token: "not-a-real-token-but-long-enough" })).toEqual({
      ok: false,
      reason: "unknown",
    });
    h.advance(15 * DAY);
    expect(await openInvitation({ ctx: h.ctx, token: second })).toEqual({ ok: false, reason: "expired" });
    h.advance(-15 * DAY);
  });

  it("store the token only as a hash and a ciphertext", async () => {
    const instructor = await instructorInTenant(openTenant, "contoso.example");
    const token = await invite(instructor.id, instructor.email);
    const [row] = await h.db.select().from(invitations).where(eq(invitations.instructorId, instructor.id));
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it("send one reminder after three days with the same link", async () => {
    const instructor = await instructorInTenant(openTenant, "contoso.example");
    const token = await invite(instructor.id, instructor.email);
    h.advance(3 * DAY + 60_000);
    try {
      expect((await sendInvitationReminders({ ctx: h.ctx })).reminded).toBeGreaterThanOrEqual(1);
      const reminder = await h.lastEmailTo(instructor.email);
      expect(reminder.kind).toBe("invitation_reminder");
      expect(reminder.links).toContain(`http://localhost:3000/connect/${token}`);
      await sendInvitationReminders({ ctx: h.ctx });
      expect((await h.lastEmailTo(instructor.email)).id).toBe(reminder.id);
    } finally {
      h.advance(-(3 * DAY + 60_000));
    }
  });

  it("keep reminding everyone else when one invitation can no longer be read (its key left the ring)", async () => {
    const unreadable = await instructorInTenant(openTenant, "contoso.example");
    const readable = await instructorInTenant(openTenant, "contoso.example");
    const otherRing = parseKeyRing(`gone:${randomBytes(32).toString("base64")}`);
    await invite(unreadable.id, unreadable.email, {
      ...h.ctx,
      secrets: { ...h.ctx.secrets, tokenKeyRing: () => otherRing },
    });
    const token = await invite(readable.id, readable.email);
    h.advance(3 * DAY + 60_000);
    try {
      await sendInvitationReminders({ ctx: h.ctx });
      expect((await h.lastEmailTo(readable.email)).links).toContain(`http://localhost:3000/connect/${token}`);
      expect((await h.lastEmailTo(unreadable.email)).kind).toBe("invitation");
      const log = await h.db.select().from(connectionEvents).where(eq(connectionEvents.instructorId, unreadable.id));
      expect(log.map((e) => e.kind)).toContain("reminder_skipped");
    } finally {
      h.advance(-(3 * DAY + 60_000));
    }
  });
});

describe("connecting", () => {
  it("signs in, consents and stores an encrypted token cache", async () => {
    const instructor = await instructorInTenant(openTenant, "contoso.example");
    const token = await invite(instructor.id, instructor.email);
    const started = await signIn(token, "full_private");
    await started.browser.submit({ login: instructor.email });
    expect(started.browser.text()).toContain("Permissions requested");
    await started.browser.submit({}, "accept");
    expect(await finish(started)).toMatchObject({
      kind: "connected",
      instructorId: instructor.id,
      privacyMode: "full_private",
    });

    const [connection] = await h.db
      .select()
      .from(calendarConnections)
      .where(eq(calendarConnections.instructorId, instructor.id));
    const [emulatorUser] = (
      await h.control<{ value: { id: string }[] }>("GET", `/users?email=${encodeURIComponent(instructor.email)}`)
    ).value;
    expect(connection).toMatchObject({
      status: "connected",
      privacyMode: "full_private",
      microsoftUsername: instructor.email,
      microsoftTenantId: openTenant,
      microsoftObjectId: emulatorUser!.id,
    });
    const [cache] = await h.db.select().from(tokenCaches).where(eq(tokenCaches.connectionId, connection!.id));
    const plaintext = open(h.ctx.secrets.tokenKeyRing(), cache!, `token-cache:${connection!.id}`);
    const refreshSecret = Object.values(JSON.parse(plaintext).RefreshToken as Record<string, { secret: string }>)[0]!
      .secret;
    expect(refreshSecret.length).toBeGreaterThan(10);
    expect(cache!.ciphertext).not.toContain(refreshSecret);
    expect(Buffer.from(cache!.ciphertext, "base64").toString("latin1")).not.toContain(refreshSecret);
    const otherKey = parseKeyRing(`${cache!.keyId}:${randomBytes(32).toString("base64")}`);
    expect(() => open(otherKey, cache!, `token-cache:${connection!.id}`)).toThrow();
    expect(await openInvitation({ ctx: h.ctx, token })).toEqual({ ok: false, reason: "used" });

    const confirmation = await h.lastEmailTo(instructor.email);
    expect(confirmation.kind).toBe("connected");
    const manage = confirmation.links.find((l) => l.includes("/connection/"))!;
    expect(await instructorFromConnectionLink({ ctx: h.ctx, link: manage.split("/").pop()! })).toEqual({
      ok: true,
      instructorId: instructor.id,
      version: 1,
    });
  });

  it("rejects a callback from another browser, a forged state and a replay", async () => {
    const instructor = await instructorInTenant(openTenant, "contoso.example");
    const started = await signIn(await invite(instructor.id, instructor.email));
    await started.browser.submit({ login: instructor.email });
    await started.browser.submit({}, "accept");
    const query = Object.fromEntries(started.browser.callback!.params);
    expect(
      await completeConnect({
        ctx: h.ctx,
        query: { ...query, state: "forged-state" },
        browserBinding: started.browserBinding,
      }),
    ).toMatchObject({ kind: "failed", code: "not_this_browser" });
    expect(await completeConnect({ ctx: h.ctx, query, browserBinding: "someone-elses-cookie" })).toMatchObject({
      kind: "failed",
      code: "not_this_browser",
    });
    expect(await completeConnect({ ctx: h.ctx, query, browserBinding: null })).toMatchObject({ kind: "failed" });
    expect(await completeConnect({ ctx: h.ctx, query, browserBinding: started.browserBinding })).toMatchObject({
      kind: "connected",
    });
    expect(await completeConnect({ ctx: h.ctx, query, browserBinding: started.browserBinding })).toMatchObject({
      kind: "failed",
      code: "already_completed",
    });
  });

  it("rejects an id token whose nonce does not match the one sent", async () => {
    const instructor = await instructorInTenant(openTenant, "contoso.example");
    const started = await signIn(await invite(instructor.id, instructor.email));
    await started.browser.submit({ login: instructor.email });
    await started.browser.submit({}, "accept");
    const state = started.browser.callback!.params.get("state")!;
    await h.db.update(authRequests).set({ nonce: "a-different-nonce" }).where(eq(authRequests.state, state));
    expect(await finish(started)).toMatchObject({ kind: "failed", code: "microsoft_refused" });
    const [connection] = await h.db
      .select()
      .from(calendarConnections)
      .where(eq(calendarConnections.instructorId, instructor.id));
    expect(connection).toBeUndefined();
  });

  it("tells a person who cancels that nothing was connected, and lets them retry", async () => {
    const instructor = await instructorInTenant(openTenant, "contoso.example");
    const token = await invite(instructor.id, instructor.email);
    const started = await signIn(token);
    await started.browser.submit({ login: instructor.email });
    await started.browser.submit({}, "cancel");
    expect(started.browser.callback!.params.get("error_description")).toContain("AADSTS65004");
    expect(await finish(started)).toMatchObject({ kind: "cancelled", instructorId: instructor.id });
    expect((await openInvitation({ ctx: h.ctx, token })).ok).toBe(true);
  });
});

describe("a tenant that requires admin approval", () => {
  it("blocks the user, records the admin's consent, then lets the user connect", async () => {
    const instructor = await instructorInTenant(lockedTenant.id, lockedTenant.domain);
    const token = await invite(instructor.id, instructor.email);
    const blocked = await signIn(token, "default");
    await blocked.browser.submit({ login: instructor.email });
    expect(blocked.browser.text()).toContain("Need admin approval");
    await blocked.browser.clickLink("return-to-app");
    expect(await finish(blocked)).toMatchObject({ kind: "cancelled" });

    // Microsoft's way back says only access_denied: the instructor tells us it was "Need admin approval" by
    // asking for the link, and from then on the admin sees them waiting for their organisation.
    const statusOf = async () =>
      (await listCalendarIntegration(h.db, { instructorId: instructor.id, now: h.ctx.now() }))[0]!.status;
    expect(await statusOf()).toBe("invited");
    const asked = await createInvitationAdminConsentUrl({ ctx: h.ctx, token });
    if (!asked.ok) throw new Error(asked.reason);
    const url = asked.consentUrl;
    expect(await statusOf()).toBe("waiting_for_approval");
    expect(url).toMatch(new RegExp(`/${lockedTenant.domain.replace(".", "\\.")}/adminconsent\\?client_id=`));
    const admin = h.browser();
    await admin.open(url);
    await admin.submit({ login: `it-admin@${lockedTenant.domain}` });
    await admin.submit({}, "accept");
    const consent = await recordAdminConsent({ ctx: h.ctx, query: Object.fromEntries(admin.callback!.params) });
    expect(consent).toMatchObject({ kind: "granted", tenantId: lockedTenant.id });
    expect(await statusOf()).toBe("invited");

    const retry = await signIn(token, "default");
    if (!retry.browser.callback) await retry.browser.submit({ login: instructor.email });
    if (!retry.browser.callback) await retry.browser.submit({}, "accept");
    expect(await finish(retry)).toMatchObject({
      kind: "connected",
      instructorId: instructor.id,
      privacyMode: "default",
    });
  });

  it("sends a consent_required answer straight to the admin-approval outcome", async () => {
    const instructor = await instructorInTenant(lockedTenant.id, lockedTenant.domain);
    const started = await startConnect({
      ctx: h.ctx,
      token: await invite(instructor.id, instructor.email),
      input: { privacyMode: "default" },
    });
    const state = new URL(started.authorizeUrl).searchParams.get("state")!;
    const outcome = await completeConnect({
      ctx: h.ctx,
      query: {
        state,
        error: "consent_required",
        error_description: "AADSTS65001: The user or administrator has not consented to use the application.",
      },
      browserBinding: started.browserBinding,
    });
    expect(outcome).toMatchObject({ kind: "admin_approval", instructorId: instructor.id });
  });
});
