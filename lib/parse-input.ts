import type { z } from "zod";
import { ValidationError, fieldErrorsFromZod } from "@/lib/errors";

/** Services parse first, then act: anything that does not match the schema never reaches the database. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error));
  return parsed.data;
}
