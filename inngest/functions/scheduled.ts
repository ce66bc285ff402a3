import { getDb } from "@/db/client";
import { systemContext } from "@/lib/services/context";
import { inngest } from "../client";
import { schedules } from "../schedules";

/** One cron function per schedule: a single step calling its service. */
export const scheduledFunctions = schedules.map((schedule) =>
  inngest.createFunction(
    { id: schedule.id, triggers: [{ cron: schedule.cron }], concurrency: { limit: 1 } },
    async ({ step }) => step.run(schedule.id, async () => schedule.run(systemContext(await getDb()))),
  ),
);
