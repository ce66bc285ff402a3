import { isDoneOrGone, sendInBatches } from "@/lib/graph/batch-outcome";
import type { GraphCalendarClient } from "@/lib/graph/calendar-client";
import { deleteEventStep } from "@/lib/graph/event-write-steps";

/**
 * Deletes entries a push created in Outlook after a removal of the connection began (their records found
 * the fence moved, push-entry-records.ts), 20 to a `$batch` (sendInBatches). Best effort: every id was recorded under the
 * push's lease first, and the removal's sweep waits for that lease, then deletes every recorded id and
 * every entry carrying our tag. Deleting here as well covers a push that outlived its lease, which the
 * removal no longer waits for. Returns how many Outlook confirmed gone (404 included).
 */
export async function withdrawFencedEntries(client: GraphCalendarClient, outlookIds: string[]): Promise<number> {
  let gone = 0;
  try {
    await sendInBatches(
      client,
      outlookIds.map((id, k) => deleteEventStep(String(k), id)),
      { afterEach: async (outcomes) => void (gone += outcomes.filter(isDoneOrGone).length) },
    );
  } catch {
    // Refused or unreachable: the removal's sweep deletes what is left (see above).
  }
  return gone;
}
