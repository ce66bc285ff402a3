import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    adminId?: string;
    role?: "owner" | "coordinator";
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    adminId?: string;
    role?: "owner" | "coordinator";
  }
}
