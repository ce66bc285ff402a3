import { redirect } from "next/navigation";
import { currentAdmin } from "@/lib/auth/guards";
import { microsoftSignInEnabled, passwordSignInEnabled } from "@/lib/auth/sign-in-methods";
import { env } from "@/lib/env";
import { defaultAfterSignIn, sameOriginPath } from "@/lib/auth/safe-callback";
import { showsDemoCredentials } from "@/db/seed/demo-policy";
import { demoAdmin } from "@/db/seed/demo-people";
import { SignInForm } from "@/components/auth/sign-in-form";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";

export const metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string; callbackUrl?: string }>;
}) {
  if (await currentAdmin()) redirect("/events");
  const { error, callbackUrl } = await searchParams;
  const e = env();
  const safeCallback = sameOriginPath(callbackUrl, e.NEXTAUTH_URL ?? e.APP_URL) ?? defaultAfterSignIn;
  return (
    <main className="auth-card">
      <div className="panel">
        <h1>Calendar Sync</h1>
        <p className="muted">Sign in to plan training and manage instructors&apos; calendars.</p>
        {error && (
          <p className="alert" role="alert">
            {signInErrorMessage(error)}
          </p>
        )}
        <SignInForm
          callbackUrl={safeCallback}
          password={passwordSignInEnabled()}
          microsoft={microsoftSignInEnabled()}
        />
        {showsDemoCredentials(e) && (
          <p className="notice" data-testid="demo-credentials">
            Demo admin: <strong>{demoAdmin.email}</strong> with password <strong>{demoAdmin.password}</strong>
          </p>
        )}
      </div>
    </main>
  );
}
