import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { OpenedDb } from "@/db/open";
import { instructors } from "@/db/schema";
import { createTestDb } from "@/db/testing/create-test-db";
import { makeInstructor } from "@/db/testing/factories";
import type { JobEvent } from "@/lib/jobs/jobs";
import { testContext } from "@/lib/testing/test-context";
import type { ServiceContext } from "./service-context";
import { inTransaction } from "./in-transaction";

let opened: OpenedDb;
let ctx: ServiceContext;
const sent: JobEvent[] = [];
const event = (connectionId: string): JobEvent => ({
  name: "sync/pull.requested",
  data: { connectionId, trigger: "manual" },
});

beforeAll(async () => {
  opened = await createTestDb();
  ctx = testContext({ db: opened.db, jobs: { send: async (e) => void sent.push(...[e].flat()) } });
});
afterAll(() => opened.close());

it("runs the tasks queued with beforeCommit after the work, inside the transaction, nested ones at the outermost end", async () => {
  const order: string[] = [];
  sent.length = 0;
  const person = await inTransaction(ctx, async (tx) => {
    const person = await makeInstructor(tx, { name: "Before" });
    tx.beforeCommit!(async (end) => {
      order.push("outer task");
      // It sees every change of the transaction, the nested one's included, and may change more.
      const [row] = await end.db.select().from(instructors).where(eq(instructors.id, person.id));
      expect(row!.name).toBe("Renamed in the nested call");
      await end.db.update(instructors).set({ name: "After" }).where(eq(instructors.id, person.id));
      await end.jobs.send(event("00000000-0000-4000-8000-000000000001"));
      expect(sent).toEqual([]); // held for the commit like any send
    });
    await inTransaction(tx, async (nested) => {
      nested.beforeCommit!(async () => void order.push("nested task"));
      await nested.db
        .update(instructors)
        .set({ name: "Renamed in the nested call" })
        .where(eq(instructors.id, person.id));
      order.push("nested work");
    });
    order.push("outer work");
    return person;
  });

  expect(order).toEqual(["nested work", "outer work", "outer task", "nested task"]);
  const [row] = await opened.db.select().from(instructors).where(eq(instructors.id, person.id));
  expect(row!.name).toBe("After");
  expect(sent).toHaveLength(1);
});

it("a task that fails rolls the transaction back, and nothing is sent", async () => {
  sent.length = 0;
  let id = "";
  await expect(
    inTransaction(ctx, async (tx) => {
      id = (await makeInstructor(tx)).id;
      await tx.jobs.send(event("00000000-0000-4000-8000-000000000002"));
      tx.beforeCommit!(async () => {
        throw new Error("refused at the end");
      });
    }),
  ).rejects.toThrow("refused at the end");
  expect(await opened.db.select().from(instructors).where(eq(instructors.id, id))).toEqual([]);
  expect(sent).toEqual([]);
});
