import { eq } from "drizzle-orm";
import { locations } from "@/db/schema";
import { isUniqueViolation } from "@/db/errors";
import { isUuid } from "@/db/queries/ids";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { locationInputSchema } from "@/lib/training/schemas";
import type { ServiceContext } from "@/lib/context/service-context";
import { parseInput } from "@/lib/parse-input";

const duplicateName = () => new ConflictError("A location with this name already exists", { name: ["Already used"] });

/** Creates a location, or updates it when `id` is given. */
export async function saveLocation({ ctx, id, input }: { ctx: ServiceContext; id?: string; input: unknown }) {
  const data = parseInput(locationInputSchema, input);
  try {
    if (!id) return (await ctx.db.insert(locations).values(data).returning())[0]!;
    if (!isUuid(id)) throw new NotFoundError("Location", id);
    const [row] = await ctx.db
      .update(locations)
      .set({ ...data, updatedAt: ctx.now() })
      .where(eq(locations.id, id))
      .returning();
    if (!row) throw new NotFoundError("Location", id);
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName();
    throw error;
  }
}
