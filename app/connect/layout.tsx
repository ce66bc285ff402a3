import type { ReactNode } from "react";

export const metadata = { title: "Connect your calendar" };

/** The instructor-facing pages: no admin chrome, one centred card. */
export default function ConnectLayout({ children }: { children: ReactNode }) {
  return (
    <div className="public">
      <header className="public-head">Calendar Sync</header>
      <main className="public-card">{children}</main>
    </div>
  );
}
