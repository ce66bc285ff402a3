import { eq } from "drizzle-orm";
import { instructors } from "@/db/schema";
import { isUniqueViolation } from "@/db/errors";
import type { InstructorRow } from "@/db/queries/instructors";
import { isUuid } from "@/db/queries/ids";
import { NotFoundError } from "@/lib/errors";
import { instructorPatchSchema } from "@/lib/training/schemas";
import type { ServiceContext } from "./context";
import { duplicateEmail } from "./create-instructor";
import { parseInput } from "./parse-input";

export async function updateInstructor({ ctx, id, input }: { ctx: ServiceContext; id: string; input: unknown }): Promise<InstructorRow> {
  const patch = parseInput(instructorPatchSchema, input);
  if (!isUuid(id)) throw new NotFoundError("Instructor", id);
  try {
    const [row] = await ctx.db
      .update(instructors)
      .set({ ...patch, updatedAt: ctx.now() })
      .where(eq(instructors.id, id))
      .returning();
    if (!row) throw new NotFoundError("Instructor", id);
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateEmail();
    throw error;
  }
}
