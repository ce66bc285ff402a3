import type { z } from "zod";
import { ValidationError, fieldErrorsFromZod, type FieldErrors } from "@/lib/errors";

/**
 * Services parse first, then act: anything that does not match the schema never reaches the database.
 * No string anywhere in the input may hold a NUL character, whatever the schema: PostgreSQL cannot store one
 * in text (the statement would fail as a 500), and no name, email or time needs one.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const nul = nulFields(input);
  if (Object.keys(nul).length) throw new ValidationError(nul);
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error));
  return parsed.data;
}

export const NUL_MESSAGE = "Must not contain a NUL character";

function nulFields(value: unknown, path: string[] = [], out: FieldErrors = {}, depth = 0): FieldErrors {
  if (typeof value === "string") {
    if (value.includes("\u0000")) out[path.length ? path.join(".") : "_"] = [NUL_MESSAGE];
  } else if (value && typeof value === "object" && depth < 32) {
    for (const [key, inner] of Object.entries(value)) {
      if (key.includes("\u0000")) out[[...path, "_"].join(".")] = [NUL_MESSAGE];
      nulFields(inner, [...path, key], out, depth + 1);
    }
  }
  return out;
}
