import { eq } from "drizzle-orm";
import { Inngest } from "inngest";
import { afterAll, beforeAll, expect, it } from "vitest";
import { calendarConnections } from "@/db/schema";
import type { OpenedDb } from "@/db/open";
import { createTestDb } from "@/db/testing/create-test-db";
import { makeInstructor } from "@/db/testing/factories";
import type { ServiceContext } from "@/lib/context/service-context";
import { testContext } from "@/lib/testing/test-context";
import { inTransaction } from "@/lib/context/in-transaction";
import { syncPullRequested } from "../events";
import { InProcessRuntime, type RunRecord } from "./in-process-runtime";

let opened: OpenedDb;
let runtime: InProcessRuntime;
let ctx: ServiceContext;
const runs: RunRecord[] = [];

beforeAll(async () => {
  opened = await createTestDb();
  // A job that needs the row the sending transaction wrote.
  const readsConnection = new Inngest({ id: "after-commit" }).createFunction(
    { id: "reads-connection", triggers: [syncPullRequested] },
    async ({ event, step }) =>
      step.run("read", async () => {
        const [row] = await opened.db
          .select()
          .from(calendarConnections)
          .where(eq(calendarConnections.id, event.data.connectionId));
        return { found: Boolean(row) };
      }),
  );
  runtime = new InProcessRuntime({ functions: [readsConnection], onRunFinished: (r) => runs.push(r) });
  ctx = testContext({ db: opened.db, jobs: { send: async (events) => void (await runtime.send(events)) } });
});
afterAll(async () => {
  await runtime.shutdown();
  await opened.close();
});

async function connect(tx: ServiceContext) {
  const instructor = await makeInstructor(tx);
  const [connection] = await tx.db
    .insert(calendarConnections)
    .values({ instructorId: instructor.id, status: "connected", privacyMode: "default" })
    .returning();
  return connection!;
}
const runsFor = (connectionId: string) => runs.filter((r) => r.event.data.connectionId === connectionId);

it("sends an event from a transaction only after it commits, so the job sees its rows", async () => {
  const connection = await inTransaction(ctx, async (tx) => {
    const connection = await connect(tx);
    await tx.jobs.send({ name: "sync/pull.requested", data: { connectionId: connection.id, trigger: "manual" } });
    expect(runtime.liveRuns).toBe(0);
    return connection;
  });
  await runtime.whenIdle();
  expect(runsFor(connection.id).map((r) => r.result)).toEqual([{ found: true }]);
});

it("drops the events of a rolled-back transaction", async () => {
  let connectionId = "";
  await expect(
    inTransaction(ctx, async (tx) => {
      connectionId = (await connect(tx)).id;
      await tx.jobs.send({ name: "sync/pull.requested", data: { connectionId, trigger: "manual" } });
      throw new Error("rolled back");
    }),
  ).rejects.toThrow("rolled back");
  await runtime.whenIdle();
  expect(connectionId).not.toBe("");
  expect(runsFor(connectionId)).toEqual([]);
});

it("holds a nested transaction's events until the outermost commit", async () => {
  let connectionId = "";
  await expect(
    inTransaction(ctx, async (outer) => {
      await inTransaction(outer, async (inner) => {
        connectionId = (await connect(inner)).id;
        await inner.jobs.send({ name: "sync/pull.requested", data: { connectionId, trigger: "manual" } });
      });
      expect(runtime.liveRuns).toBe(0);
      throw new Error("outer rolled back");
    }),
  ).rejects.toThrow("outer rolled back");
  await runtime.whenIdle();
  expect(runsFor(connectionId)).toEqual([]);
});
