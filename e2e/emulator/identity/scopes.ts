/**
 * Scope strings -> permissions. Entra treats a bare permission ("User.Read") as Microsoft Graph's,
 * accepts the resource URI or app id prefix, expands "/.default" to the app's configured permissions
 * (reference §10.1-10.3) and rejects scopes a resource does not define. The consent page texts are the
 * ones Entra shows for these Graph permissions.
 */
import type { AppRegistration } from "../state";

export const GRAPH_RESOURCE = "https://graph.microsoft.com";
const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
export const OIDC_SCOPES = new Set(["openid", "profile", "email", "offline_access"]);

type PermissionInfo = { description: string; adminOnly: boolean };

/** The Graph permissions the emulator knows; anything else is AADSTS70011 invalid_scope. */
export const PERMISSIONS: Record<string, PermissionInfo> = {
  openid: { description: "Sign you in", adminOnly: false },
  profile: { description: "View your basic profile", adminOnly: false },
  email: { description: "View your email address", adminOnly: false },
  offline_access: { description: "Maintain access to data you have given it access to", adminOnly: false },
  "User.Read": { description: "Sign you in and read your profile", adminOnly: false },
  "User.ReadBasic.All": { description: "Read all users' basic profiles", adminOnly: false },
  "User.Read.All": { description: "Read all users' full profiles", adminOnly: true },
  "Calendars.Read": { description: "Read your calendars", adminOnly: false },
  "Calendars.ReadBasic": { description: "Read basic details of your calendars", adminOnly: false },
  "Calendars.ReadWrite": { description: "Have full access to your calendars", adminOnly: false },
  "Calendars.Read.Shared": { description: "Read calendars you can access", adminOnly: false },
  "Calendars.ReadWrite.Shared": { description: "Read and write calendars you can access", adminOnly: false },
  "MailboxSettings.Read": { description: "Read your mailbox settings", adminOnly: false },
  "MailboxSettings.ReadWrite": { description: "Read and write your mailbox settings", adminOnly: false },
};

const CANONICAL = new Map(Object.keys(PERMISSIONS).map((name) => [name.toLowerCase(), name]));

export type ParsedScopes =
  | {
      ok: true;
      /** Scope strings in the form the client used (for the token response's `scope`). */
      requested: string[];
      /** Canonical permission names ("Calendars.ReadWrite", "offline_access"). */
      permissions: string[];
    }
  | { ok: false; error: "invalid_scope" | "invalid_resource"; code: number; description: string };

/**
 * @param ownOrigins the emulator's own origins, accepted as an alias of the Graph resource so a
 * product that builds scopes from MS_GRAPH_URL still works against the emulator.
 */
export function parseScopes(raw: string, app: AppRegistration, ownOrigins: readonly string[]): ParsedScopes {
  const requested: string[] = [];
  const permissions = new Set<string>();
  for (const scope of raw.split(/\s+/).filter(Boolean)) {
    const lower = scope.toLowerCase();
    if (OIDC_SCOPES.has(lower)) {
      requested.push(lower);
      permissions.add(lower);
      continue;
    }
    const split = splitResource(scope, ownOrigins);
    if (!split) {
      return {
        ok: false,
        error: "invalid_resource",
        code: 500011,
        description: `AADSTS500011: The resource principal named ${scope.slice(0, scope.lastIndexOf("/"))} was not found in the tenant.`,
      };
    }
    if (split.name.toLowerCase() === ".default") {
      for (const name of app.delegatedPermissions) {
        permissions.add(name);
        requested.push(OIDC_SCOPES.has(name) ? name : `${split.prefix}${name}`);
      }
      continue;
    }
    const canonical = CANONICAL.get(split.name.toLowerCase());
    if (!canonical) {
      return {
        ok: false,
        error: "invalid_scope",
        code: 70011,
        description: `AADSTS70011: The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
      };
    }
    requested.push(scope);
    permissions.add(canonical);
  }
  return { ok: true, requested: dedupe(requested), permissions: [...permissions] };
}

/** Scopes that the consent page lists: openid is folded into "Sign you in and read your profile". */
export function permissionsToDisplay(permissions: readonly string[]): Array<{ name: string; description: string }> {
  const shown = permissions.filter((name) => !(name === "openid" && permissions.includes("User.Read")));
  return shown.map((name) => ({ name, description: PERMISSIONS[name]?.description ?? name }));
}

export function needsAdmin(permissions: readonly string[]): boolean {
  return permissions.some((name) => PERMISSIONS[name]?.adminOnly === true);
}

/** The token response's `scope`: what was requested, minus offline_access (Entra never echoes it). */
export function responseScope(requested: readonly string[]): string {
  return requested.filter((scope) => scope !== "offline_access").join(" ");
}

function splitResource(scope: string, ownOrigins: readonly string[]): { prefix: string; name: string } | undefined {
  const slash = scope.lastIndexOf("/");
  if (slash < 0) return { prefix: "", name: scope };
  const resource = scope.slice(0, slash).toLowerCase();
  const aliases = [GRAPH_RESOURCE, GRAPH_APP_ID, ...ownOrigins].map((alias) => alias.toLowerCase().replace(/\/$/, ""));
  return aliases.includes(resource) ? { prefix: scope.slice(0, slash + 1), name: scope.slice(slash + 1) } : undefined;
}

function dedupe(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = value.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
