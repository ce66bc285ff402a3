import { InngestTestEngine, mockCtx } from "@inngest/test";
import { Inngest } from "inngest";
import { describe, expect, it } from "vitest";
import { jobCases } from "./testing/job-cases";

// Inngest's side of the shared table. A fresh engine per attempt: an engine memoises step results
// across executions (stack-notes §4.6). Sleeps and sends are mocked steps: the engine would
// otherwise wait on the sleep, and sending needs an event key.
describe.each(jobCases)("on Inngest: $name", (c) => {
  it.each(c.attempts.map((expected, attempt) => ({ expected, attempt })))(
    "attempt $attempt",
    async ({ expected, attempt }) => {
      const engine = new InngestTestEngine({
        function: c.fn,
        transformCtx: (ctx) => ({ ...mockCtx(ctx), attempt }),
        steps: [
          ...(c.sleeps ?? []).map((s) => ({ id: s.id, handler: () => undefined })),
          ...(c.sends ?? []).map((s) => ({ id: s.id, handler: () => ({ ids: ["1"] }) })),
        ],
      });
      const output = await engine.execute({ events: [c.event] });
      if ("result" in expected) expect(output.result).toEqual(expected.result);
      else expect((output as { error?: { name?: string } }).error?.name).toBe(expected.error);
      for (const sleep of c.sleeps ?? []) expect(output.ctx.step.sleep).toHaveBeenCalledWith(sleep.id, sleep.duration);
      for (const send of c.sends ?? [])
        expect(output.ctx.step.sendEvent).toHaveBeenCalledWith(send.id, expect.objectContaining(send.event));
    },
  );
});

// Inngest runs `onFailure` as a function of its own (`<id>-failure`, triggered by `inngest/function.failed`
// with the original event in `data.event`). @inngest/test cannot call it directly, so the same handler is
// wrapped in such a function and given the failure event and error Inngest would give it.
const failureClient = new Inngest({ id: "job-cases" });
describe.each(jobCases.filter((c) => c.onFailure))("on Inngest, onFailure: $name", (c) => {
  it("receives the original event and the final error", async () => {
    const handler = (c.fn.opts as { onFailure: (ctx: never) => unknown }).onFailure;
    const failure = failureClient.createFunction(
      { id: `${c.fn.id()}-failure`, triggers: [{ event: "inngest/function.failed" }] },
      handler as never,
    );
    const finalError = new Error(c.onFailure!.finalError);
    const engine = new InngestTestEngine({
      function: failure,
      transformCtx: (ctx) => ({ ...mockCtx(ctx), error: finalError }),
    });
    const output = await engine.execute({
      events: [
        {
          name: "inngest/function.failed",
          data: {
            function_id: `job-cases-${c.fn.id()}`,
            run_id: "01J0000000000000000000000",
            error: { name: "Error", message: finalError.message },
            event: { ...c.event, id: "1", ts: 0 },
          },
        },
      ],
    });
    expect(output.result).toEqual(c.onFailure!.result);
  });
});
