import { z } from "zod";
import type { ServiceContext } from "@/lib/context/service-context";
import { DomainError, NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { requestPull } from "./request-pull";

const input = z.object({ instructorIds: z.array(z.uuid()).min(1).max(500) });

export type RequestPullsResult = {
  queued: { instructorId: string; runId: string }[];
  skipped: { instructorId: string; reason: string }[];
};

/** Sync Calendar for the instructors an admin selected: one pull each; those that cannot sync are listed with why. */
export async function requestPulls({ ctx, input: raw }: { ctx: ServiceContext; input: unknown }) {
  const { instructorIds } = parseInput(input, raw);
  const result: RequestPullsResult = { queued: [], skipped: [] };
  for (const instructorId of new Set(instructorIds)) {
    try {
      const { runId } = await requestPull({ ctx, instructorId, trigger: "manual" });
      result.queued.push({ instructorId, runId });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      result.skipped.push({ instructorId, reason: error instanceof NotFoundError ? "not connected" : error.message });
    }
  }
  return result;
}
