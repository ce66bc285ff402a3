"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";

const links = [
  { href: "/events", label: "Events" },
  { href: "/instructors", label: "Instructors" },
  { href: "/locations", label: "Locations & venues" },
  { href: "/availability", label: "Availability" },
  { href: "/scheduler", label: "Scheduler" },
];
const controlPanel = [{ href: "/control-panel/calendar-integration", label: "Calendar Integration" }];
const settings = [
  { href: "/settings/api-keys", label: "API keys" },
  { href: "/settings/conflicts", label: "Conflict rules" },
];

export function AdminNav({ adminName }: { adminName: string }) {
  const pathname = usePathname();
  const item = (l: { href: string; label: string }) => (
    <Link key={l.href} href={l.href} aria-current={pathname.startsWith(l.href) ? "page" : undefined}>
      {l.label}
    </Link>
  );
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">Calendar Sync</div>
      <div className="section">Training</div>
      {links.map(item)}
      <div className="section">Control Panel</div>
      {controlPanel.map(item)}
      <div className="section">Settings</div>
      {settings.map(item)}
      <div className="foot">
        Signed in as {adminName}
        <br />
        <button
          type="button"
          className="link"
          style={{ color: "#d0d5dd" }}
          onClick={() => signOut({ callbackUrl: "/sign-in" })}
        >
          Sign out
        </button>
      </div>
    </nav>
  );
}
