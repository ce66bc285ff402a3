import { env } from "@/lib/env";

export function passwordSignInEnabled(): boolean {
  const e = env();
  return e.NODE_ENV !== "production" || e.ALLOW_PASSWORD_SIGN_IN;
}

/**
 * Admins sign in with Microsoft only from the provider's own tenant: a multi-tenant sign-in would let
 * any organisation's account claim an admin's email address.
 */
export function microsoftSignInEnabled(): boolean {
  const e = env();
  return Boolean(e.AZURE_AD_CLIENT_ID && e.AZURE_AD_CLIENT_SECRET && e.AZURE_AD_ADMIN_TENANT);
}
