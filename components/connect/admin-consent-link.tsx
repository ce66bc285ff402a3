"use client";

import { useState, useSyncExternalStore, useTransition } from "react";
import { CopyField } from "./copy-field";

/** Asks the server for a fresh admin-consent link on click, then shows it to copy. */
export function AdminConsentLink({ getLink }: { getLink: () => Promise<{ url: string } | { error: string }> }) {
  const [result, setResult] = useState<{ url: string } | { error: string } | null>(null);
  const [pending, startTransition] = useTransition();
  // Enabled once hydrated (false in the server render): a click before that would do nothing.
  const ready = useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
  if (result && "url" in result) return <CopyField value={result.url} label="Admin consent link" />;
  return (
    <p>
      <button
        type="button"
        className="secondary"
        disabled={!ready || pending}
        onClick={() => startTransition(async () => setResult(await getLink()))}
      >
        {pending ? "Creating the link…" : "Get the link for your administrator"}
      </button>
      {result && "error" in result && (
        <span className="error" role="alert" style={{ marginLeft: 8 }}>
          {result.error}
        </span>
      )}
    </p>
  );
}

const subscribeToNothing = () => () => {};
