import AzureADProvider from "next-auth/providers/azure-ad";
import type { Env } from "@/lib/env";

/**
 * "Sign in with Microsoft" for admins, single-tenant (AZURE_AD_ADMIN_TENANT). next-auth checks only `state` by
 * default; PKCE binds the code to this browser's sign-in and the nonce binds the id token to it, so a code or
 * an id token captured elsewhere cannot be replayed into an admin session.
 */
export function microsoftAdminProvider(e: Env) {
  return AzureADProvider({
    clientId: e.AZURE_AD_CLIENT_ID!,
    clientSecret: e.AZURE_AD_CLIENT_SECRET!,
    tenantId: e.AZURE_AD_ADMIN_TENANT,
    wellKnown: `${e.MS_LOGIN_URL}/${e.AZURE_AD_ADMIN_TENANT}/v2.0/.well-known/openid-configuration`,
    authorization: { params: { scope: "openid profile email" } },
    checks: ["pkce", "state", "nonce"],
    // The id token's claims (tid, oid, idp, acct…) are the profile: Graph's userinfo has none of them.
    idToken: true,
    // The built-in profile fetches a photo from Graph; we only need who it is.
    profile: (p: { oid?: string; sub: string; name?: string; email?: string; preferred_username?: string }) => ({
      id: p.oid ?? p.sub,
      name: p.name ?? null,
      email: p.email ?? p.preferred_username ?? null,
      image: null,
    }),
  });
}
