import type { ServiceContext } from "@/lib/context/service-context";
import { transitionConnection } from "../sync/transition-connection";

/** The removal job's last step: the disconnection is complete. */
export async function finishDisconnect({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { connectionId: string; by: "instructor" | "admin" };
}) {
  const moved = await transitionConnection({
    ctx,
    where: { connectionId: input.connectionId },
    event: { type: "removal_finished", by: input.by },
  });
  return { status: moved?.to ?? null };
}
