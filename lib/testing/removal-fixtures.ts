/**
 * Fixtures of the removal tests (lib/services/removal/*.int.test.ts): a connected instructor with our tagged
 * entries in Outlook, their own events, a mirror and delta state to purge; and readers of what is left in
 * the emulator's mailbox and in the database.
 */
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { expect } from "vitest";
import {
  assignments,
  calendarConnections,
  externalEvents,
  pullStates,
  pushEntries,
  syncRuns,
  tokenCaches,
} from "@/db/schema";
import { makeEvent } from "@/db/testing/factories";
import { discardJobs } from "@/lib/jobs/jobs";
import { batchWithRetry } from "@/lib/graph/batch-retry";
import { createEventStep } from "@/lib/graph/event-write-steps";
import { assignInstructor } from "@/lib/services/training/assign-instructor";
import { SYNC_KEY_PROPERTY_ID, syncKeyOf } from "@/lib/sync/extended-property";
import { connectInstructor, type Harness } from "./microsoft-harness";

export type MailboxEvent = {
  id: string;
  subject: string;
  singleValueExtendedProperties: { id: string; value: string }[];
};

/** Our entries among a mailbox's events: those carrying our extended property. */
export const ours = (events: MailboxEvent[]) =>
  events.filter((e) =>
    e.singleValueExtendedProperties.some((p) => p.id.toLowerCase() === SYNC_KEY_PROPERTY_ID.toLowerCase()),
  );

export const nothingLocal = { mirror: 0, pushEntries: 0, pullStates: 0, tokenCaches: 0 };

export type RemovalFixtures = ReturnType<typeof removalFixtures>;

export function removalFixtures(h: Harness, { tenantId, domain }: { tenantId: string; domain: string }) {
  const mailbox = async (userId: string) =>
    (await h.control<{ value: MailboxEvent[] }>("GET", `/users/${userId}/events`)).value;

  const at = (day: number, hour: number) => new Date(Date.UTC(2026, 11, 1 + day, hour)).toISOString().slice(0, 19);

  /**
   * A connected instructor with a real booking, `tagged` entries of ours in Outlook (pushed through Graph,
   * the first `recorded` of them also in push_entries, the first under the real booking), `own` events of
   * their own, and a mirror (external_events + pull_states) to purge.
   */
  async function seeded(options: { tagged: number; recorded: number; own: number }) {
    // Connected without its first pull and push: this test seeds the mirror and our entries itself.
    const liveJobs = h.ctx.jobs;
    h.ctx.jobs = discardJobs;
    const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId, domain }).finally(() => {
      h.ctx.jobs = liveJobs;
    });
    const [connection] = await h.db
      .select()
      .from(calendarConnections)
      .where(eq(calendarConnections.instructorId, instructor.id));
    const event = await makeEvent(h.ctx);
    // The booking is seeded without its push: this test places our tagged entries in Outlook itself.
    await assignInstructor({
      ctx: { ...h.ctx, jobs: discardJobs },
      eventId: event.event.id,
      instructorId: instructor.id,
      input: {},
    });
    const [assignment] = await h.db.select().from(assignments).where(eq(assignments.instructorId, instructor.id));
    const client = h.ctx.graph!.forConnection({ id: connection!.id, homeAccountId: connection!.homeAccountId! });

    const keys = Array.from({ length: options.tagged }, (_, i) =>
      i === 0
        ? { assignmentId: assignment!.id, sessionId: event.sessions[0]!.id, eventId: event.event.id }
        : { assignmentId: randomUUID(), sessionId: randomUUID(), eventId: randomUUID() },
    );
    const created: string[] = [];
    for (let i = 0; i < keys.length; i += 20) {
      const chunk = keys.slice(i, i + 20);
      const run = await batchWithRetry(
        client,
        chunk.map((k, j) =>
          createEventStep(String(j), {
            subject: `Training ${i + j}`,
            start: { dateTime: at(i + j, 9), timeZone: "UTC" },
            end: { dateTime: at(i + j, 17), timeZone: "UTC" },
            transactionId: randomUUID(),
            singleValueExtendedProperties: [
              { id: SYNC_KEY_PROPERTY_ID, value: syncKeyOf(k.assignmentId, k.sessionId) },
            ],
          }),
        ),
      );
      for (const answer of run.answers) {
        expect(answer.status).toBe(201);
        created.push((answer.body as { id: string }).id);
      }
    }
    // The booking's own entry already has its row (its save reserved it for a push that never runs).
    if (options.recorded)
      await h.db
        .insert(pushEntries)
        .values(
          keys.slice(0, options.recorded).map((k, i) => ({
            ...k,
            instructorId: instructor.id,
            connectionId: connection!.id,
            outlookEventId: created[i]!,
            status: "in_outlook" as const,
          })),
        )
        .onConflictDoUpdate({
          target: [pushEntries.assignmentId, pushEntries.sessionId],
          set: {
            outlookEventId: sql`excluded.outlook_event_id`,
            status: "in_outlook",
            leaseHolder: null,
            leaseUntil: null,
          },
        });
    for (let i = 0; i < options.own; i++)
      await h.control("POST", `/users/${emulatorUserId}/events`, {
        subject: `Own ${i}`,
        start: { dateTime: at(i % 60, 7), timeZone: "UTC" },
        end: { dateTime: at(i % 60, 8), timeZone: "UTC" },
      });
    await h.db.insert(externalEvents).values([
      ...(created.length
        ? [
            {
              connectionId: connection!.id,
              graphId: created[0]!,
              type: "singleInstance",
              startsAt: new Date(`${at(0, 9)}Z`),
              endsAt: new Date(`${at(0, 17)}Z`),
              showAs: "busy",
              isOurs: true,
              title: "Training 0",
            } as const,
          ]
        : []),
      {
        connectionId: connection!.id,
        graphId: `own-${randomUUID()}`,
        type: "singleInstance",
        startsAt: new Date(`${at(1, 7)}Z`),
        endsAt: new Date(`${at(1, 8)}Z`),
        showAs: "busy",
        title: "Own 1",
      },
    ]);
    await h.db.insert(pullStates).values({
      connectionId: connection!.id,
      deltaLink: "https://graph.example/delta",
      windowStart: new Date(),
      windowEnd: new Date(),
      baselineAt: new Date(),
    });
    return { instructor, emulatorUserId, connection: connection!, assignment: assignment!, event };
  }

  async function localRows(connectionId: string) {
    const count = async (table: typeof externalEvents | typeof pushEntries) =>
      (await h.db.select().from(table).where(eq(table.connectionId, connectionId))).length;
    return {
      mirror: await count(externalEvents),
      pushEntries: await count(pushEntries),
      pullStates: (await h.db.select().from(pullStates).where(eq(pullStates.connectionId, connectionId))).length,
      tokenCaches: (await h.db.select().from(tokenCaches).where(eq(tokenCaches.connectionId, connectionId))).length,
    };
  }
  const statusOf = async (connectionId: string) =>
    (await h.db.select().from(calendarConnections).where(eq(calendarConnections.id, connectionId)))[0]!.status;
  const runOf = async (runId: string) => (await h.db.select().from(syncRuns).where(eq(syncRuns.id, runId)))[0]!;
  return { mailbox, seeded, localRows, statusOf, runOf };
}
