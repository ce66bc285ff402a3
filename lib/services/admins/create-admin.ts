import { z } from "zod";
import { adminUsers } from "@/db/schema";
import { isUniqueViolation } from "@/db/errors";
import { adminRoles } from "@/lib/auth/admin-roles";
import { hashPassword } from "@/lib/auth/password";
import { ConflictError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/context/service-context";
import { parseInput } from "@/lib/parse-input";

const minimumPasswordLength = 12;

const createAdminInput = z.object({
  email: z.email("Give a valid email address").trim(),
  name: z.string().trim().min(1, "Give the admin's name").max(200),
  role: z.enum(adminRoles),
  /** Null: the admin signs in with Microsoft only. */
  password: z
    .string()
    .min(minimumPasswordLength, `Use at least ${minimumPasswordLength} characters`)
    .max(1024)
    .nullable(),
});

/** Adds a person to admin_users (the first owner comes from `npm run admin:create`). */
export async function createAdmin({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const data = parseInput(createAdminInput, input);
  try {
    const [row] = await ctx.db
      .insert(adminUsers)
      .values({
        email: data.email,
        name: data.name,
        role: data.role,
        passwordHash: data.password === null ? null : await hashPassword(data.password),
        createdAt: ctx.now(),
      })
      .returning({ id: adminUsers.id, email: adminUsers.email, role: adminUsers.role });
    return row!;
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ConflictError("An admin with this email already exists", { email: ["Already an admin"] });
    throw error;
  }
}
