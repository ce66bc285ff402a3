import { asc, eq, ilike, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../types";
import { instructors } from "../schema";
import { isUuid } from "./ids";

export type InstructorRow = typeof instructors.$inferSelect;

export async function listInstructors(db: DbOrTx, params: { search?: string } = {}): Promise<InstructorRow[]> {
  const pattern = params.search ? `%${params.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%` : null;
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

export async function findInstructorByEmail(db: DbOrTx, email: string): Promise<InstructorRow | null> {
  const [row] = await db.select().from(instructors).where(eq(sql`lower(${instructors.email})`, email.toLowerCase()));
  return row ?? null;
}
