import { durationToMs, type InngestFunction, type StandardSchemaV1 } from "inngest";
import type { SlotClaim } from "./slots";

export type RunEvent = { id: string; name: string; data: Record<string, unknown>; ts: number };
/** The handler an Inngest function was created with; the in-process runtime calls it itself. */
export type JobHandler = (ctx: Record<string, unknown>) => Promise<unknown>;

/** What the in-process runtime needs to know about one Inngest function, read from its own options. */
export type FunctionDefinition = {
  id: string;
  events: { name: string; schema?: StandardSchemaV1 }[];
  crons: string[];
  /** Attempts after the first; Inngest's default is 4. */
  retries: number;
  claims: (event: RunEvent) => SlotClaim[];
  /**
   * Inngest's `debounce`: events with the same key wait `periodMs` after the latest one (at most
   * `timeoutMs` after the first), then one run starts with the latest event.
   */
  debounce: { key: (event: RunEvent) => string; periodMs: number; timeoutMs: number | null } | null;
  handler: JobHandler;
  /** `onFailure`: called once the run has failed for good (retries exhausted or a NonRetriableError). */
  onFailure?: JobHandler;
};

type Concurrency = { limit: number; key?: string; scope?: string };

/**
 * Reads an Inngest function's options. The handler is the one given to `createFunction`: Inngest
 * keeps it on the function object and its own test engine reads it the same way, so this is the
 * single place that depends on that detail (the runtime tests fail if it moves).
 */
export function readFunction(fn: InngestFunction.Any): FunctionDefinition {
  const opts = fn.opts;
  const handler = (fn as unknown as { fn?: JobHandler }).fn;
  if (typeof handler !== "function") throw new Error(`Function ${fn.id()}: its handler is not reachable`);
  const events: FunctionDefinition["events"] = [];
  const crons: string[] = [];
  for (const trigger of opts.triggers ?? []) {
    if ("cron" in trigger && trigger.cron) crons.push(trigger.cron);
    else if ("event" in trigger && trigger.event) {
      if ((trigger as { if?: string }).if)
        throw new Error(`Function ${fn.id()}: trigger conditions are not supported in-process`);
      // A trigger is an EventType (its `event` is the name, its `schema` beside it) or { event, schema? }.
      const event = trigger.event as string | { name: string; schema?: StandardSchemaV1 };
      const schema =
        (trigger as { schema?: StandardSchemaV1 }).schema ?? (typeof event === "string" ? undefined : event.schema);
      events.push({ name: typeof event === "string" ? event : event.name, schema });
    }
  }
  const limits = ([] as Concurrency[]).concat(
    typeof opts.concurrency === "number"
      ? [{ limit: opts.concurrency }]
      : ((opts.concurrency as Concurrency | Concurrency[] | undefined) ?? []),
  );
  const id = fn.id();
  const debounce = opts.debounce as { key?: string; period: string | number; timeout?: string | number } | undefined;
  const keyReaders = limits.map((c) => ({ limit: c.limit, read: c.key ? eventPath(id, c.key) : () => "" }));
  return {
    id,
    events,
    crons,
    retries: opts.retries ?? 4,
    claims: (event) =>
      keyReaders.filter((k) => k.limit > 0).map((k) => ({ key: `${id}:${k.read(event)}`, limit: k.limit })),
    debounce: debounce
      ? {
          key: debounce.key ? eventPath(id, debounce.key) : () => "",
          periodMs: durationToMs(debounce.period),
          timeoutMs: debounce.timeout === undefined ? null : durationToMs(debounce.timeout),
        }
      : null,
    handler,
    onFailure: opts.onFailure as JobHandler | undefined,
  };
}

/** Concurrency and debounce keys are expressions over the event; in-process supports plain paths (`event.data.connectionId`). */
function eventPath(functionId: string, expression: string): (event: RunEvent) => string {
  const match = /^event\.((?:[A-Za-z_$][\w$]*)(?:\.[A-Za-z_$][\w$]*)*)$/.exec(expression.trim());
  if (!match) throw new Error(`Function ${functionId}: key "${expression}" is not a plain event path`);
  const path = match[1]!.split(".");
  return (event) =>
    JSON.stringify(
      path.reduce<unknown>((value, part) => (value as Record<string, unknown> | undefined)?.[part], event) ?? null,
    );
}
