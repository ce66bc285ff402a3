import type { Metadata } from "next";
import type { ReactNode } from "react";
import { connection } from "next/server";
import { Providers } from "./providers";
import { AdminZoneCookie } from "@/components/layout/admin-zone-cookie";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Calendar Sync", template: "%s · Calendar Sync" },
  description: "Two-way sync between instructors' Microsoft 365 calendars and your training platform",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: Next.js can only put the CSP nonce (proxy.ts) on scripts it renders then.
  await connection();
  return (
    <html lang="en">
      <body>
        <AdminZoneCookie />
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
