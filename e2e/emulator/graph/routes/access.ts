/**
 * Who may touch which mailbox (graph-behaviour.md §1.2): delegated tokens reach only the signed-in
 * user's own mailbox (sharing is not emulated), app-only tokens any mailbox of their tenant.
 * Minimum permissions: read = Calendars.Read(+Write/Basic), write = Calendars.ReadWrite, profile =
 * User.Read for oneself or a directory read permission for others. Error codes are the Exchange ones
 * Outlook-backed endpoints return (§4.4, §6); the directory ones are Graph's usual AAD codes [UNV text].
 */
import type { VerifiedAccessToken } from "../../identity/verify-access-token";
import { GraphError } from "../errors";
import type { Mailbox } from "../mailbox";
import type { GraphRuntime } from "./runtime";

export type Access = "read" | "write" | "profile";

const READ = [
  "Calendars.Read",
  "Calendars.ReadWrite",
  "Calendars.ReadBasic",
  "Calendars.ReadBasic.All",
  "Calendars.Read.Shared",
  "Calendars.ReadWrite.Shared",
];
const WRITE = ["Calendars.ReadWrite", "Calendars.ReadWrite.Shared"];
const SELF_PROFILE = [
  "User.Read",
  "User.ReadWrite",
  "User.ReadBasic.All",
  "User.Read.All",
  "User.ReadWrite.All",
  "Directory.Read.All",
];
const OTHER_PROFILE = ["User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All", "Directory.Read.All"];

const has = (granted: readonly string[], wanted: readonly string[]) =>
  granted.some((g) => wanted.some((w) => w.toLowerCase() === g.toLowerCase()));

export const accessDenied = () =>
  new GraphError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
const insufficientPrivileges = () =>
  new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
export const invalidUser = (id: string) =>
  new GraphError(404, "ErrorInvalidUser", `The requested user '${id}' is invalid.`);
const directoryNotFound = (id: string) =>
  new GraphError(
    404,
    "Request_ResourceNotFound",
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
const meNeedsDelegated = () =>
  new GraphError(400, "BadRequest", "/me request is only valid with delegated authentication flow.");

/**
 * The mailbox a request addresses (`userSegment` undefined = `me` = the token's user). Throws the
 * GraphError the caller should see: 400 for `me` with an app-only token, 404 for an unknown user or
 * one outside the token's tenant.
 */
export function resolveMailbox(
  rt: GraphRuntime,
  token: VerifiedAccessToken,
  userSegment: string | undefined,
  access: Access,
): Mailbox {
  if (userSegment === undefined) {
    if (!token.userId) throw meNeedsDelegated();
    const mb = rt.mailbox(token.userId);
    if (!mb) throw invalidUser(token.userId);
    return mb;
  }
  const mb = rt.mailbox(userSegment);
  const notFound = access === "profile" ? directoryNotFound(userSegment) : invalidUser(userSegment);
  if (!mb || rt.tenantOf(mb) !== token.tenantId) throw notFound;
  return mb;
}

/** Throws 403 unless the token's permissions allow `access` on `mb`. */
export function checkAccess(token: VerifiedAccessToken, mb: Mailbox, access: Access): void {
  const granted = token.userId ? token.scopes : token.roles;
  const self = token.userId === mb.owner.id;
  if (access === "profile") {
    if (!has(granted, self ? SELF_PROFILE : OTHER_PROFILE)) throw insufficientPrivileges();
    return;
  }
  if (token.userId && !self) throw accessDenied();
  if (!has(granted, access === "write" ? WRITE : READ)) throw accessDenied();
}
