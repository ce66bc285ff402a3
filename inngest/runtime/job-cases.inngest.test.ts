import { InngestTestEngine, mockCtx } from "@inngest/test";
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
