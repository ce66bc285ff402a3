/**
 * Child of `npm run chaos`, run once the app is stopped (PGlite has one user at a time): what the
 * database holds of the run's instructors and of the job queue, as one JSON line.
 * Usage: DATA_DIR=… tsx scripts/chaos/inspect-data.ts '["<instructorId>", …]'
 */
import { count, eq, inArray, ne } from "drizzle-orm";
import { openConfiguredDb } from "@/db/client";
import {
  calendarConnections,
  calendarSubscriptions,
  externalEvents,
  jobRequests,
  notifiedChanges,
  pullStates,
  pushEntries,
  tokenCaches,
} from "@/db/schema";

export type InspectResult = {
  connections: {
    connectionId: string;
    instructorId: string;
    status: string;
    held: {
      mirroredEvents: number;
      pullStates: number;
      notifiedChanges: number;
      pushEntries: number;
      tokenCaches: number;
      subscriptions: number;
    };
    pushEntries: { assignmentId: string; sessionId: string; status: string; outlookEventId: string | null }[];
  }[];
  /** Job runs not succeeded (queued, running or failed), with their function and last error. */
  unfinishedJobs: {
    functionId: string | null;
    state: string;
    attempt: number;
    eventData: Record<string, unknown>;
    lastError: unknown;
  }[];
};

const instructorIds = JSON.parse(process.argv[2] ?? "[]") as string[];
const opened = await openConfiguredDb();
try {
  const { db } = opened;
  const rows = await db
    .select()
    .from(calendarConnections)
    .where(inArray(calendarConnections.instructorId, instructorIds));
  const connections: InspectResult["connections"] = [];
  for (const connection of rows) {
    const countOf = async (table: typeof externalEvents | typeof pullStates | typeof notifiedChanges) =>
      (await db.select({ n: count() }).from(table).where(eq(table.connectionId, connection.id)))[0]!.n;
    const entries = await db
      .select({
        assignmentId: pushEntries.assignmentId,
        sessionId: pushEntries.sessionId,
        status: pushEntries.status,
        outlookEventId: pushEntries.outlookEventId,
      })
      .from(pushEntries)
      .where(eq(pushEntries.connectionId, connection.id));
    const [tokens] = await db
      .select({ n: count() })
      .from(tokenCaches)
      .where(eq(tokenCaches.connectionId, connection.id));
    const [subscriptions] = await db
      .select({ n: count() })
      .from(calendarSubscriptions)
      .where(eq(calendarSubscriptions.connectionId, connection.id));
    connections.push({
      connectionId: connection.id,
      instructorId: connection.instructorId,
      status: connection.status,
      held: {
        mirroredEvents: await countOf(externalEvents),
        pullStates: await countOf(pullStates),
        notifiedChanges: await countOf(notifiedChanges),
        pushEntries: entries.length,
        tokenCaches: tokens!.n,
        subscriptions: subscriptions!.n,
      },
      pushEntries: entries,
    });
  }
  const unfinishedJobs = await db
    .select({
      functionId: jobRequests.functionId,
      state: jobRequests.state,
      attempt: jobRequests.attempt,
      eventData: jobRequests.eventData,
      lastError: jobRequests.lastError,
    })
    .from(jobRequests)
    .where(ne(jobRequests.state, "succeeded"));
  console.log(JSON.stringify({ connections, unfinishedJobs } satisfies InspectResult));
} finally {
  await opened.close();
}
