import type { ReactNode } from "react";
import { requireAdmin } from "@/lib/auth/guards";
import { AdminNav } from "@/components/layout/admin-nav";

// Pages also check on their own (layouts do not guard server actions or parallel requests).
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const admin = await requireAdmin();
  return (
    <div className="shell">
      <AdminNav adminName={admin.name} />
      <main className="main">{children}</main>
    </div>
  );
}
