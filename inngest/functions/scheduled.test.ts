import { InngestTestEngine } from "@inngest/test";
import { expect, it } from "vitest";
import { scheduledFunctions } from "./scheduled";
import { schedules } from "../schedules";

it("defines one cron function per schedule, each a single step named after it", async () => {
  expect(scheduledFunctions.map((f) => f.id())).toEqual(schedules.map((s) => s.id));
  const [fn] = scheduledFunctions;
  // Mock the step so this unit test stays off the database; the service has its own integration test.
  const engine = new InngestTestEngine({ function: fn!, steps: [{ id: schedules[0]!.id, handler: () => ({ reminded: 2 }) }] });
  const { result } = await engine.execute({ events: [{ name: "inngest/scheduled.timer", data: { cron: schedules[0]!.cron } }] });
  expect(result).toEqual({ reminded: 2 });
});
