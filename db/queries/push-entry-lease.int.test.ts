import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenedDb } from "@/db/open";
import { calendarConnections } from "@/db/schema";
import { createTestDb } from "@/db/testing/create-test-db";
import { makeInstructor } from "@/db/testing/factories";
import { ConnectionFencedError } from "@/lib/sync/connection-fence";
import { testContext } from "@/lib/testing/test-context";
import { eq } from "drizzle-orm";
import { pushEntries } from "@/db/schema";
import {
  claimPushEntry,
  leasePreparedEntries,
  releasePushEntry,
  takePreparedEntries,
  type PreparedOperation,
  type PushEntryIdentity,
} from "./push-entry-lease";

let opened: OpenedDb;
let entry: () => PushEntryIdentity;
let connectionId: string;
const NOW = new Date("2026-11-20T12:00:00Z");
const TTL = 60_000;
/** The removal fence every claim here was read at: the connection's first generation. */
const FENCE = { generation: 1 };

beforeAll(async () => {
  opened = await createTestDb();
  const person = await makeInstructor(testContext({ db: opened.db }));
  const [connection] = await opened.db
    .insert(calendarConnections)
    .values({ instructorId: person.id, status: "connected", privacyMode: "default" })
    .returning();
  connectionId = connection!.id;
  entry = () => ({
    assignmentId: randomUUID(),
    sessionId: randomUUID(),
    eventId: randomUUID(),
    instructorId: person.id,
    connectionId: connection!.id,
  });
});
afterAll(() => opened.close());

describe("push entry lease", () => {
  it("of 20 pushes racing for one entry, exactly one holds it", async () => {
    const one = entry();
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) => claimPushEntry(opened.db, one, `worker-${i}`, NOW, TTL, FENCE)),
    );
    const winners = claims.filter((c) => c !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ status: "pending", generation: 1, leaseUntil: new Date(NOW.getTime() + TTL) });
  });

  it("is free again once released or expired, and renewable by its holder", async () => {
    const one = entry();
    expect(await claimPushEntry(opened.db, one, "a", NOW, TTL, FENCE)).not.toBeNull();
    expect(await claimPushEntry(opened.db, one, "b", NOW, TTL, FENCE)).toBeNull();
    expect(await claimPushEntry(opened.db, one, "a", NOW, TTL, FENCE)).not.toBeNull();
    await releasePushEntry(opened.db, one, "b"); // not b's to release
    expect(await claimPushEntry(opened.db, one, "b", NOW, TTL, FENCE)).toBeNull();
    await releasePushEntry(opened.db, one, "a");
    expect(await claimPushEntry(opened.db, one, "b", NOW, TTL, FENCE)).toMatchObject({ leaseHolder: "b" });
    const later = new Date(NOW.getTime() + TTL + 1); // b crashed
    expect(await claimPushEntry(opened.db, one, "c", later, TTL, FENCE)).toMatchObject({ leaseHolder: "c" });
  });
});

describe("the removal fence on claims (lib/sync/connection-fence.ts)", () => {
  /** A connection of its own whose removal has begun: its generation moved on to 2, its status disconnecting. */
  async function removalBegun() {
    const person = await makeInstructor(testContext({ db: opened.db }));
    const [connection] = await opened.db
      .insert(calendarConnections)
      .values({
        instructorId: person.id,
        status: "disconnecting",
        disconnectRequestedBy: "admin",
        privacyMode: "default",
        generation: 2,
      })
      .returning();
    return { ...entry(), instructorId: person.id, connectionId: connection!.id };
  }

  it("a push that read the connection before its removal began claims nothing, new row or existing one", async () => {
    const one = await removalBegun();
    await expect(claimPushEntry(opened.db, one, "push:late", NOW, TTL, FENCE)).rejects.toBeInstanceOf(
      ConnectionFencedError,
    );
    expect(await opened.db.select().from(pushEntries).where(eq(pushEntries.connectionId, one.connectionId))).toEqual(
      [],
    );
    await opened.db.insert(pushEntries).values({ ...one, status: "in_outlook", outlookEventId: "AAMk-1" });
    await expect(claimPushEntry(opened.db, one, "push:late", NOW, TTL, FENCE)).rejects.toBeInstanceOf(
      ConnectionFencedError,
    );
    expect((await rowOf(one)).leaseHolder).toBeNull();
  });

  it("nor does one that read it at the new generation: a disconnecting connection is not live", async () => {
    const one = await removalBegun();
    await expect(claimPushEntry(opened.db, one, "push:new", NOW, TTL, { generation: 2 })).rejects.toBeInstanceOf(
      ConnectionFencedError,
    );
  });

  it("a reservation made before the removal began is not taken up after it", async () => {
    const one = await removalBegun();
    await leasePreparedEntries(
      opened.db,
      [{ entry: one, planned: null, operation: operation(one) }],
      "prepared:c",
      NOW,
      TTL,
    );
    const taken = await takePreparedEntries(opened.db, {
      connectionId: one.connectionId,
      eventIds: [one.eventId],
      prepared: "prepared:c",
      holder: "push:late",
      now: NOW,
      ttlMs: TTL,
    });
    expect(taken).toMatchObject({ connection: { status: "disconnecting", generation: 2 }, operations: [] });
    expect((await rowOf(one)).leaseHolder).toBe("prepared:c");
  });
});

