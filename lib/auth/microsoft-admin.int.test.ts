import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/create-test-db";
import { unique } from "@/db/testing/factories";
import type { OpenedDb } from "@/db/open";
import { findAdminById } from "@/db/queries/admin-users";
import { testContext } from "@/lib/testing/test-context";
import { createAdmin } from "@/lib/services/admins/create-admin";
import { isGuestAccount, resolveMicrosoftAdmin, type MicrosoftIdClaims } from "./microsoft-admin";

let opened: OpenedDb;
beforeAll(async () => {
  opened = await createTestDb();
});
afterAll(() => opened.close());

const tenant = randomUUID();
/** A member of the admin tenant, as its v2.0 id token describes them. */
function member(email: string, oid = randomUUID()): MicrosoftIdClaims {
  return { tid: tenant, oid, iss: `https://login.microsoftonline.com/${tenant}/v2.0`, preferred_username: email };
}
async function makeAdmin() {
  const email = `${unique("admin")}@contoso.example`;
  const { id } = await createAdmin({
    ctx: testContext({ db: opened.db }),
    input: { email, name: "Admin", role: "owner", password: null },
  });
  return { id, email };
}
const resolve = (claims: MicrosoftIdClaims, adminTenant: string | undefined = tenant) =>
  resolveMicrosoftAdmin(opened.db, claims, { adminTenant });

describe("Microsoft admin sign-in", () => {
  it("binds the account at the first sign-in by email, then knows the admin by tenant + object id", async () => {
    const admin = await makeAdmin();
    const claims = member(admin.email);
    expect(await resolve(claims)).toEqual({ ok: true, adminId: admin.id });
    expect(await findAdminById(opened.db, admin.id)).toMatchObject({
      microsoftTenantId: tenant,
      microsoftObjectId: claims.oid,
    });
    // Renamed in Entra: still the same account, still the same admin.
    expect(await resolve({ ...claims, preferred_username: "renamed@contoso.example" })).toEqual({
      ok: true,
      adminId: admin.id,
    });
  });

  it("refuses another account that shows the bound admin's email", async () => {
    const admin = await makeAdmin();
    expect((await resolve(member(admin.email))).ok).toBe(true);
    // e.g. the mailbox was deleted and its address given to a new account
    expect(await resolve(member(admin.email))).toEqual({ ok: false, error: "NotTheAdminsAccount" });
  });

  it("refuses people who are not admins, tokens without tid/oid, and another tenant", async () => {
    const admin = await makeAdmin();
    expect(await resolve(member(`${unique("someone")}@contoso.example`))).toEqual({ ok: false, error: "NotAnAdmin" });
    expect(await resolve({ ...member(admin.email), oid: undefined })).toEqual({ ok: false, error: "NotAnAdmin" });
    expect(await resolve({ ...member(admin.email), tid: randomUUID() })).toEqual({ ok: false, error: "NotAnAdmin" });
    expect((await findAdminById(opened.db, admin.id))!.microsoftObjectId).toBeNull();
  });

  it("refuses guests, even with an admin's email, and binds nothing", async () => {
    const admin = await makeAdmin();
    const home = randomUUID();
    const guests: MicrosoftIdClaims[] = [
      { ...member(admin.email), acct: 1 },
      { ...member(admin.email), idp: `https://sts.windows.net/${home}/` },
      { ...member(admin.email), idp: "live.com" },
      { ...member(admin.email), upn: `${admin.email.replace("@", "_")}#EXT#@contoso.onmicrosoft.com` },
    ];
    for (const claims of guests) expect(await resolve(claims)).toEqual({ ok: false, error: "GuestAccount" });
    expect((await findAdminById(opened.db, admin.id))!.microsoftObjectId).toBeNull();
  });
});

describe("isGuestAccount", () => {
  it("takes a member's own-tenant idp and acct 0 as a member", () => {
    const claims = member("ada@contoso.example");
    expect(isGuestAccount(claims)).toBe(false);
    expect(isGuestAccount({ ...claims, acct: 0, idp: `https://sts.windows.net/${tenant}/` })).toBe(false);
  });
});
