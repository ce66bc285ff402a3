import { installJobs } from "@/lib/jobs/process-jobs";
import { inngest } from "../client";
import { appContext } from "@/lib/context/app-context";
import { createFunctions } from "../functions";
import { InProcessRuntime } from "./in-process-runtime";

const started = Symbol.for("calendar-sync.in-process-runtime");

/**
 * The embedded default (no Inngest configured): the app's functions run in this process. On
 * SIGTERM / SIGINT the runtime drains (queued and executing runs finish, up to 10 s; sleeping
 * ones are abandoned, and the schedules converge what they would have done). Next.js exits on
 * its own after its server closes; with NEXT_MANUAL_SIG_HANDLE set this handler exits instead.
 */
export function startInProcessJobs() {
  const holder = globalThis as { [started]?: InProcessRuntime };
  if (holder[started]) return holder[started];
  const runtime = new InProcessRuntime({ functions: createFunctions(appContext) });
  holder[started] = runtime;
  installJobs({ send: async (events) => void (await runtime.send(events)) });
  runtime.start();
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, async () => {
      const { drained, leftRunning } = await runtime.shutdown({ timeoutMs: 10_000 });
      console.info(`[jobs] stopped: ${drained} run(s) drained, ${leftRunning} left`);
      if (process.listenerCount(signal) === 0) process.exit(signal === "SIGTERM" ? 143 : 130);
    });
  }
  return runtime;
}

/** Inngest configured: events go to it, and it calls the same functions at /api/inngest. */
export function sendJobsToInngest() {
  installJobs({ send: async (events) => void (await inngest.send(events)) });
}
