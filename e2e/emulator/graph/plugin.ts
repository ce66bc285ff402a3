/**
 * The Graph v1.0 calendar half of the Microsoft 365 emulator as a plugin (registered in
 * ../plugins.ts): routes on the identity half's server, behind its request log and fault injection,
 * with mailboxes rebuilt from the identity state on every reset. Faithfulness per route: README.md.
 */
import { Router } from "../core/router";
import type { EmulatorContext, EmulatorPlugin } from "../core/types";
import { batchRoutes } from "./routes/batch";
import { calendarViewRoutes } from "./routes/calendar-view";
import { graphControlRoutes } from "./routes/control";
import { realismControlRoutes } from "./routes/control-realism";
import { meetingControlRoutes, meetingRoutes } from "./routes/meetings";
import { deltaRoutes } from "./routes/delta";
import { eventRoutes } from "./routes/events";
import { GraphRuntime } from "./routes/runtime";
import { subscriptionRoutes } from "./routes/subscriptions";
import { usersCalendarsRoutes } from "./routes/users-calendars";

export function graphPlugin(ctx: EmulatorContext): EmulatorPlugin {
  const rt = new GraphRuntime(ctx);
  // Delta before calendarView is not needed (different segment counts), but list order is match order.
  const graph = [
    ...usersCalendarsRoutes(rt),
    ...eventRoutes(rt),
    ...meetingRoutes(rt),
    ...calendarViewRoutes(rt),
    ...deltaRoutes(rt),
    ...subscriptionRoutes(rt),
  ];
  // $batch sub-requests are routed among the Graph routes only (no nested batches, no control API).
  const graphRouter = new Router();
  graphRouter.addAll(graph);
  return {
    name: "graph-calendar",
    routes: [
      ...graph,
      ...batchRoutes(rt, graphRouter),
      ...graphControlRoutes(rt),
      ...realismControlRoutes(rt),
      ...meetingControlRoutes(rt),
    ],
    reset: () => rt.reset(),
    close: () => rt.close(),
  };
}
