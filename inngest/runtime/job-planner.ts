import type { StandardSchemaV1 } from "inngest";
import type { NewJobRequest } from "@/db/queries/job-requests";
import { InvalidJobEventError } from "./errors";
import type { FunctionDefinition, RunEvent } from "./function-definition";

export type SendableEvent = { name: string; data?: Record<string, unknown>; id?: string };

export const CRON_EVENT = "inngest/scheduled.timer";

/** A person is waiting on it: runs first, and bulk work may never take the workers it needs. */
export const PRIORITY_PERSON = 0;
/** The cadences' fan-outs and sweeps: they converge eventually and yield to people. */
export const PRIORITY_BULK = 1;

const bulkTriggers = new Set(["hourly", "baseline"]);

/** Bulk when a cadence asked for it (a cron tick, an hourly or baseline trigger); otherwise a person is waiting. */
export function priorityOf(event: { name: string; data?: Record<string, unknown> }) {
  if (event.name === CRON_EVENT) return PRIORITY_BULK;
  return bulkTriggers.has(String(event.data?.trigger)) ? PRIORITY_BULK : PRIORITY_PERSON;
}

/**
 * Turns sent events into rows: in-process, one per function the event triggers, with the function's
 * concurrency and debounce keys read from its own options; relayed (Inngest configured), one per event,
 * for Inngest to fan out. Payloads are validated against the events' schemas here, at send, so a bad
 * payload fails the sender and never reaches the table.
 */
export class JobPlanner {
  private readonly byEvent = new Map<string, FunctionDefinition[]>();

  constructor(
    private readonly definitions: FunctionDefinition[],
    private readonly mode: { queue: string; relay: boolean },
  ) {
    for (const definition of definitions)
      for (const event of definition.events)
        this.byEvent.set(event.name, [...(this.byEvent.get(event.name) ?? []), definition]);
  }

  async plan(sent: SendableEvent[], now: Date): Promise<(NewJobRequest & { debounceMs?: number | null })[]> {
    const rows: (NewJobRequest & { debounceMs?: number | null })[] = [];
    for (const event of sent) {
      const definitions = this.byEvent.get(event.name) ?? [];
      let data = event.data ?? {};
      for (const schema of new Set(definitions.map((d) => d.events.find((e) => e.name === event.name)!.schema)))
        if (schema) data = await validated(schema, event.name, data);
      const base = {
        queue: this.mode.queue,
        eventName: event.name,
        eventData: data,
        idempotencyKey: event.id ? `event:${event.id}` : null,
        priority: priorityOf({ name: event.name, data }),
        runAfter: now,
        createdAt: now,
      };
      if (this.mode.relay) {
        rows.push({ ...base, functionId: null, concurrencyKey: null, debounceKey: null });
        continue;
      }
      for (const definition of definitions) rows.push(this.rowFor(definition, base, now));
    }
    return rows;
  }

  /** A cron tick of one function; the idempotency key makes the tick run once however many processes saw it. */
  cronTick(definition: FunctionDefinition, cron: string, at: Date, key: string): NewJobRequest {
    const base = {
      queue: this.mode.queue,
      eventName: CRON_EVENT,
      eventData: { cron },
      idempotencyKey: key,
      priority: PRIORITY_BULK,
      runAfter: at,
      createdAt: at,
    };
    return this.rowFor(definition, base, at);
  }

  private rowFor(
    definition: FunctionDefinition,
    base: Omit<NewJobRequest, "functionId" | "concurrencyKey" | "debounceKey">,
    now: Date,
  ) {
    const event: RunEvent = { id: "", name: base.eventName, data: base.eventData, ts: now.getTime() };
    const claim = definition.claims(event)[0];
    const debounce = definition.debounce;
    return {
      ...base,
      // Functions of this runtime declare at most one concurrency limit, of 1 (checked at start).
      functionId: definition.id,
      concurrencyKey: claim ? `${base.queue}:${claim.key}` : null,
      debounceKey: debounce ? `${base.queue}:${definition.id}:${debounce.key(event)}` : null,
      ...(debounce && { runAfter: new Date(now.getTime() + debounce.periodMs), debounceMs: debounce.timeoutMs }),
    };
  }
}

async function validated(schema: StandardSchemaV1, name: string, data: Record<string, unknown>) {
  const result = await schema["~standard"].validate(data);
  if (result.issues) throw new InvalidJobEventError(`Event ${name}: ${result.issues.map((i) => i.message).join("; ")}`);
  return result.value as Record<string, unknown>;
}
