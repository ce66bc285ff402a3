import { asc, eq, ilike, or } from "drizzle-orm";
import type { DbOrTx } from "../types";
import { containsPattern } from "./like";
import { instructors } from "../schema";
import { isUuid } from "./ids";

export type InstructorRow = typeof instructors.$inferSelect;

export async function listInstructors(db: DbOrTx, params: { search?: string } = {}): Promise<InstructorRow[]> {
  const pattern = params.search ? containsPattern(params.search) : null;
  return db
    .select()
    .from(instructors)
    .where(pattern ? or(ilike(instructors.name, pattern), ilike(instructors.email, pattern)) : undefined)
    .orderBy(asc(instructors.name));
}

export async function getInstructor(db: DbOrTx, id: string): Promise<InstructorRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(instructors).where(eq(instructors.id, id));
  return row ?? null;
}
