import { randomUUID } from "node:crypto";
import type { Clock } from "./clock";
import type { FunctionDefinition, RunEvent } from "./function-definition";
import { asJson, createStepTools } from "./step-tools";

export type FailureHandlerOutcome = {
  status: "succeeded" | "failed";
  result?: unknown;
  error?: { name: string; message: string };
};

/**
 * Inngest's `onFailure`: once a run has failed for good, its handler runs with the
 * `inngest/function.failed` event (the original event in `data.event`) and the final error, with one
 * retry, as Inngest gives it. Its steps are not saved: a restart runs the handler again from the start.
 */
export async function runFailureHandler(
  definition: FunctionDefinition,
  run: { runId: string; event: RunEvent; error: Error },
  host: { clock: Clock; signal: AbortSignal; send: (events: unknown) => Promise<{ ids: string[] }> },
): Promise<FailureHandlerOutcome> {
  const { error } = run;
  const failureEvent: RunEvent = {
    id: randomUUID(),
    name: "inngest/function.failed",
    data: {
      function_id: definition.id,
      run_id: run.runId,
      error: { name: error.name, message: error.message, stack: error.stack },
      event: run.event,
    },
    ts: host.clock.now().getTime(),
  };
  const memo = new Map<string, unknown>();
  let last: unknown;
  for (let attempt = 0; attempt < 2; attempt++) {
    const step = createStepTools(memo, { ...host, saved: async () => undefined });
    try {
      const result = await definition.onFailure!({
        event: failureEvent,
        events: [failureEvent],
        error,
        step,
        runId: randomUUID(),
        attempt,
        logger: console,
      });
      return { status: "succeeded", result: asJson(result) };
    } catch (thrown) {
      last = thrown;
    }
  }
  const described =
    last instanceof Error ? { name: last.name, message: last.message } : { name: "Error", message: String(last) };
  console.error(`[jobs] ${definition.id}: its onFailure handler failed: ${described.message}`);
  return { status: "failed", error: described };
}
