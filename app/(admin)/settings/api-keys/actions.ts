"use server";

import { revalidatePath } from "next/cache";
import { requireOwner } from "@/lib/auth/guards";
import { toActionResult, type ActionResult } from "@/lib/errors";
import { createApiKey } from "@/lib/services/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/services/api-keys/revoke-api-key";
import { appContext } from "@/lib/context/app-context";

export type CreatedKey = ActionResult & { secret?: string };

export async function createApiKeyAction(_: ActionResult, form: FormData): Promise<CreatedKey> {
  try {
    const admin = await requireOwner();
    const key = await createApiKey({
      ctx: await appContext(),
      input: {
        name: form.get("name"),
        scope: form.get("scope") ?? undefined,
        expiresInDays: form.get("expiresInDays"),
        createdById: admin.id,
      },
    });
    revalidatePath("/settings/api-keys");
    return {
      ok: true,
      message: `Key "${key.name}" created. Copy it now: it will not be shown again.`,
      secret: key.secret,
    };
  } catch (error) {
    return toActionResult(error);
  }
}

export async function revokeApiKeyAction(id: string): Promise<void> {
  await requireOwner();
  await revokeApiKey({ ctx: await appContext(), id });
  revalidatePath("/settings/api-keys");
}
