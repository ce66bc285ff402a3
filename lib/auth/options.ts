import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { adminUsers } from "@/db/schema";
import { findAdminById, findAdminByMicrosoftAccount } from "@/db/queries/admin-users";
import { env } from "@/lib/env";
import { nextAuthSecret } from "@/lib/local-secrets";
import { passwordSignIn } from "./password-sign-in";
import { clientAddress } from "./sign-in-throttle";
import { tooManyAttempts } from "./sign-in-errors";
import { redirectAfterSignIn } from "./safe-callback";
import { resolveMicrosoftAdmin, type MicrosoftIdClaims } from "./microsoft-admin";
import { microsoftAdminProvider } from "./microsoft-admin-provider";
import { microsoftSignInEnabled, passwordSignInEnabled } from "./sign-in-methods";

/**
 * Admin sign-in. Microsoft Entra ID when an app registration is configured; the offline email +
 * password sign-in for the embedded default (refused in production unless ALLOW_PASSWORD_SIGN_IN).
 * Either way only people in admin_users get in; a Microsoft admin is bound to one account (tid + oid).
 */
export function authOptions(): NextAuthOptions {
  const e = env();
  const providers: NextAuthOptions["providers"] = [];
  if (passwordSignInEnabled()) {
    providers.push(
      CredentialsProvider({
        id: "password",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const result = await passwordSignIn(await getDb(), {
            email: credentials?.email ?? "",
            password: credentials?.password ?? "",
            address: clientAddress(req?.headers, { trustedProxyHops: e.TRUSTED_PROXY_HOPS, onVercel: !!e.VERCEL }),
            now: new Date(),
          });
          // next-auth passes a thrown message to the sign-in page as `error`.
          if (result.outcome === "throttled") throw new Error(tooManyAttempts);
          return result.outcome === "signed-in" ? result.admin : null;
        },
      }),
    );
  }
  if (microsoftSignInEnabled()) {
    providers.push(microsoftAdminProvider(e));
  }
  return {
    secret: nextAuthSecret(),
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers,
    callbacks: {
      redirect: redirectAfterSignIn,
      async signIn({ user, account, profile }) {
        const db = await getDb();
        let adminId = user.id;
        if (account?.provider === "azure-ad") {
          const decision = await resolveMicrosoftAdmin(db, profile as MicrosoftIdClaims, {
            adminTenant: e.AZURE_AD_ADMIN_TENANT,
          });
          if (!decision.ok) return `/sign-in?error=${decision.error}`;
          adminId = decision.adminId;
        }
        await db.update(adminUsers).set({ lastSignInAt: new Date() }).where(eq(adminUsers.id, adminId));
        return true;
      },
      async jwt({ token, user, account, profile }) {
        if (user) {
          // Microsoft admins are who their tenant + object id were bound to; password admins are their row id.
          const db = await getDb();
          const claims = profile as MicrosoftIdClaims | undefined;
          const admin =
            account?.provider === "azure-ad"
              ? await findAdminByMicrosoftAccount(db, claims?.tid ?? "", claims?.oid ?? "")
              : await findAdminById(db, user.id);
          if (admin)
            Object.assign(token, { adminId: admin.id, role: admin.role, name: admin.name, email: admin.email });
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, adminId: token.adminId, role: token.role };
      },
    },
  };
}
