import { z } from "zod";
import { conflictSettings } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";
import { parseInput } from "@/lib/parse-input";
import { conflictRuleKeys, type ConflictSettings } from "@/lib/sync/conflict-settings";

const settingsSchema = z.object(
  Object.fromEntries(conflictRuleKeys.map((k) => [k, z.boolean()])) as Record<keyof ConflictSettings, z.ZodBoolean>,
);

/** Saves the organisation's conflict rules (every rule, as the settings form sends them). */
export async function saveConflictSettings({
  ctx,
  adminId,
  input,
}: {
  ctx: ServiceContext;
  adminId: string;
  input: unknown;
}): Promise<ConflictSettings> {
  const rules = parseInput(settingsSchema, input);
  const now = ctx.now();
  await ctx.db
    .insert(conflictSettings)
    .values({ id: true, rules, updatedBy: adminId, updatedAt: now })
    .onConflictDoUpdate({ target: conflictSettings.id, set: { rules, updatedBy: adminId, updatedAt: now } });
  return rules;
}
