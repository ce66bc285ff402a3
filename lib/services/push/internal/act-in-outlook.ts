import { sendInBatches, type BatchOutcome } from "@/lib/graph/batch-outcome";
import type { BatchStep, GraphCalendarClient } from "@/lib/graph/calendar-client";
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

type Failed = Exclude<BatchOutcome, { kind: "ok" }>;

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
 * (the first push after a connect searched the whole mailbox once), creates adopt what it found. lib/graph reads
 * each answer (sendInBatches: throttled sub-requests re-sent, then a typed outcome); what is not done or gone
 * becomes a failed outcome with its typed error.
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
  const fail = (op: OutlookOperation, outcome: Failed) => {
    errors.push(outcome.error);
    outcomes.set(op, { kind: "failed", error: outcome.error.message });
  };
  const send = async (steps: BatchStep[]) => {
    const run = await sendInBatches(client, steps);
    batches += run.batches;
    return run.outcomes;
  };

  const mayExist = (op: OutlookOperation) =>
    (op.kind === "create" && (op.searchFirst || mailbox)) || (op.kind === "delete" && !op.outlookEventId);
  const searched = mailbox ? [] : operations.filter(mayExist);
  const searchOutcomes = await send(
    searched.map((op, i) =>
      findByExtendedPropertyStep(`find-${i}`, SYNC_KEY_PROPERTY_ID, syncKeyOf(op.assignmentId, op.sessionId)),
    ),
  );
  const found = new Map<OutlookOperation, string[]>();
  if (mailbox)
    for (const op of operations.filter(mayExist))
      found.set(op, mailbox.get(syncKeyOf(op.assignmentId, op.sessionId)) ?? []);
  searched.forEach((op, i) => {
    const outcome = searchOutcomes[i]!;
    if (outcome.kind === "ok")
      found.set(
        op,
        ((outcome.body as { value?: { id: string }[] })?.value ?? []).map((e) => e.id),
      );
    else fail(op, outcome);
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
    // An entry already gone is no failure (a delete's goal is reached; an update's entry is re-created).
    const refused = [main!, ...extra].find((a): a is Failed => a.kind !== "ok" && a.kind !== "gone");
    if (main!.kind === "gone" && op.kind !== "delete") outcomes.set(op, { kind: "not_found" });
    else if (refused) fail(op, refused);
    else if (main!.kind !== "ok") outcomes.set(op, { kind: "not_found" });
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
