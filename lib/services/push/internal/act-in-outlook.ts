import type { BatchAnswer, BatchStep, GraphCalendarClient } from "@/lib/graph/calendar-client";
import { batchAnswerError, MAX_BATCH_STEPS } from "@/lib/graph/calendar-client";
import { batchWithRetry } from "@/lib/graph/batch-retry";
import {
  createEventStep,
  deleteEventStep,
  findByExtendedPropertyStep,
  updateEventStep,
} from "@/lib/graph/event-write-steps";
import { SYNC_KEY_PROPERTY_ID, syncKeyOf } from "@/lib/sync/extended-property";
import { outlookVersionOf } from "@/lib/sync/outlook-version";
import type { PushOperation, PushOutcome } from "@/lib/sync/plan-pushes";
import type { Event } from "@microsoft/microsoft-graph-types";

export type OutlookOperation = Extract<PushOperation, { kind: "create" | "update" | "delete" }>;

export type ActResult = {
  outcomes: Map<OutlookOperation, PushOutcome>;
  /** Creates that found their entry already in Outlook (a lost id, or a POST whose answer was lost). */
  recovered: Set<OutlookOperation>;
  /** The typed error of every failed answer (throttling, reconnect needed, …), for the run's verdict. */
  errors: Error[];
  batches: number;
};

/**
 * Carries out one connection's operations in `$batch` requests of at most 20: first one GET per
 * create that may already exist (`searchFirst`: an earlier attempt was recorded) and per delete
 * without an id, looking for the entry by its extended property, so a lost id or a POST whose
 * answer never came is recovered instead of duplicated; then the writes (a found entry is PATCHed
 * to the content instead of POSTed; extra copies are deleted). A first create skips the search, so
 * activating an event costs one `$batch` round per mailbox (its POST still carries `transactionId`). With `mailbox`
 * (the first push after a connect searched the whole mailbox once), creates adopt what it found. Sub-requests that
 * got 429/503/504 are re-sent by batchWithRetry; what stays refused becomes a failed outcome.
 */
export async function actInOutlook(
  client: GraphCalendarClient,
  operations: OutlookOperation[],
  /** Every tagged entry of the mailbox by sync key, from one search of it: no operation searches on its own. */
  mailbox?: ReadonlyMap<string, string[]>,
): Promise<ActResult> {
  const outcomes = new Map<OutlookOperation, PushOutcome>();
  const recovered = new Set<OutlookOperation>();
  const errors: Error[] = [];
  let batches = 0;
  const fail = (op: OutlookOperation, answer: BatchAnswer) => {
    const error = batchAnswerError(answer) ?? new Error(`Graph answered ${answer.status}`);
    errors.push(error);
    outcomes.set(op, { kind: "failed", error: error.message });
  };
  const send = async (steps: BatchStep[]) => {
    const answers: BatchAnswer[] = [];
    for (let i = 0; i < steps.length; i += MAX_BATCH_STEPS) {
      const run = await batchWithRetry(client, steps.slice(i, i + MAX_BATCH_STEPS));
      batches += run.batches;
      answers.push(...run.answers);
    }
    return answers;
  };

  const mayExist = (op: OutlookOperation) =>
    (op.kind === "create" && (op.searchFirst || mailbox)) || (op.kind === "delete" && !op.outlookEventId);
  const searched = mailbox ? [] : operations.filter(mayExist);
  const searchAnswers = await send(
    searched.map((op, i) =>
      findByExtendedPropertyStep(`find-${i}`, SYNC_KEY_PROPERTY_ID, syncKeyOf(op.assignmentId, op.sessionId)),
    ),
  );
  const found = new Map<OutlookOperation, string[]>();
  if (mailbox)
    for (const op of operations.filter(mayExist))
      found.set(op, mailbox.get(syncKeyOf(op.assignmentId, op.sessionId)) ?? []);
  searched.forEach((op, i) => {
    const answer = searchAnswers[i]!;
    if (answer.status >= 200 && answer.status < 300)
      found.set(
        op,
        ((answer.body as { value?: { id: string }[] })?.value ?? []).map((e) => e.id),
      );
    else fail(op, answer);
  });

  // Each operation's steps: the first decides its outcome, the rest remove extra copies.
  const stepsOf = new Map<OutlookOperation, BatchStep[]>();
  let n = 0;
  const id = () => `w-${n++}`;
  for (const op of operations) {
    if (outcomes.has(op)) continue;
    if (op.kind === "create") {
      const [existing, ...extra] = found.get(op) ?? [];
      if (existing) recovered.add(op);
      stepsOf.set(op, [
        existing
          ? updateEventStep(id(), existing, op.content)
          : createEventStep(id(), { ...op.content, transactionId: op.transactionId }),
        ...extra.map((e) => deleteEventStep(id(), e)),
      ]);
    } else if (op.kind === "update") {
      stepsOf.set(op, [updateEventStep(id(), op.outlookEventId, op.content)]);
    } else {
      const ids = op.outlookEventId ? [op.outlookEventId] : (found.get(op) ?? []);
      if (!ids.length) outcomes.set(op, { kind: "not_found" });
      else
        stepsOf.set(
          op,
          ids.map((e) => deleteEventStep(id(), e)),
        );
    }
  }
  const writeSteps = [...stepsOf.values()].flat();
  const answers = new Map((await send(writeSteps)).map((a) => [a.id, a]));

  for (const [op, steps] of stepsOf) {
    const [main, ...extra] = steps.map((s) => answers.get(s.id)!);
    const refused = [main!, ...extra].find((a) => a.status >= 300 && a.status !== 404);
    if (main!.status === 404 && op.kind !== "delete") outcomes.set(op, { kind: "not_found" });
    else if (refused) fail(op, refused);
    else if (main!.status === 404) outcomes.set(op, { kind: "not_found" });
    else {
      const written = op.kind === "delete" ? undefined : (main!.body as Event | undefined);
      outcomes.set(op, {
        kind: "ok",
        outlookEventId: op.kind === "create" ? (found.get(op)?.[0] ?? written?.id ?? undefined) : undefined,
        // The version our create or update left (Pull tells an instructor's edit from ours by it).
        ...(written && { version: outlookVersionOf(written) }),
      });
    }
  }
  return { outcomes, recovered, errors, batches };
}
