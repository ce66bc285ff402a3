import type { ServiceContext } from "@/lib/context/service-context";
import type { DisconnectRequester } from "@/lib/sync/connection-state";
import { transitionConnection } from "../sync/transition-connection";

/** The removal job's last step: the disconnection is complete, as `by`'s (the requester recorded on the connection). */
export async function finishDisconnect({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { connectionId: string; by: DisconnectRequester };
}) {
  const moved = await transitionConnection({
    ctx,
    where: { connectionId: input.connectionId },
    event: { type: "removal_finished", by: input.by },
  });
  return { status: moved?.to ?? null };
}
