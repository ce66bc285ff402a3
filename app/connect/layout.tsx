import type { ReactNode } from "react";
import { PublicShell } from "@/components/layout/public-shell";

export const metadata = { title: "Connect your calendar" };

export default function ConnectLayout({ children }: { children: ReactNode }) {
  return <PublicShell>{children}</PublicShell>;
}
