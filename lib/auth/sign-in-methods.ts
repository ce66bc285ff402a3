import { env } from "@/lib/env";

export function passwordSignInEnabled(): boolean {
  const e = env();
  return e.NODE_ENV !== "production" || e.ALLOW_PASSWORD_SIGN_IN;
}

export function microsoftSignInEnabled(): boolean {
  const e = env();
  return Boolean(e.AZURE_AD_CLIENT_ID && e.AZURE_AD_CLIENT_SECRET);
}
