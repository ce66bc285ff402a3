import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenedDb } from "@/db/open";
import { calendarConnections } from "@/db/schema";
import { createTestDb } from "@/db/testing/create-test-db";
import { makeInstructor } from "@/db/testing/factories";
import { testContext } from "@/lib/testing/test-context";
import { claimPushEntry, releasePushEntry, type PushEntryIdentity } from "./push-entry-lease";

let opened: OpenedDb;
let entry: () => PushEntryIdentity;
const NOW = new Date("2026-11-20T12:00:00Z");
const TTL = 60_000;

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
      Array.from({ length: 20 }, (_, i) => claimPushEntry(opened.db, one, `worker-${i}`, NOW, TTL)),
    );
    const winners = claims.filter((c) => c !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ status: "pending", generation: 1, leaseUntil: new Date(NOW.getTime() + TTL) });
  });

  it("is free again once released or expired, and renewable by its holder", async () => {
    const one = entry();
    expect(await claimPushEntry(opened.db, one, "a", NOW, TTL)).not.toBeNull();
    expect(await claimPushEntry(opened.db, one, "b", NOW, TTL)).toBeNull();
    expect(await claimPushEntry(opened.db, one, "a", NOW, TTL)).not.toBeNull();
    await releasePushEntry(opened.db, one, "b"); // not b's to release
    expect(await claimPushEntry(opened.db, one, "b", NOW, TTL)).toBeNull();
    await releasePushEntry(opened.db, one, "a");
    expect(await claimPushEntry(opened.db, one, "b", NOW, TTL)).toMatchObject({ leaseHolder: "b" });
    const later = new Date(NOW.getTime() + TTL + 1); // b crashed
    expect(await claimPushEntry(opened.db, one, "c", later, TTL)).toMatchObject({ leaseHolder: "c" });
  });
});
