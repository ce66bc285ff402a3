import { afterAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/create-test-db";
import { ManualClock } from "./clock";
import type { RunRecord } from "./in-process-runtime";
import { testRuntime } from "./testing/test-runtime";
import { caseFunctions, jobCases } from "./testing/job-cases";
import { driveUntil } from "./testing/drive";

// The in-process side of the shared table: the runtime must make the same attempts on its own.
const opened = await createTestDb();
afterAll(() => opened.close());

describe.each(jobCases)("in-process: $name", (c) => {
  it("makes the same attempts", async () => {
    const clock = new ManualClock("2026-11-24T10:00:00Z");
    const runs: RunRecord[] = [];
    const runtime = testRuntime({ db: opened.db, functions: caseFunctions, clock, onRunFinished: (r) => runs.push(r) });
    await runtime.send(c.event);
    const mine = () => runs.find((r) => r.functionId === c.fn.id());
    await driveUntil(runtime, clock, () => Boolean(mine()) && runtime.executingRuns === 0);
    const run = mine()!;
    expect(run.attempts.map((a) => (a.error ? { error: a.error.name } : "ok"))).toEqual(
      c.attempts.map((a) => ("error" in a ? { error: a.error } : "ok")),
    );
    const last = c.attempts.at(-1)!;
    if ("result" in last) expect(run).toMatchObject({ status: "succeeded", result: last.result });
    else expect(run.status).toBe("failed");
    const gaps = run.attempts.slice(1).map((a, i) => a.startedAt.getTime() - run.attempts[i]!.startedAt.getTime());
    expect(gaps).toEqual(c.delaysMs ?? []);
    expect(run.sleeps.map((s) => ({ id: s.id, ms: s.ms }))).toEqual(
      (c.sleeps ?? []).map((s) => ({ id: s.id, ms: s.ms })),
    );
    const slept = (c.sleeps ?? []).reduce((sum, s) => sum + s.ms, 0);
    expect(run.finishedAt!.getTime() - run.attempts.at(-1)!.startedAt.getTime()).toBe(slept);
    if (c.onFailure) expect(run.failureHandler).toEqual({ status: "succeeded", result: c.onFailure.result });
    else expect(run.failureHandler).toBeUndefined();
    for (const send of c.sends ?? [])
      expect(
        runs.some(
          (r) => r.event.name === send.event.name && JSON.stringify(r.event.data) === JSON.stringify(send.event.data),
        ),
      ).toBe(true);
    await runtime.shutdown();
  });
});
