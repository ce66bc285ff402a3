"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { requireAdmin } from "@/lib/auth/guards";
import { toActionResult, type ActionResult } from "@/lib/errors";
import { systemContext } from "@/lib/services/context";
import { addVenue, removeVenue, saveLocation } from "@/lib/services/save-location";

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
  return run(async () => saveLocation({ ctx: systemContext(await getDb()), id: id ?? undefined, input }), id ? "Location saved" : "Location added");
}

export async function addVenueAction(locationId: string, _: ActionResult, form: FormData): Promise<ActionResult> {
  return run(async () => addVenue({ ctx: systemContext(await getDb()), locationId, input: { name: form.get("name") } }), "Venue added");
}

export async function removeVenueAction(venueId: string): Promise<void> {
  await run(async () => removeVenue({ ctx: systemContext(await getDb()), venueId }), "Venue removed");
}
