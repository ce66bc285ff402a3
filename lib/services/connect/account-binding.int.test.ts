/**
 * Account binding (issue 8, item 1): a connection is made only with the invited instructor's own
 * Microsoft account, one account backs one instructor, and a changed address retires old links.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import {
  connectInstructor,
  createMicrosoftHarness,
  tokenFromLink,
  type Harness,
} from "@/lib/testing/microsoft-harness";
import { makeInstructor, unique } from "@/db/testing/factories";
import { authRequests, calendarConnections, sentEmails } from "@/db/schema";
import { sendInvitations } from "./send-invitations";
import { sendInvitationReminders } from "./send-invitation-reminders";
import { openInvitation } from "./open-invitation";
import { startConnect } from "./start-connect";
import { completeConnect } from "./complete-connect";
import { updateInstructor } from "../training/update-instructor";
import { instructorFromConnectionLink } from "./instructor-from-connection-link";

let h: Harness;
let org: { id: string; domain: string };
let locked: { id: string; domain: string };
const DAY = 24 * 3600_000;

beforeAll(async () => {
  h = await createMicrosoftHarness();
  org = { domain: `${unique("binding")}.example`, id: "" };
  org.id = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Binding Ltd", domain: org.domain })).id;
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

async function microsoftUser(domain: string, tenantId: string) {
  const email = `${unique("user")}@${domain}`;
  await h.control("POST", "/users", { tenantId, email, displayName: "Someone" });
  return email;
}

async function invite(instructorId: string, email: string) {
  await sendInvitations({ ctx: h.ctx, input: { instructorIds: [instructorId] } });
  return tokenFromLink((await h.lastEmailTo(email)).links.find((l) => l.includes("/connect/"))!);
}

/** Signs in at the emulator as `login` (accepting consent when asked) and completes the callback. */
async function connectAs(token: string, login: string, options: { switchAccount?: boolean } = {}) {
  const started = await startConnect({
    ctx: h.ctx,
    token,
    input: { privacyMode: "default", switchAccount: options.switchAccount ?? false },
  });
  const browser = h.browser();
  await browser.open(started.authorizeUrl);
  if (!browser.callback) await browser.submit({ login });
  if (!browser.callback) await browser.submit({}, "accept");
  const outcome = await completeConnect({
    ctx: h.ctx,
    query: Object.fromEntries(browser.callback!.params),
    browserBinding: started.browserBinding,
  });
  return { outcome, authorizeUrl: new URL(started.authorizeUrl) };
}

const connectionOf = async (instructorId: string) =>
  (await h.db.select().from(calendarConnections).where(eq(calendarConnections.instructorId, instructorId)))[0];

