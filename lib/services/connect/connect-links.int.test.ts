/**
 * Links and callbacks (issue 8, item 4): manage links are versioned, live 30 days and report every
 * change by email; admin-consent states work once; an invitation completes once under a race.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import {
  connectInstructor,
  createMicrosoftHarness,
  tokenFromLink,
  type Harness,
} from "@/lib/testing/microsoft-harness";
import { makeInstructor, unique } from "@/db/testing/factories";
import { authRequests, calendarConnections, invitations, microsoftTenants, sentEmails, tokenCaches } from "@/db/schema";
import { ForbiddenError } from "@/lib/errors";
import { sendInvitations } from "./send-invitations";
import { issueInvitation } from "./internal/issue-invitation";
import { startConnect } from "./start-connect";
import { completeConnect } from "./complete-connect";
import { createAdminConsentUrl } from "./create-admin-consent-url";
import { recordAdminConsent } from "./record-admin-consent";
import { adminApprovalFacts } from "./admin-approval-facts";
import { instructorFromConnectionLink } from "./instructor-from-connection-link";
import { changePrivacyThroughLink } from "./change-privacy-through-link";
import { disconnectThroughLink } from "./disconnect-through-link";

let h: Harness;
let org: { id: string; domain: string };
let locked: { id: string; domain: string };
const DAY = 24 * 3600_000;

beforeAll(async () => {
  h = await createMicrosoftHarness();
  org = { domain: `${unique("links")}.example`, id: "" };
  org.id = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Links Ltd", domain: org.domain })).id;
  locked = { domain: `${unique("locked")}.example`, id: "" };
  locked.id = (
    await h.control<{ id: string }>("POST", "/tenants", {
      displayName: "Locked Ltd",
      domain: locked.domain,
      userConsentDisabled: true,
    })
  ).id;
  await h.control("POST", "/users", {
    tenantId: locked.id,
    email: `it-admin@${locked.domain}`,
    displayName: "IT Admin",
    isAdmin: true,
  });
});
afterAll(() => h.close());

const manageLinkIn = async (email: string) =>
  (await h.lastEmailTo(email)).links
    .find((l) => l.includes("/connection/"))!
    .split("/")
    .pop()!;

async function signInAndAccept(token: string, email: string) {
  const started = await startConnect({ ctx: h.ctx, token, input: { privacyMode: "full_private" } });
  const browser = h.browser();
  await browser.open(started.authorizeUrl);
  if (!browser.callback) await browser.submit({ login: email });
  if (!browser.callback) await browser.submit({}, "accept");
  return { query: Object.fromEntries(browser.callback!.params), browserBinding: started.browserBinding };
}

describe("manage links", () => {
  it("live 30 days", async () => {
    const { instructor } = await connectInstructor(h, { tenantId: org.id, domain: org.domain });
    const link = await manageLinkIn(instructor.email);
    h.advance(29 * DAY);
    try {
      expect(await instructorFromConnectionLink({ ctx: h.ctx, link })).toMatchObject({
        ok: true,
        instructorId: instructor.id,
      });
      h.advance(2 * DAY);
      expect(await instructorFromConnectionLink({ ctx: h.ctx, link })).toEqual({ ok: false, reason: "expired" });
    } finally {
      h.advance(-31 * DAY);
    }
  });

  it("stop working when the instructor reconnects, and the new one works", async () => {
    const { instructor } = await connectInstructor(h, { tenantId: org.id, domain: org.domain });
    const first = await manageLinkIn(instructor.email);
    const { token } = await issueInvitation(h.ctx, instructor, { purpose: "reconnect" });
    expect(await completeConnect({ ctx: h.ctx, ...(await signInAndAccept(token, instructor.email)) })).toMatchObject({
      kind: "connected",
    });
    const second = await manageLinkIn(instructor.email);
    expect(await instructorFromConnectionLink({ ctx: h.ctx, link: first })).toEqual({ ok: false, reason: "expired" });
    expect(await instructorFromConnectionLink({ ctx: h.ctx, link: second })).toEqual({
      ok: true,
      instructorId: instructor.id,
      version: 2,
    });
  });

  it("email the instructor about a privacy change, and about a disconnection, which retires the link", async () => {
    const { instructor } = await connectInstructor(h, { tenantId: org.id, domain: org.domain });
    const link = await manageLinkIn(instructor.email);

    await changePrivacyThroughLink({ ctx: h.ctx, link, input: { privacyMode: "default" } });
    const privacyMail = await h.lastEmailTo(instructor.email);
    expect(privacyMail).toMatchObject({
      kind: "connection_changed",
      subject: "Your calendar privacy mode was changed",
    });
    expect(privacyMail.text).toContain("Default Privacy Mode");
    expect((await instructorFromConnectionLink({ ctx: h.ctx, link: privacyMail.links[0]!.split("/").pop()! })).ok).toBe(
      true,
    );

    await disconnectThroughLink({ ctx: h.ctx, link });
    expect(await h.lastEmailTo(instructor.email)).toMatchObject({
      kind: "connection_changed",
      subject: "Your Outlook calendar was disconnected",
    });
    const [connection] = await h.db
      .select()
      .from(calendarConnections)
      .where(eq(calendarConnections.instructorId, instructor.id));
    expect(connection!.status).toBe("disconnecting"); // the removal job finishes it
    // The sign-in outlives the request: the removal job deletes it last, after using it to clean Outlook.
    expect(await h.db.select().from(tokenCaches).where(eq(tokenCaches.connectionId, connection!.id))).toHaveLength(1);
    await expect(disconnectThroughLink({ ctx: h.ctx, link })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      changePrivacyThroughLink({ ctx: h.ctx, link, input: { privacyMode: "full_private" } }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const mails = await h.db
      .select()
      .from(sentEmails)
      .where(and(eq(sentEmails.instructorId, instructor.id), eq(sentEmails.kind, "connection_changed")));
    expect(mails).toHaveLength(2);
  });
});

describe("completing an invitation", () => {
  it("is single-use under a race: of two concurrent completions exactly one wins", async () => {
    const email = `${unique("racer")}@${org.domain}`;
    await h.control("POST", "/users", { tenantId: org.id, email, displayName: "Racer" });
    const instructor = await makeInstructor(h.ctx, { email });
    await sendInvitations({ ctx: h.ctx, input: { instructorIds: [instructor.id] } });
    const token = tokenFromLink((await h.lastEmailTo(email)).links.find((l) => l.includes("/connect/"))!);
    const tabA = await signInAndAccept(token, email);
    const tabB = await signInAndAccept(token, email);

    const outcomes = await Promise.all([
      completeConnect({ ctx: h.ctx, ...tabA }),
      completeConnect({ ctx: h.ctx, ...tabB }),
    ]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(["connected", "failed"]);
    expect(outcomes.find((o) => o.kind === "failed")).toMatchObject({ code: "invitation_used" });
    expect(
      await h.db
        .select()
        .from(sentEmails)
        .where(and(eq(sentEmails.instructorId, instructor.id), eq(sentEmails.kind, "connected"))),
    ).toHaveLength(1);
  });
});

describe("admin consent", () => {
  it("accepts each state once", async () => {
    const { url } = await createAdminConsentUrl({ ctx: h.ctx, input: { tenant: locked.domain } });
    const admin = h.browser();
    await admin.open(url);
    await admin.submit({ login: `it-admin@${locked.domain}` });
    await admin.submit({}, "accept");
    const query = Object.fromEntries(admin.callback!.params);
    expect(await recordAdminConsent({ ctx: h.ctx, query })).toMatchObject({ kind: "granted", tenantId: locked.id });
    expect(await recordAdminConsent({ ctx: h.ctx, query })).toMatchObject({ kind: "failed", code: "link_used" });
  });

  it("refuses a made-up tenant id in the callback: Microsoft does not confirm the app there, nothing is recorded", async () => {
    const { url } = await createAdminConsentUrl({ ctx: h.ctx, input: { tenant: locked.domain } });
    const state = new URL(url).searchParams.get("state")!;
    const madeUp = crypto.randomUUID();
    const query = { admin_consent: "True", tenant: madeUp, state };
    expect(await recordAdminConsent({ ctx: h.ctx, query })).toMatchObject({ kind: "failed", code: "not_confirmed" });
    expect(await h.db.select().from(microsoftTenants).where(eq(microsoftTenants.tenantId, madeUp))).toEqual([]);
  });

  it("is not offered by merely viewing the admin-approval page: reading its facts stores no state", async () => {
    const email = `${unique("viewer")}@${locked.domain}`;
    const instructor = await makeInstructor(h.ctx, { email });
    await sendInvitations({ ctx: h.ctx, input: { instructorIds: [instructor.id] } });
    const token = tokenFromLink((await h.lastEmailTo(email)).links.find((l) => l.includes("/connect/"))!);
    expect(await adminApprovalFacts({ ctx: h.ctx, token })).toMatchObject({ ok: true, domain: locked.domain });
    const [invitation] = await h.db.select().from(invitations).where(eq(invitations.instructorId, instructor.id));
    expect(await h.db.select().from(authRequests).where(eq(authRequests.invitationId, invitation!.id))).toEqual([]);
  });
});
