import { Cron } from "croner";

/**
 * The in-process runtime's reading of an Inngest cron (each job declares its cadence once), through
 * croner (docs/decisions/0002-cron-library.md): five fields, an optional `TZ=<zone>` prefix as Inngest
 * writes it. An expression croner cannot read, or one that never fires, is refused when the runtime
 * starts rather than misread.
 */
export type CronSchedule = { expression: string; next(after: Date): Date };

export function parseCron(expression: string): CronSchedule {
  const match = /^\s*TZ=(\S+)\s+(.*)$/.exec(expression);
  const timezone = match?.[1] ?? "UTC";
  const pattern = (match?.[2] ?? expression).trim();
  if (pattern.split(/\s+/).length !== 5) throw new Error(`Cron "${expression}": expected 5 fields`);
  // legacyMode: day of month and day of week are ORed when both are restricted, as in Vixie cron and Inngest.
  const cron = new Cron(pattern, { timezone, paused: true, legacyMode: true });
  if (!cron.nextRun(new Date(0))) throw new Error(`Cron "${expression}": never fires`);
  return {
    expression,
    next: (after) => {
      const next = cron.nextRun(after);
      if (!next) throw new Error(`Cron "${expression}": no time after ${after.toISOString()}`);
      return next;
    },
  };
}

/** The first time strictly after `after` that the schedule names. */
export const nextCronTime = (schedule: CronSchedule, after: Date): Date => schedule.next(after);
