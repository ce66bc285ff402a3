import type { ReactNode } from "react";

export const metadata = { title: "Your calendar connection" };

export default function ConnectionLayout({ children }: { children: ReactNode }) {
  return (
    <div className="public">
      <header className="public-head">Calendar Sync</header>
      <main className="public-card">{children}</main>
    </div>
  );
}
