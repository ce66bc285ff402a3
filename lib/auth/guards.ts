import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getServerSession } from "next-auth";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { adminUsers } from "@/db/schema";
import { ForbiddenError } from "@/lib/errors";
import { authOptions } from "./options";
import type { AdminRole } from "./admin-roles";

export type SignedInAdmin = { id: string; email: string; name: string; role: AdminRole };

/** The signed-in admin, or null. Re-reads the row so a removed admin loses access at once. */
export async function currentAdmin(): Promise<SignedInAdmin | null> {
  await connection(); // per-request by nature: never prerender at build time
  const session = await getServerSession(authOptions());
  if (!session?.adminId) return null;
  const [admin] = await (
    await getDb()
  )
    .select({ id: adminUsers.id, email: adminUsers.email, name: adminUsers.name, role: adminUsers.role })
    .from(adminUsers)
    .where(eq(adminUsers.id, session.adminId));
  return admin ?? null;
}

/** Every admin page and server action starts here. */
export async function requireAdmin(): Promise<SignedInAdmin> {
  const admin = await currentAdmin();
  if (!admin) redirect("/sign-in");
  return admin;
}

export async function requireOwner(): Promise<SignedInAdmin> {
  const admin = await requireAdmin();
  if (admin.role !== "owner") throw new ForbiddenError("Only an owner can do this");
  return admin;
}
