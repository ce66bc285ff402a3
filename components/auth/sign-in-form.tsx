"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";

export function SignInForm({
  callbackUrl,
  password,
  microsoft,
}: {
  callbackUrl: string;
  password: boolean;
  microsoft: boolean;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("password", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (result?.ok && !result.error) router.push(callbackUrl);
    else setError(signInErrorMessage(result?.error ?? "CredentialsSignin"));
  }

  return (
    <div className="stack" style={{ display: "grid", gap: 16 }}>
      {password && (
        <form className="stack" onSubmit={submit}>
          <div className="field">
            <label htmlFor="email">Email</label>
            <input id="email" name="email" type="email" autoComplete="username" required />
          </div>
          <div className="field">
            <label htmlFor="password">Password</label>
            <input id="password" name="password" type="password" autoComplete="current-password" required />
          </div>
          {error && (
            <p className="alert" role="alert">
              {error}
            </p>
          )}
          <button type="submit" disabled={pending}>
            {pending ? "Signing in…" : "Sign in"}
          </button>
        </form>
      )}
      {microsoft && (
        <button type="button" className="secondary" onClick={() => signIn("azure-ad", { callbackUrl })}>
          Sign in with Microsoft
        </button>
      )}
      {!password && !microsoft && (
        <p className="alert">No sign-in method is configured. Set AZURE_AD_CLIENT_ID and AZURE_AD_CLIENT_SECRET.</p>
      )}
    </div>
  );
}
