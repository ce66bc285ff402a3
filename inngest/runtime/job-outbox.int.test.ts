import { and, eq, sql } from "drizzle-orm";
import { Inngest } from "inngest";
import { afterAll, beforeAll, expect, it } from "vitest";
import { calendarConnections, jobRequests } from "@/db/schema";
import type { OpenedDb } from "@/db/open";
import { createTestDb } from "@/db/testing/create-test-db";
import { makeInstructor } from "@/db/testing/factories";
import type { ServiceContext } from "@/lib/context/service-context";
import { testContext } from "@/lib/testing/test-context";
import { inTransaction } from "@/lib/context/in-transaction";
import { syncPullRequested } from "../events";
import type { InProcessRuntime, RunRecord } from "./in-process-runtime";
import { testRuntime } from "./testing/test-runtime";

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
  runtime = testRuntime({ db: opened.db, functions: [readsConnection], onRunFinished: (r) => runs.push(r) });
  ctx = testContext({ db: opened.db, jobs: runtime.jobs });
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
/** Job requests recorded for the connection, read outside any transaction. */
const recorded = async (connectionId: string) =>
  (
    await opened.db
      .select({ n: sql<number>`count(*)::int` })
      .from(jobRequests)
      .where(
        and(eq(jobRequests.queue, runtime.queue), sql`${jobRequests.eventData}->>'connectionId' = ${connectionId}`),
      )
  )[0]!.n;

it("records the job in the transaction that needs it: committed with the change, and it then sees the change's rows", async () => {
  const connection = await inTransaction(ctx, async (tx) => {
    const connection = await connect(tx);
    await tx.jobs.send({ name: "sync/pull.requested", data: { connectionId: connection.id, trigger: "manual" } });
    return connection;
  });
  expect(await recorded(connection.id)).toBe(1);
  await runtime.whenIdle();
  await runtime.settled();
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
  expect(await recorded(connectionId)).toBe(0);
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
      throw new Error("outer rolled back");
    }),
  ).rejects.toThrow("outer rolled back");
  await runtime.whenIdle();
  expect(await recorded(connectionId)).toBe(0);
  expect(runsFor(connectionId)).toEqual([]);
});
