import { describe, expect, it } from "vitest";
import type { VerifiedAccessToken } from "../../identity/verify-access-token";
import { GraphError } from "../errors";
import { newMailbox } from "../test-helpers";
import { checkAccess, type Access } from "./access";

const { mb } = newMailbox();
const delegated = (scopes: string[], userId = mb.owner.id): VerifiedAccessToken => ({
  ok: true,
  userId,
  tenantId: "t",
  clientId: "c",
  scopes,
  roles: [],
});
const appOnly = (roles: string[]): VerifiedAccessToken => ({
  ok: true,
  userId: null,
  tenantId: "t",
  clientId: "c",
  scopes: [],
  roles,
});

const outcome = (token: VerifiedAccessToken, access: Access) => {
  try {
    checkAccess(token, mb, access);
    return "ok";
  } catch (err) {
    return err instanceof GraphError ? `${err.status} ${err.code}` : "crash";
  }
};

describe("checkAccess (graph-behaviour.md §1.2)", () => {
  it.each([
    ["delegated ReadWrite writes own mailbox", delegated(["Calendars.ReadWrite"]), "write", "ok"],
    ["delegated Read reads own mailbox", delegated(["Calendars.Read"]), "read", "ok"],
    ["delegated Read cannot write", delegated(["Calendars.Read"]), "write", "403 ErrorAccessDenied"],
    ["delegated User.Read only cannot read events", delegated(["User.Read"]), "read", "403 ErrorAccessDenied"],
    [
      "delegated token on another mailbox",
      delegated(["Calendars.ReadWrite"], "someone-else"),
      "read",
      "403 ErrorAccessDenied",
    ],
    ["delegated User.Read reads own profile", delegated(["User.Read"]), "profile", "ok"],
    [
      "delegated User.Read cannot read another profile",
      delegated(["User.Read"], "someone-else"),
      "profile",
      "403 Authorization_RequestDenied",
    ],
    ["app role ReadWrite writes any mailbox", appOnly(["Calendars.ReadWrite"]), "write", "ok"],
    ["app role Read cannot write", appOnly(["Calendars.Read"]), "write", "403 ErrorAccessDenied"],
    [
      "app role Calendars only cannot read profiles",
      appOnly(["Calendars.ReadWrite"]),
      "profile",
      "403 Authorization_RequestDenied",
    ],
  ] as const)("%s", (_name, token, access, expected) => {
    expect(outcome(token, access)).toBe(expected);
  });
});
