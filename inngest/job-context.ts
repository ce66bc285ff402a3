import { getDb } from "@/db/client";
import { systemContext } from "@/lib/services/context";

/** The service context a job step works with: the same one requests get. */
export async function jobContext() {
  return systemContext(await getDb());
}
