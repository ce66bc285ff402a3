import { defaultConflictSettings, type ConflictSettings } from "@/lib/sync/conflict-settings";
import { conflictSettings } from "../schema";
import type { DbOrTx } from "../types";

/** The organisation's conflict rules, defaults filling whatever was never saved. */
export async function getConflictSettings(db: DbOrTx): Promise<ConflictSettings> {
  const [row] = await db.select({ rules: conflictSettings.rules }).from(conflictSettings);
  return { ...defaultConflictSettings, ...row?.rules };
}
