import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenedDb } from "@/db/open";
import { calendarConnections } from "@/db/schema";
import { createTestDb } from "@/db/testing/create-test-db";
import { makeInstructor } from "@/db/testing/factories";
import { testContext } from "@/lib/testing/test-context";
import { forgetNotedChanges, notedChanges, notedSummary, noteChanges } from "./notified-changes";

let opened: OpenedDb;
let connection: () => Promise<string>;
const NOW = new Date("2026-11-20T12:00:00Z");

beforeAll(async () => {
  opened = await createTestDb();
  const ctx = testContext({ db: opened.db });
  connection = async () => {
    const person = await makeInstructor(ctx);
    const [row] = await opened.db
      .insert(calendarConnections)
      .values({ instructorId: person.id, status: "connected", privacyMode: "full_private" })
      .returning();
    return row!.id;
  };
});
afterAll(() => opened.close());

const ids = async (connectionId: string) =>
  (await notedChanges(opened.db, connectionId, 100)).map((n) => [n.graphId, n.deleted]);

describe("notified changes", () => {
  it("a pull forgets the rows as it read them: an id noted again meanwhile waits for the next pull", async () => {
    const c = await connection();
    await noteChanges(
      opened.db,
      [
        { connectionId: c, graphId: "B", deleted: false },
        { connectionId: c, graphId: "A", deleted: true },
      ],
      NOW,
    );
    const read = await notedChanges(opened.db, c, 100);
    // During the pull: A and B are notified again (A's deletion sticks), C for the first time.
    await noteChanges(
      opened.db,
      ["A", "B", "C"].map((graphId) => ({ connectionId: c, graphId, deleted: false })),
      NOW,
    );
    await forgetNotedChanges(opened.db, c, { seqs: read.map((n) => n.seq) });
    expect(await ids(c)).toEqual([
      ["A", true],
      ["B", false],
      ["C", false],
    ]);

    const again = await notedChanges(opened.db, c, 100);
    await forgetNotedChanges(opened.db, c, { seqs: again.map((n) => n.seq) });
    expect(await ids(c)).toEqual([]);
  });

  it("a whole read forgets everything noted before it began, and nothing of another connection", async () => {
    const [c, other] = [await connection(), await connection()];
    await noteChanges(opened.db, [{ connectionId: other, graphId: "X", deleted: false }], NOW);
    await noteChanges(
      opened.db,
      ["A", "B"].map((graphId) => ({ connectionId: c, graphId, deleted: false })),
      NOW,
    );
    const before = await notedSummary(opened.db, c);
    expect(before.count).toBe(2);
    await noteChanges(opened.db, [{ connectionId: c, graphId: "late", deleted: false }], NOW);
    await forgetNotedChanges(opened.db, c, { upTo: before.latestSeq! });
    expect(await ids(c)).toEqual([["late", false]]);
    expect(await ids(other)).toEqual([["X", false]]);
    expect(await notedSummary(opened.db, await connection())).toEqual({ count: 0, latestSeq: null });
  });

  it("webhook calls noting the same ids at once all land (no deadlock, one row per id)", async () => {
    const c = await connection();
    const letters = "ABCDEFGHIJ".split("");
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        noteChanges(
          opened.db,
          (i % 2 ? [...letters].reverse() : letters).map((graphId) => ({ connectionId: c, graphId, deleted: i === 3 })),
          NOW,
        ),
      ),
    );
    expect(await ids(c)).toHaveLength(10);
    expect((await ids(c)).every(([, deleted]) => deleted)).toBe(true);
  });
});
