import { getDb } from "@/db/client";
import { installJobs } from "@/lib/jobs/process-jobs";
import { appContext } from "@/lib/context/app-context";
import { env } from "@/lib/env";
import { inngest } from "../client";
import { createFunctions } from "../functions";
import { InProcessRuntime } from "./in-process-runtime";
import { InngestRelay } from "./inngest-relay";

const started = Symbol.for("calendar-sync.in-process-runtime");

/**
 * The embedded default (no Inngest configured): the app's functions run in this process, from the
 * job_requests table. On SIGTERM / SIGINT attempts executing finish (up to 10 s); everything else
 * stays recorded and the next start resumes it, as it does after a kill -9.
 */
export async function startInProcessJobs() {
  const holder = globalThis as { [started]?: InProcessRuntime };
  if (holder[started]) return holder[started];
  const runtime = new InProcessRuntime({
    db: await getDb(),
    functions: createFunctions(appContext),
    // PGlite: this process is the database's only user, so whatever it finds running was left by a dead one.
    exclusiveDatabase: !env().DATABASE_URL,
  });
  holder[started] = runtime;
  installJobs(runtime.jobs);
  runtime.start();
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, async () => {
      const { drained, leftRunning } = await runtime.shutdown({ timeoutMs: 10_000 });
      console.info(`[jobs] stopped: ${drained} attempt(s) finished, ${leftRunning} left to resume on the next start`);
      if (process.listenerCount(signal) === 0) process.exit(signal === "SIGTERM" ? 143 : 130);
    });
  }
  return runtime;
}

/**
 * Inngest configured: requests are recorded in the same transactions (the outbox) and relayed to
 * Inngest, which calls the same functions at /api/inngest. The relay sends right after each commit;
 * what it could not send is sent again by a timer here and by the every-minute sweep (on a serverless
 * host, where no timer outlives a request).
 */
export async function sendJobsToInngest() {
  const relay = new InngestRelay({
    db: await getDb(),
    functions: createFunctions(appContext),
    send: (events) => inngest.send(events),
  });
  installJobs(relay.jobs);
  relay.startTimer();
}