const operation = (one: PushEntryIdentity, searchFirst = false): PreparedOperation => ({
  kind: "create",
  assignmentId: one.assignmentId,
  sessionId: one.sessionId,
  eventId: one.eventId,
  instructorId: one.instructorId,
  connectionId: one.connectionId,
  generation: 1,
  searchFirst,
  transactionId: randomUUID(),
  content: { subject: "Course", singleValueExtendedProperties: [] },
  contentHash: "hash",
});
const rowOf = async (one: PushEntryIdentity) =>
  (await opened.db.select().from(pushEntries).where(eq(pushEntries.assignmentId, one.assignmentId)))[0]!;
const planned = { outlookEventId: null, contentHash: null, status: "pending" as const, generation: 1 };
const take = (eventIds: string[], prepared: string, holder: string, now = NOW) =>
  takePreparedEntries(opened.db, { connectionId, eventIds, prepared, holder, now, ttlMs: TTL });

describe("reservations a saving transaction makes for its push job", () => {
  it("reserves new entries, and existing ones only while as planned and free of a push's lease", async () => {
    const [fresh, asPlanned, changed, held, reservedElsewhere] = Array.from({ length: 5 }, entry);
    for (const one of [asPlanned!, changed!, held!, reservedElsewhere!])
      await claimPushEntry(opened.db, one, "setup", NOW, TTL, FENCE).then(() =>
        releasePushEntry(opened.db, one, "setup"),
      );
    await opened.db
      .update(pushEntries)
      .set({ contentHash: "changed meanwhile" })
      .where(eq(pushEntries.assignmentId, changed!.assignmentId));
    await claimPushEntry(opened.db, held!, "push:running", NOW, TTL, FENCE);
    await leasePreparedEntries(
      opened.db,
      [{ entry: reservedElsewhere!, planned, operation: operation(reservedElsewhere!) }],
      "prepared:earlier",
      NOW,
      TTL,
    );

    const leased = await leasePreparedEntries(
      opened.db,
      [fresh!, asPlanned!, changed!, held!, reservedElsewhere!].map((one, i) => ({
        entry: one,
        planned: i === 0 ? null : planned,
        operation: operation(one, i > 0),
      })),
      "prepared:now",
      NOW,
      TTL,
    );

    expect([...leased].sort()).toEqual(
      [fresh!, asPlanned!, reservedElsewhere!].map((e) => `${e.assignmentId}/${e.sessionId}`).sort(),
    );
    expect(await rowOf(fresh!)).toMatchObject({
      status: "pending",
      leaseHolder: "prepared:now",
      preparedOperation: { kind: "create", searchFirst: false },
    });
    expect((await rowOf(changed!)).leaseHolder).toBeNull();
    expect((await rowOf(held!)).leaseHolder).toBe("push:running");
    expect((await rowOf(reservedElsewhere!)).leaseHolder).toBe("prepared:now");
  });

  it("is taken up once, by its job, while unexpired and the connection is live", async () => {
    const one = entry();
    const reserve = (holder: string) =>
      leasePreparedEntries(opened.db, [{ entry: one, planned: null, operation: operation(one) }], holder, NOW, TTL);
    await reserve("prepared:a");

    expect((await take([one.eventId], "prepared:other", "push:x"))!.operations).toEqual([]);
    expect((await take([randomUUID()], "prepared:a", "push:x"))!.operations).toEqual([]);
    const later = new Date(NOW.getTime() + TTL + 1);
    expect((await take([one.eventId], "prepared:a", "push:x", later))!.operations).toEqual([]);
    await opened.db
      .update(calendarConnections)
      .set({ status: "reconnect_needed" })
      .where(eq(calendarConnections.id, connectionId));
    const notLive = await take([one.eventId], "prepared:a", "push:x");
    await opened.db
      .update(calendarConnections)
      .set({ status: "connected" })
      .where(eq(calendarConnections.id, connectionId));
    expect(notLive).toMatchObject({ connection: { id: connectionId, status: "reconnect_needed" }, operations: [] });

    const taken = await take([one.eventId], "prepared:a", "push:run");
    expect(taken).toMatchObject({ connection: { id: connectionId, status: "connected" } });
    expect(taken!.operations).toEqual([operation(one)].map((o) => ({ ...o, transactionId: expect.any(String) })));
    expect(await rowOf(one)).toMatchObject({ leaseHolder: "push:run", preparedOperation: null });
    expect((await take([one.eventId], "prepared:a", "push:again"))!.operations).toEqual([]);
    // Taken up, it is a push's lease like any other: no claim takes it over.
    expect(await claimPushEntry(opened.db, one, "push:other", NOW, TTL, FENCE)).toBeNull();
  });

  it("is taken over by any push; a create never sent stays a first claim (no search needed)", async () => {
    const [unsent, searched] = [entry(), entry()];
    await leasePreparedEntries(
      opened.db,
      [
        { entry: unsent, planned: null, operation: operation(unsent) },
        { entry: searched, planned: null, operation: operation(searched, true) },
      ],
      "prepared:b",
      NOW,
      TTL,
    );

    expect(await claimPushEntry(opened.db, unsent, "push:other", NOW, TTL, FENCE)).toMatchObject({
      leaseHolder: "push:other",
      preparedOperation: null,
      firstClaim: true,
    });
    expect(await claimPushEntry(opened.db, searched, "push:other", NOW, TTL, FENCE)).toMatchObject({
      firstClaim: false,
    });
    expect((await take([unsent.eventId, searched.eventId], "prepared:b", "push:late"))!.operations).toEqual([]);
  });
});
