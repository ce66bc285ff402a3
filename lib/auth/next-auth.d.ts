import "next-auth";
import "next-auth/jwt";
import type { AdminRole } from "./admin-roles";

declare module "next-auth" {
  interface Session {
    adminId?: string;
    role?: AdminRole;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    adminId?: string;
    role?: AdminRole;
  }
}