describe("the account that signs in", () => {
  it("must be the invited one: a mismatch stores nothing and leaves the invitation usable", async () => {
    const tom = await makeInstructor(h.ctx, { email: await microsoftUser(org.domain, org.id) });
    const colleague = await microsoftUser(org.domain, org.id);
    const token = await invite(tom.id, tom.email);

    const { outcome } = await connectAs(token, colleague);
    expect(outcome).toMatchObject({ kind: "wrong_account", instructorId: tom.id });
    expect(await connectionOf(tom.id)).toBeUndefined();
    // A token cache only exists beside a connection (foreign key), so none holds the colleague's sign-in.
    expect(
      await h.db.select().from(calendarConnections).where(eq(calendarConnections.microsoftUsername, colleague)),
    ).toEqual([]);
    expect((await openInvitation({ ctx: h.ctx, token })).ok).toBe(true);
    const [attempt] = await h.db
      .select()
      .from(authRequests)
      .where(eq(authRequests.id, outcome.kind === "wrong_account" ? outcome.attemptId : ""));
    expect(attempt!.signedInAs).toBe(colleague);
    expect(
      (await h.db.select().from(sentEmails).where(eq(sentEmails.instructorId, tom.id))).map((m) => m.kind),
    ).toEqual(["invitation"]);

    // "Sign in as tom@…": Microsoft asks for credentials again, with Tom's address filled in.
    const retry = await connectAs(token, tom.email, { switchAccount: true });
    expect(retry.authorizeUrl.searchParams.get("prompt")).toBe("login");
    expect(retry.authorizeUrl.searchParams.get("login_hint")).toBe(tom.email);
    expect(retry.outcome).toMatchObject({ kind: "connected", instructorId: tom.id });
    expect(await connectionOf(tom.id)).toMatchObject({ microsoftUsername: tom.email, microsoftTenantId: org.id });
  });

  it("must be the admin-set Microsoft account when there is one, even over a matching email", async () => {
    const mailAddress = await microsoftUser(org.domain, org.id);
    const upn = await microsoftUser(org.domain, org.id);
    const instructor = await makeInstructor(h.ctx, { email: mailAddress, microsoftAccount: upn.toUpperCase() });
    const token = await invite(instructor.id, instructor.email);

    const asMail = await connectAs(token, mailAddress);
    expect(asMail.outcome).toMatchObject({ kind: "wrong_account" });
    expect(asMail.authorizeUrl.searchParams.get("login_hint")).toBe(upn);
    expect((await connectAs(token, upn)).outcome).toMatchObject({ kind: "connected" });
  });

  it("may sign in with a UPN that is not the invited address when the mailbox's mail is (/me's mail)", async () => {
    const mail = `${unique("tom")}@${org.domain}`;
    const upn = `${unique("tj")}@${org.domain.replace(/\.example$/, "")}.onmicrosoft.example`;
    await h.control("POST", "/users", { tenantId: org.id, email: upn, mail, displayName: "Tom Jones" });
    const tom = await makeInstructor(h.ctx, { email: mail });
    const token = await invite(tom.id, tom.email);

    const { outcome } = await connectAs(token, upn);
    expect(outcome).toMatchObject({ kind: "connected", instructorId: tom.id });
    expect(await connectionOf(tom.id)).toMatchObject({ microsoftUsername: upn });
  });

  it("after an IT admin approves from “Need admin approval”, connects the instructor, not the admin", async () => {
    const tom = await makeInstructor(h.ctx, { email: await microsoftUser(locked.domain, locked.id) });
    const token = await invite(tom.id, tom.email);
    const started = await startConnect({ ctx: h.ctx, token, input: { privacyMode: "full_private" } });
    const browser = h.browser();
    await browser.open(started.authorizeUrl);
    await browser.submit({ login: tom.email });
    expect(browser.text()).toContain("Need admin approval");
    await browser.clickLink("admin-sign-in");
    await browser.submit({ login: `it-admin@${locked.domain}` });
    await browser.submit({ consentForOrg: "1" }, "accept");
    const adminOutcome = await completeConnect({
      ctx: h.ctx,
      query: Object.fromEntries(browser.callback!.params),
      browserBinding: started.browserBinding,
    });
    expect(adminOutcome).toMatchObject({ kind: "wrong_account", instructorId: tom.id });
    expect(await connectionOf(tom.id)).toBeUndefined();

    // Tom signs in himself; the tenant is approved now, so no consent page.
    const retry = await startConnect({
      ctx: h.ctx,
      token,
      input: { privacyMode: "full_private", switchAccount: true },
    });
    await browser.open(retry.authorizeUrl);
    await browser.submit({ login: tom.email });
    expect(browser.callback).toBeDefined();
    expect(
      await completeConnect({
        ctx: h.ctx,
        query: Object.fromEntries(browser.callback!.params),
        browserBinding: retry.browserBinding,
      }),
    ).toMatchObject({ kind: "connected", instructorId: tom.id });
    expect(await connectionOf(tom.id)).toMatchObject({ microsoftUsername: tom.email });
  });

  it("can back only one instructor: a second instructor with the same account is refused", async () => {
    const { instructor: first } = await connectInstructor(h, { tenantId: org.id, domain: org.domain });
    const second = await makeInstructor(h.ctx, {
      email: `${unique("second")}@elsewhere.example`,
      microsoftAccount: first.email,
    });
    const token = await invite(second.id, second.email);

    const { outcome } = await connectAs(token, first.email);
    expect(outcome).toMatchObject({ kind: "failed", code: "account_in_use" });
    expect(await connectionOf(second.id)).toBeUndefined();
    expect((await openInvitation({ ctx: h.ctx, token })).ok).toBe(true);
    expect(await connectionOf(first.id)).toMatchObject({ status: "connected" });
  });

  it("is refused by the database too, when two instructors race for one account", async () => {
    const { instructor: first } = await connectInstructor(h, { tenantId: org.id, domain: org.domain });
    const { homeAccountId, microsoftTenantId, microsoftObjectId } = (await connectionOf(first.id))!;
    const second = await makeInstructor(h.ctx);
    await expect(
      h.db.insert(calendarConnections).values({
        instructorId: second.id,
        status: "connected",
        privacyMode: "default",
        homeAccountId,
        microsoftTenantId,
        microsoftObjectId,
      }),
    ).rejects.toThrow();
  });
});

describe("changing an instructor's address", () => {
  it("revokes the open invitation and the manage links, and sends no reminder to anyone", async () => {
    const invited = await makeInstructor(h.ctx, { email: await microsoftUser(org.domain, org.id) });
    const token = await invite(invited.id, invited.email);
    const { instructor: connected } = await connectInstructor(h, { tenantId: org.id, domain: org.domain });
    const manageLink = (await h.lastEmailTo(connected.email)).links
      .find((l) => l.includes("/connection/"))!
      .split("/")
      .pop()!;
    expect((await instructorFromConnectionLink({ ctx: h.ctx, link: manageLink })).ok).toBe(true);

    await updateInstructor({ ctx: h.ctx, id: invited.id, input: { name: "Renamed Only" } });
    expect((await openInvitation({ ctx: h.ctx, token })).ok).toBe(true);

    const newAddress = `${unique("new")}@attacker.example`;
    await updateInstructor({ ctx: h.ctx, id: invited.id, input: { email: newAddress } });
    await updateInstructor({ ctx: h.ctx, id: connected.id, input: { email: `${unique("moved")}@${org.domain}` } });
    expect(await openInvitation({ ctx: h.ctx, token })).toEqual({ ok: false, reason: "replaced" });
    expect(await instructorFromConnectionLink({ ctx: h.ctx, link: manageLink })).toEqual({
      ok: false,
      reason: "expired",
    });

    h.advance(4 * DAY);
    try {
      await sendInvitationReminders({ ctx: h.ctx });
      expect(await h.db.select().from(sentEmails).where(eq(sentEmails.to, newAddress))).toEqual([]);
    } finally {
      h.advance(-4 * DAY);
    }
  });

  it("revokes the open invitation when only the Microsoft account changes", async () => {
    const instructor = await makeInstructor(h.ctx, { email: await microsoftUser(org.domain, org.id) });
    const token = await invite(instructor.id, instructor.email);
    await updateInstructor({
      ctx: h.ctx,
      id: instructor.id,
      input: { microsoftAccount: `${unique("upn")}@${org.domain}` },
    });
    expect(await openInvitation({ ctx: h.ctx, token })).toEqual({ ok: false, reason: "replaced" });
  });
});
