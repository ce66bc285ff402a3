import { sendConnectionDigests } from "@/lib/services/removal/send-connection-digests";
import { inngest } from "../client";
import type { ContextSource } from "../context-source";

/** Hourly: each admin's daily digest of connection problems goes out at the first run of their day with news. */
export const createSendConnectionDigestsJob = (context: ContextSource) =>
  inngest.createFunction(
    { id: "send-connection-digests", triggers: [{ cron: "TZ=UTC 30 * * * *" }], concurrency: { limit: 1 } },
    async ({ step }) =>
      step.run("send-connection-digests", async () => sendConnectionDigests({ ctx: await context() })),
  );
