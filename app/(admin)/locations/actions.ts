"use server";

import { revalidatePath } from "next/cache";
import { requireAdmin } from "@/lib/auth/guards";
import { toActionResult, type ActionResult } from "@/lib/errors";
import { appContext } from "@/lib/context/app-context";
import { addVenue } from "@/lib/services/training/add-venue";
import { removeVenue } from "@/lib/services/training/remove-venue";
import { saveLocation } from "@/lib/services/training/save-location";

async function run(work: () => Promise<unknown>, message: string): Promise<ActionResult> {
  await requireAdmin();
  try {
    await work();
  } catch (error) {
    return toActionResult(error);
  }
  revalidatePath("/locations");
  return { ok: true, message };
}

export async function saveLocationAction(id: string | null, _: ActionResult, form: FormData): Promise<ActionResult> {
  const input = { name: form.get("name"), timeZone: form.get("timeZone"), address: form.get("address") ?? "" };
  return run(
    async () => saveLocation({ ctx: await appContext(), id: id ?? undefined, input }),
    id ? "Location saved" : "Location added",
  );
}

export async function addVenueAction(locationId: string, _: ActionResult, form: FormData): Promise<ActionResult> {
  return run(
    async () => addVenue({ ctx: await appContext(), locationId, input: { name: form.get("name") } }),
    "Venue added",
  );
}

export async function removeVenueAction(venueId: string): Promise<void> {
  await run(async () => removeVenue({ ctx: await appContext(), venueId }), "Venue removed");
}
