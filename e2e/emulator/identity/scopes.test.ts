import { describe, expect, it } from "vitest";
import { seededApp } from "../seed";
import { needsAdmin, parseScopes, permissionsToDisplay, responseScope } from "./scopes";

const app = seededApp();
const own = ["https://localhost:4010"];

describe("scope parsing", () => {
  it("accepts Graph URIs, bare names, the Graph app id and the emulator's own origin", () => {
    const parsed = parseScopes(
      "https://graph.microsoft.com/calendars.readwrite User.Read 00000003-0000-0000-c000-000000000000/MailboxSettings.Read https://localhost:4010/Calendars.Read openid OFFLINE_ACCESS",
      app,
      own,
    );
    expect(parsed).toEqual({
      ok: true,
      requested: [
        "https://graph.microsoft.com/calendars.readwrite",
        "User.Read",
        "00000003-0000-0000-c000-000000000000/MailboxSettings.Read",
        "https://localhost:4010/Calendars.Read",
        "openid",
        "offline_access",
      ],
      permissions: [
        "Calendars.ReadWrite",
        "User.Read",
        "MailboxSettings.Read",
        "Calendars.Read",
        "openid",
        "offline_access",
      ],
    });
  });

  it("expands /.default to the registration's delegated permissions", () => {
    const parsed = parseScopes("https://graph.microsoft.com/.default", app, own);
    expect(parsed.ok && parsed.permissions).toEqual(app.delegatedPermissions);
  });

  it("rejects unknown resources (AADSTS500011) and unknown permissions (AADSTS70011)", () => {
    expect(parseScopes("https://other.example/Read", app, own)).toMatchObject({
      ok: false,
      error: "invalid_resource",
      code: 500011,
    });
    expect(parseScopes("Calendars.Destroy", app, own)).toMatchObject({
      ok: false,
      error: "invalid_scope",
      code: 70011,
    });
  });

  it("describes permissions as Entra's consent page does and omits offline_access from token responses", () => {
    expect(permissionsToDisplay(["openid", "User.Read", "offline_access", "Calendars.ReadWrite"])).toEqual([
      { name: "User.Read", description: "Sign you in and read your profile" },
      { name: "offline_access", description: "Maintain access to data you have given it access to" },
      { name: "Calendars.ReadWrite", description: "Have full access to your calendars" },
    ]);
    expect(responseScope(["User.Read", "offline_access", "openid"])).toBe("User.Read openid");
    expect(needsAdmin(["User.Read.All"])).toBe(true);
    expect(needsAdmin(["Calendars.ReadWrite"])).toBe(false);
  });
});
