"use client";

import { StatusIcon } from "@/components/connect/status-icon";

/**
 * The public pages' error boundary (app/connect/error.tsx, app/connection/error.tsx): a page that could not be
 * shown says so and offers to try again, instead of Next.js's bare error page. Showing a page changes nothing,
 * and the usual cause is a busy or restarting service (the server's log has the error by its digest).
 */
export function PageFailed({ retry }: { retry: () => void }) {
  return (
    <section data-testid="page-failed">
      <StatusIcon tone="warn" />
      <h1>We could not show this page right now</h1>
      <p>The service is busy or restarting. Nothing was changed. Please try again in a minute.</p>
      <p>
        <button type="button" className="button" onClick={() => retry()}>
          Try again
        </button>
      </p>
      <p className="muted">If it keeps happening, tell your training coordinator.</p>
    </section>
  );
}
