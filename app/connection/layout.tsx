import type { ReactNode } from "react";
import { PublicShell } from "@/components/layout/public-shell";

export const metadata = { title: "Your calendar connection" };

export default function ConnectionLayout({ children }: { children: ReactNode }) {
  return <PublicShell>{children}</PublicShell>;
}
