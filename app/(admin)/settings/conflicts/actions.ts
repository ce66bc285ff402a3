"use server";

import { revalidatePath } from "next/cache";
import { requireOwner } from "@/lib/auth/guards";
import { appContext } from "@/lib/context/app-context";
import { toActionResult, type ActionResult } from "@/lib/errors";
import { saveConflictSettings } from "@/lib/services/conflicts/save-conflict-settings";
import { conflictRuleKeys } from "@/lib/sync/conflict-settings";

export async function saveConflictSettingsAction(_: ActionResult, form: FormData): Promise<ActionResult> {
  try {
    const admin = await requireOwner();
    await saveConflictSettings({
      ctx: await appContext(),
      adminId: admin.id,
      // An unticked checkbox sends nothing: every rule is sent, true or false.
      input: Object.fromEntries(conflictRuleKeys.map((k) => [k, form.get(k) === "on"])),
    });
  } catch (error) {
    return toActionResult(error);
  }
  revalidatePath("/settings/conflicts");
  return { ok: true, message: "Saved" };
}
