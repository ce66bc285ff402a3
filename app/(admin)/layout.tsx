import type { ReactNode } from "react";
import { requireAdmin } from "@/lib/auth/guards";
import { AdminNav } from "@/components/layout/admin-nav";

// Pages also check on their own (layouts do not guard server actions or parallel requests).
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const admin = await requireAdmin();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AdminNav adminName={admin.name} />
      <main className="main" id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
