"use server";

import { revalidatePath } from "next/cache";
import { requireAdmin } from "@/lib/auth/guards";
import { toActionResult, type ActionResult } from "@/lib/errors";
import { createAdminConsentUrl } from "@/lib/services/connect/create-admin-consent-url";
import { appContext } from "@/lib/context/app-context";

export async function adminConsentUrlAction(
  _: ActionResult & { url?: string },
  form: FormData,
): Promise<ActionResult & { url?: string }> {
  await requireAdmin();
  try {
    const { url } = await createAdminConsentUrl({ ctx: await appContext(), input: { tenant: form.get("tenant") } });
    revalidatePath("/control-panel/calendar-integration/tenants");
    return { ok: true, url };
  } catch (error) {
    return toActionResult(error);
  }
}
