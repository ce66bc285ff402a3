/**
 * One claim takes a batch of due rows (an idle runtime starts a fan-out's runs a batch at a time), and the
 * batch keeps every rule a single claim kept: people's work first, bulk rows within their share, one
 * running row per concurrency key (a key already running, and two queued rows of one key, give one
 * claim at most), nothing not yet due, and rows another claim holds skipped.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenedDb } from "@/db/open";
import { jobRequests } from "@/db/schema";
import { createTestDb } from "@/db/testing/create-test-db";
import { claimDueJobs, insertJobRequests, type NewJobRequest } from "./job-requests";

let opened: OpenedDb;
beforeAll(async () => {
  opened = await createTestDb();
});
afterAll(() => opened.close());

const NOW = new Date("2026-12-07T10:00:00Z");
const at = (secondsFromNow: number) => new Date(NOW.getTime() + secondsFromNow * 1000);

function row(queue: string, name: string, extra: Partial<NewJobRequest> = {}): NewJobRequest {
  return {
    queue,
    eventName: "test/claim",
    eventData: { name },
    functionId: "claim-test",
    concurrencyKey: null,
    debounceKey: null,
    idempotencyKey: null,
    priority: 0,
    runAfter: at(-60),
    createdAt: at(-60),
    ...extra,
  };
}
const claim = (queue: string, limit: number, bulkLimit: number, leasedBy = "process:a") =>
  claimDueJobs(opened.db, { queue, now: NOW, leaseUntil: at(60), leasedBy, limit, bulkLimit });
const names = (rows: { eventData: Record<string, unknown> }[]) => rows.map((r) => r.eventData.name);

describe("claiming a batch of due rows", () => {
  it("takes people's rows first, bulk ones within their share, one per key, and only what is due", async () => {
    const queue = `test:${randomUUID()}`;
    const key = `key:${randomUUID()}`;
    const runningKey = `key:${randomUUID()}`;
    await insertJobRequests(opened.db, [
      row(queue, "bulk-1", { priority: 1, runAfter: at(-50) }),
      row(queue, "bulk-2", { priority: 1, runAfter: at(-40) }),
      row(queue, "bulk-3", { priority: 1, runAfter: at(-30) }),
      row(queue, "person-1", { runAfter: at(-20), concurrencyKey: key }),
      row(queue, "person-1-again", { runAfter: at(-10), concurrencyKey: key }),
      row(queue, "person-2", { runAfter: at(-5) }),
      row(queue, "person-later", { runAfter: at(30) }),
      row(queue, "already-running", { concurrencyKey: runningKey }),
      row(queue, "person-key-busy", { runAfter: at(-60), concurrencyKey: runningKey }),
    ]);
    // Another process runs the key's other row.
    const [running] = await opened.db
      .select()
      .from(jobRequests)
      .where(eq(jobRequests.concurrencyKey, runningKey))
      .orderBy(jobRequests.seq);
    await opened.db
      .update(jobRequests)
      .set({ state: "running", leasedBy: "process:other", leaseUntil: at(60) })
      .where(eq(jobRequests.id, running!.id));

    const first = await claim(queue, 5, 2);
    expect(first.contended).toBe(false);
    expect(names(first.rows)).toEqual(["person-1", "person-2", "bulk-1", "bulk-2"]);
    expect(first.rows.every((r) => r.state === "running" && r.leasedBy === "process:a")).toBe(true);

    // The key's second row waits for the first; the bulk share is spent; nothing else is due.
    expect(names((await claim(queue, 5, 0)).rows)).toEqual([]);
    expect(names((await claim(queue, 5, 1)).rows)).toEqual(["bulk-3"]);
  });

  it("stops at the limit, and a second process skips the rows the first one holds", async () => {
    const queue = `test:${randomUUID()}`;
    await insertJobRequests(
      opened.db,
      Array.from({ length: 10 }, (_, n) => row(queue, `run-${n}`, { runAfter: at(-60 + n) })),
    );
    const a = await claim(queue, 4, 4, "process:a");
    const b = await claim(queue, 4, 4, "process:b");
    expect(names(a.rows)).toEqual(["run-0", "run-1", "run-2", "run-3"]);
    expect(names(b.rows)).toEqual(["run-4", "run-5", "run-6", "run-7"]);
    expect(names((await claim(queue, 0, 0)).rows)).toEqual([]);
  });
});
