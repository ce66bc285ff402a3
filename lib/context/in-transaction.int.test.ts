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

it("a nested call's sends are held until the outermost commit, and sent once with the outer ones", async () => {
  sent.length = 0;
  const person = await inTransaction(ctx, async (tx) => {
    const person = await makeInstructor(tx, { name: "Before" });
    await tx.jobs.send(event("00000000-0000-4000-8000-000000000001"));
    await inTransaction(tx, async (nested) => {
      await nested.db.update(instructors).set({ name: "After" }).where(eq(instructors.id, person.id));
      await nested.jobs.send(event("00000000-0000-4000-8000-000000000003"));
    });
    expect(sent).toEqual([]); // held for the commit, the nested call's too
    return person;
  });

  const [row] = await opened.db.select().from(instructors).where(eq(instructors.id, person.id));
  expect(row!.name).toBe("After");
  expect(sent).toHaveLength(2);
});

it("work that fails rolls the transaction back, and nothing is sent", async () => {
  sent.length = 0;
  let id = "";
  await expect(
    inTransaction(ctx, async (tx) => {
      id = (await makeInstructor(tx)).id;
      await tx.jobs.send(event("00000000-0000-4000-8000-000000000002"));
      throw new Error("refused at the end");
    }),
  ).rejects.toThrow("refused at the end");
  expect(await opened.db.select().from(instructors).where(eq(instructors.id, id))).toEqual([]);
  expect(sent).toEqual([]);
});
