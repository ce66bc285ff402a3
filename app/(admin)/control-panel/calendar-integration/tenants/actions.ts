"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/auth/admin-action";
import { type ActionResult } from "@/lib/errors";
import { createAdminConsentUrl } from "@/lib/services/connect/create-admin-consent-url";

export async function adminConsentUrlAction(
  _: ActionResult & { url?: string },
  form: FormData,
): Promise<ActionResult & { url?: string }> {
  return adminAction(async ({ ctx }) => {
    const { url } = await createAdminConsentUrl({ ctx, input: { tenant: form.get("tenant") } });
    revalidatePath("/control-panel/calendar-integration/tenants");
    return { ok: true as const, url };
  });
}
