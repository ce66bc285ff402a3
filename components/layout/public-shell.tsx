import type { ReactNode } from "react";

/** The instructor-facing pages: no admin chrome, one centred card. */
export function PublicShell({ children }: { children: ReactNode }) {
  return (
    <div className="public">
      <header className="public-head">Calendar Sync</header>
      <main className="public-card">{children}</main>
    </div>
  );
}
