import { instructors } from "@/db/schema";
import { isUniqueViolation } from "@/db/errors";
import type { InstructorRow } from "@/db/queries/instructors";
import { duplicateEmail } from "./internal/duplicate-email";
import { instructorInputSchema } from "@/lib/training/schemas";
import type { ServiceContext } from "@/lib/context/service-context";
import { parseInput } from "@/lib/parse-input";

export async function createInstructor({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: unknown;
}): Promise<InstructorRow> {
  const data = parseInput(instructorInputSchema, input);
  const now = ctx.now();
  try {
    const [row] = await ctx.db
      .insert(instructors)
      .values({ ...data, createdAt: now, updatedAt: now })
      .returning();
    return row!;
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateEmail();
    throw error;
  }
}
