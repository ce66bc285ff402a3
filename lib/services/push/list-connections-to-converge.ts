import { liveConnectionsToConverge } from "@/db/queries/push-connections";
import type { ServiceContext } from "@/lib/context/service-context";

/** The hourly cycle's fan-out: live connections with an entry to converge or a booking to keep. */
export async function listConnectionsToConverge({ ctx }: { ctx: ServiceContext }): Promise<string[]> {
  return (await liveConnectionsToConverge(ctx.db)).map((c) => c.id);
}
