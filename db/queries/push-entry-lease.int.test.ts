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
import { claimPushEntry, releasePushEntry, type PushEntryIdentity } from "./push-entry-lease";

let opened: OpenedDb;
let entry: () => PushEntryIdentity;
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
});

const rowOf = async (one: PushEntryIdentity) =>
  (await opened.db.select().from(pushEntries).where(eq(pushEntries.assignmentId, one.assignmentId)))[0]!;
